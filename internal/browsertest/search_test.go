package browsertest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dudao/dudao/internal/search"
)

// queries a reader of the example site types: the first result each must
// show, or "" for no results. The browser's whole list must also be the Go
// implementation's (internal/search/query.go).
var queries = []struct{ q, first string }{
	{"差异系数", "bulletins/2020-10/tongguan-mobilisation-meeting/"},
	{"优质均衡", ""},
	{"包保", "bulletins/2020-10/tongguan-baobao-meeting/"},
	{"吴齐玲", ""},
	{"江虹", "bulletins/2020-10/yian-report/"},
	{"铜官区", ""},
	{"督学风采", "bulletins/2020-10/poems-wu-debao/"},
	{"127条", "bulletins/2020-10/yian-report/"},
	{"１２７条", "bulletins/2020-10/yian-report/"},
	{"Rex", "articles/baoji-reform-survey/"},
	{"2022年完成", "articles/baoji-reform-survey/"},
	{"D20 实地督查", "documents/jinggangshan-inspection-plan/"},
	{"量子计算机", "-"},
	{"律", "bulletins/2020-10/poems-wu-debao/"},
	{"督", ""},
}

// goResults are the URLs of the results the Go query finds, best first.
func goResults(t *testing.T, ix *search.Index, q string, f search.Filter) []string {
	t.Helper()
	hits, err := ix.Search(q, f)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range hits {
		d, err := ix.Doc(h.Doc)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, d.URL)
	}
	return out
}

// siteURLs turns the links of a result list back into site URLs.
func siteURLs(links []string) []string {
	var out []string
	for _, l := range links {
		l = strings.TrimPrefix(l, "../")
		l = strings.TrimSuffix(l, "index.html")
		out = append(out, l)
	}
	return out
}

// The search page, served under a sub-path, finds for each query what the
// Go implementation finds, in the same order, with the query highlighted
// and the count announced.
func TestSearchPageUnderSubPath(t *testing.T) {
	ctx := browser(t, 1280, 900)
	dest := buildSite(t, "../..")
	ix := openIndex(t, dest)
	base := serve(t, dest, "/sub/path/")
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"search/"), chromedp.WaitReady(chromedp.ID("search-q"))); err != nil {
		t.Fatal(err)
	}
	for _, c := range queries {
		got, err := typeQuery(ctx, c.q)
		if err != nil {
			t.Fatalf("%s: %v", c.q, err)
		}
		if got.Query != c.q {
			t.Errorf("%s: the page shows results for %q (status %q)", c.q, got.Query, got.Status)
			continue
		}
		want := goResults(t, ix, c.q, search.Filter{})
		urls := siteURLs(got.Links)
		if got.Count != fmt.Sprint(len(want)) && !(len(want) == 0 && got.Count == "0") {
			t.Errorf("%s: page counts %s results, Go %d", c.q, got.Count, len(want))
		}
		if !slices.Equal(urls, want[:min(10, len(want))]) {
			t.Errorf("%s: page shows\n %v\nGo finds\n %v", c.q, urls, want)
		}
		switch {
		case c.first == "-":
			if len(urls) != 0 || !strings.Contains(got.Status, "没有找到") {
				t.Errorf("%s: want no results and a message saying so, got %v, %q", c.q, urls, got.Status)
			}
		case c.first != "" && (len(urls) == 0 || urls[0] != c.first):
			t.Errorf("%s: first result %v, want %s", c.q, urls, c.first)
		}
		if len(urls) > 0 {
			if !strings.Contains(got.Status, "找到 "+got.Count+" 条") {
				t.Errorf("%s: status %q does not give the count", c.q, got.Status)
			}
			if len(got.Marks) == 0 {
				t.Errorf("%s: nothing highlighted in the first result", c.q)
			}
		}
	}

	// The query is in the URL: the page opened from a link shows it.
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(loc, "q="+url.QueryEscape("督")) {
		t.Errorf("the URL %s does not hold the last query", loc)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"search/?q="+url.QueryEscape("包保")+"&year=2020")); err != nil {
		t.Fatal(err)
	}
	got, err := waitFor(ctx, "包保")
	if err != nil {
		t.Fatal(err)
	}
	want := goResults(t, ix, "包保", search.Filter{Year: 2020})
	if urls := siteURLs(got.Links); !slices.Equal(urls, want) || len(want) == 0 {
		t.Errorf("包保 in 2020 from a link: page %v, Go %v", urls, want)
	}
	if len(got.Marks) < 2 || slices.ContainsFunc(got.Marks, func(m string) bool { return m != "包保" }) {
		t.Errorf("包保: marks %q in the first result, want 包保 in its title and snippet", got.Marks)
	}

	// Filters: a district narrows the list as in Go.
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"search/?q="+url.QueryEscape("铜官区")),
		chromedp.WaitReady(chromedp.CSS("#search-district option:nth-child(2)")),
	)
	if err != nil {
		t.Fatal(err)
	}
	district, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const s = document.getElementById("search-district");
			const o = [...s.options].find(o => o.textContent.startsWith("铜官区"));
			s.value = o.value; s.dispatchEvent(new Event("change")); return o.textContent; })()`))
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	got, err = waitFor(ctx, "铜官区")
	if err != nil {
		t.Fatal(err)
	}
	want = goResults(t, ix, "铜官区", search.Filter{District: "铜官区"})
	if urls := siteURLs(got.Links); !slices.Equal(urls, want) || len(want) < 2 {
		t.Errorf("铜官区 in 铜官区 (%s): page %v, Go %v", district, urls, want)
	}
	for _, m := range got.Metas {
		if !strings.Contains(m, "铜官区") {
			t.Errorf("filtered result %q is not from 铜官区", m)
		}
	}

	// More than a page: the button shows the rest and moves the focus to
	// the first of them.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"search/?q="+url.QueryEscape("督"))); err != nil {
		t.Fatal(err)
	}
	got, err = waitFor(ctx, "督")
	if err != nil {
		t.Fatal(err)
	}
	want = goResults(t, ix, "督", search.Filter{})
	if len(got.Links) != 10 || len(want) <= 10 {
		t.Fatalf("督: %d shown of %d", len(got.Links), len(want))
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("search-more"))); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	got, err = waitFor(ctx, "督")
	if err != nil {
		t.Fatal(err)
	}
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.getAttribute("href") || ""`))
	if err != nil {
		t.Fatal(err)
	}
	if urls := siteURLs(got.Links); !slices.Equal(urls, want) || focused != got.Links[10] {
		t.Errorf("督 after 显示更多结果: %v (focus on %q), want %v", urls, focused, want)
	}
	hidden, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("search-more").hidden`))
	if err != nil || !hidden {
		t.Errorf("the button stays after the last result (%v)", err)
	}
}

// Cutting text into tokens and hashing them give the same in the browser
// as in Go, for Chinese, full-width, mixed and other scripts.
func TestTokensAgreeWithGo(t *testing.T) {
	ctx := browser(t, 800, 600)
	dest := buildSite(t, "../..")
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.ToSlash(dest)+"/search/index.html"),
		chromedp.WaitReady(chromedp.ID("search-q"))); err != nil {
		t.Fatal(err)
	}
	texts := []string{
		"铜官区教育局召开国家义务教育优质均衡发展区包保工作会议",
		"共查找问题127条，整改完成率达到97.7%。",
		"ＡＢＣ１２３ｘｙｚ，２０２０年１２月",
		"PISA测试 Rex_02督導 D20--2025-1180",
		"Émile ÇA İstanbul ΣΑΣ Straße Ǆemal",
		"カタカナ ひらがな 한국어 русский текст",
		"e\u0301 cafe\u0301 ﬁ ① ㎡ 〇 々 𠀀𠀁𠀂",
		"averyveryveryveryveryverylongwordthatgoesonandon中文",
		"第3章 2020年 a中b 中1文",
		"",
	}
	for _, s := range texts {
		type result struct {
			Norm   string   `json:"norm"`
			Tokens [][2]any `json:"tokens"`
			Hashes []uint32 `json:"hashes"`
		}
		expr := fmt.Sprintf(`(() => { const s = dudaoSearch.normalize(%q); const t = dudaoSearch.tokens(s);
			return {norm: s, tokens: t, hashes: t.map(x => dudaoSearch.hash(x[0]))}; })()`, s)
		js, err := chromedp.Run(ctx, chromedp.Evaluate[result](expr))
		if err != nil {
			t.Fatal(err)
		}
		norm := search.Normalize(s)
		if js.Norm != norm {
			t.Errorf("normalize %q: browser %q, Go %q", s, js.Norm, norm)
		}
		var want [][2]any
		var hashes []uint32
		search.Tokens(norm, func(tok string, k search.Kind) {
			want = append(want, [2]any{tok, float64(k)})
			hashes = append(hashes, search.Hash(tok))
		})
		if fmt.Sprint(js.Tokens) != fmt.Sprint(want) {
			t.Errorf("tokens of %q:\nbrowser %v\n     Go %v", s, js.Tokens, want)
		}
		if !slices.Equal(js.Hashes, hashes) {
			t.Errorf("hashes of %q: browser %v, Go %v", s, js.Hashes, hashes)
		}
	}
}

// Opened from disk, the header's search box leads to the search page, which
// finds and links the results to their index.html files.
func TestSearchFromDisk(t *testing.T) {
	ctx := browser(t, 1280, 900)
	dest := buildSite(t, "../..")
	page := "file://" + filepath.ToSlash(dest) + "/bulletins/2020-10/yian-report/index.html"
	err := chromedp.Do(ctx,
		chromedp.Navigate(page),
		chromedp.WaitReady(chromedp.ID("site-search-q")),
		chromedp.SendKeys(chromedp.ID("site-search-q"), "包保\r"),
		chromedp.WaitReady(chromedp.ID("search-results")),
	)
	if err != nil {
		t.Fatal(err)
	}
	got, err := waitFor(ctx, "包保")
	if err != nil {
		t.Fatal(err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(loc, "file://") || !strings.Contains(loc, "/search/index.html?q=") {
		t.Errorf("the header's box led to %s", loc)
	}
	if len(got.Links) == 0 || got.Links[0] != "../bulletins/2020-10/tongguan-baobao-meeting/index.html" {
		t.Fatalf("from disk: results %v (status %q)", got.Links, got.Status)
	}
	// The link leads to the page.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#search-results a")), chromedp.WaitReady(chromedp.CSS(".article h1"))); err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(title, "包保") {
		t.Errorf("the first result led to %q", title)
	}
}

// With the keyboard alone: type, move with Tab to the first result, open it.
func TestSearchWithKeyboard(t *testing.T) {
	ctx := browser(t, 375, 800)
	dest := buildSite(t, "../..")
	base := serve(t, dest, "/x/")
	err := chromedp.Do(ctx, chromedp.Navigate(base+"search/"), chromedp.WaitReady(chromedp.ID("search-q")))
	if err != nil {
		t.Fatal(err)
	}
	// The search box has the focus when the page opens.
	active, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`))
	if err != nil {
		t.Fatal(err)
	}
	if active != "search-q" {
		t.Fatalf("focus is on %q, not the search box", active)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("吴齐玲")); err != nil {
		t.Fatal(err)
	}
	if got, err := waitFor(ctx, "吴齐玲"); err != nil || len(got.Links) != 2 {
		t.Fatalf("typed 吴齐玲: %v %v", got.Links, err)
	}
	var seen []string
	for i := 0; i < 8; i++ {
		if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
			t.Fatal(err)
		}
		desc, err := chromedp.Run(ctx, chromedp.Evaluate[string](
			`(() => { const e = document.activeElement; return e.tagName + " " + (e.id || e.getAttribute("href") || ""); })()`))
		if err != nil {
			t.Fatal(err)
		}
		seen = append(seen, desc)
		if strings.HasPrefix(desc, "A ") && strings.Contains(desc, "bulletins/") {
			break
		}
	}
	last := seen[len(seen)-1]
	if !strings.HasPrefix(last, "A ") {
		t.Fatalf("Tab never reached a result: %v", seen)
	}
	for _, want := range []string{"BUTTON", "SELECT search-district", "SELECT search-year", "SELECT search-kind"} {
		if !slices.ContainsFunc(seen, func(s string) bool { return strings.HasPrefix(s, want) }) {
			t.Errorf("Tab skipped %s: %v", want, seen)
		}
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\r"), chromedp.WaitReady(chromedp.CSS(".article h1"))); err != nil {
		t.Fatal(err)
	}
	h1, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
	if err != nil {
		t.Fatal(err)
	}
	if h1 == "" {
		t.Error("Enter on the result did not open it")
	}
	if dir := os.Getenv("DUDAO_SCREENSHOTS"); dir != "" {
		shot(t, ctx, base+"search/?q="+url.QueryEscape("优质均衡"), "优质均衡", filepath.Join(dir, "search-375.png"))
		shot(t, ctx, base+"search/?q="+url.QueryEscape("量子计算机"), "量子计算机", filepath.Join(dir, "search-none-375.png"))
		shot(t, ctx, base+"bulletins/2020-10/", "", filepath.Join(dir, "issue-header-375.png"))
	}
}

// shot saves a screenshot of the whole page at address once it shows the
// results of q.
func shot(t *testing.T, ctx context.Context, address, q, file string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(address)); err != nil {
		t.Fatal(err)
	}
	if q != "" {
		if _, err := waitFor(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
	// And the first screen, as a reader sees it.
	png, err = chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(strings.TrimSuffix(file, ".png")+"-screen.png", png, 0o644); err != nil {
		t.Fatal(err)
	}
}
