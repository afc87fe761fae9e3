package browsertest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// pageTypes are one page of each kind the example site has.
var pageTypes = []string{
	"", "bulletins/", "bulletins/2020-10/", "bulletins/2020-10/yian-report/", "bulletins/2020-10/poems-wu-debao/",
	"articles/", "districts/", "districts/yian/", "districts/zongyang/", "overview/", "indicators/equipment/",
	"schools/yian/%E4%B9%89%E5%AE%89%E5%8C%BA%E9%92%9F%E9%B8%A3%E5%AD%A6%E6%A0%A1/", "keywords/", "inspectors/",
	"inspectors/wu-debao/", "documents/", "documents/jinggangshan-inspection-plan/", "about/", "search/?q=%E5%B7%AE%E5%BC%82%E7%B3%BB%E6%95%B0",
	"404.html",
}

// budgets are the most bytes a page may transfer (the server here does not
// compress, so these are the uncompressed sizes).
var budgets = map[string]int{
	"":                               100 << 10,
	"bulletins/2020-10/yian-report/": 60 << 10,
	"documents/jinggangshan-inspection-plan/": 80 << 10,
}

// Every page type, on a phone and on a desktop: no console error or warning,
// no request to another host or that fails, no horizontal scrolling, every
// chart drawn as SVG; the bytes a page transfers within its budget. And
// accessible (a11y_test.go): the structure a screen reader relies on, and
// no serious or critical axe-core violation in the light and dark schemes
// and with 大字 and 高对比 on, with axe's findings per page type in the log
// (go test -v -run EveryPageType). Each page is loaded once for all of it;
// the screenshots are left in testdata/artifacts/screens.
func TestEveryPageTypeReads(t *testing.T) {
	t.Parallel() // with the other long browser tests: they wait on the browser as often as it works
	chromium(t)
	script, why := axe()
	if why != "" {
		t.Log(why)
	}
	dest := buildSite(t, "../..")
	// Served where the example site's base_url says, as the 404 page expects.
	base := serve(t, dest, "/dudao/")
	dir := artifacts(t)
	var mu sync.Mutex
	var all []checked
	t.Run("widths", func(t *testing.T) {
		for _, width := range []int{375, 1280} {
			t.Run(fmt.Sprint(width), func(t *testing.T) {
				t.Parallel()
				ctx := browser(t, width, 900)
				// A first visit: nothing comes from the cache, so the network log
				// holds every byte a page needs.
				if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
					t.Fatal(err)
				}
				if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
					t.Fatal(err)
				}
				msgs := console(t, ctx)
				only := onlyPages()
				for _, p := range pageTypes {
					if only != nil && !only[pageName(p)] {
						continue
					}
					if err := chromedp.Do(ctx, chromedp.Navigate(base+p)); err != nil {
						t.Fatalf("%d %s: %v", width, p, err)
					}
					if err := settle(ctx, "light"); err != nil {
						t.Fatalf("%d %s: %v", width, p, err)
					}
					reads(t, ctx, width, p)
					accessible(t, ctx, script, dir, width, pageName(p), func(c checked) {
						mu.Lock()
						all = append(all, c)
						mu.Unlock()
					})
					for _, m := range msgs() {
						t.Errorf("%d px, /%s: console: %s", width, p, m)
					}
				}
			})
		}
	})
	if script != "" {
		logAxe(t, all)
	}
}

// reads checks page p, as it has just loaded at width.
func reads(t *testing.T, ctx context.Context, width int, p string) {
	t.Helper()
	scroll, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`))
	canvases, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".chart-canvas").length`))
	drawn, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`Array.from(document.querySelectorAll(".chart-canvas svg")).filter(s => s.getBoundingClientRect().height > 100).length`))
	if scroll {
		t.Errorf("%d px, /%s: scrolls sideways", width, p)
	}
	// Every request goes to the site itself and succeeds.
	bad, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`performance.getEntriesByType("resource")
		.filter(e => new URL(e.name).host !== location.host || (e.responseStatus || 200) >= 400)
		.map(e => e.name + " " + e.responseStatus)`))
	for _, b := range bad {
		t.Errorf("%d px, /%s: request %s", width, p, b)
	}
	if width == 375 {
		weight, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`performance.getEntriesByType("navigation")[0].encodedBodySize +
			performance.getEntriesByType("resource").filter(e => !e.name.includes("/data/")).reduce((n, e) => n + e.encodedBodySize, 0)`))
		t.Logf("/%s: %d bytes", p, weight)
		if budget, ok := budgets[p]; ok && weight > budget {
			t.Errorf("/%s transfers %d bytes, over its budget of %d", p, weight, budget)
		}
	}
	if drawn != canvases {
		t.Errorf("%d px, /%s: %d of %d charts drawn", width, p, drawn, canvases)
	}
}

// console collects the errors and warnings the pages of ctx write; the
// function it returns gives those written since it was last called.
func console(t testing.TB, ctx context.Context) func() []string {
	lctx, cancel := context.WithCancel(ctx)
	var mu sync.Mutex
	var msgs []string
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range chromedp.Console(lctx) {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == "error" || m.Type == "warning" {
				mu.Lock()
				msgs = append(msgs, m.String())
				mu.Unlock()
			}
		}
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	time.Sleep(100 * time.Millisecond) // let the subscription start
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		out := msgs
		msgs = nil
		return out
	}
}

// The 大字 and 高对比 switches work without the browser's help, stay on from
// page to page, and keep the layout whole on a phone.
func TestLargeTextAndHighContrast(t *testing.T) {
	dest := buildSite(t, "../..")
	base := serve(t, dest, "/")
	ctx := browser(t, 375, 900)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"bulletins/2020-10/yian-report/"),
		chromedp.Click(`button[data-mode="large-text"]`), chromedp.Click(`button[data-mode="high-contrast"]`)); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"bulletins/2020-10/yian-report/", "", "districts/zongyang/", "bulletins/2020-10/", "documents/yuan-implementation-plan/"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+p), chromedp.Sleep(500*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		classes, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.className`))
		pressed, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('button[data-mode="large-text"]').getAttribute("aria-pressed")`))
		size, _ := chromedp.Run(ctx, chromedp.Evaluate[float64](`parseFloat(getComputedStyle(document.querySelector(".prose p") || document.querySelector("main li")).fontSize)`))
		lineHeight, _ := chromedp.Run(ctx, chromedp.Evaluate[float64](`parseFloat(getComputedStyle(document.body).lineHeight) / parseFloat(getComputedStyle(document.body).fontSize)`))
		bg, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor`))
		scroll, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`))
		if classes != "large-text high-contrast" || pressed != "true" {
			t.Errorf("/%s: modes %q, pressed %q: the choice did not carry over", p, classes, pressed)
		}
		if size < 24 { // 18pt
			t.Errorf("/%s: body text %.1fpx in large mode, want at least 24px (18pt)", p, size)
		}
		if lineHeight < 1.3 {
			t.Errorf("/%s: line spacing %.2f, want at least 1.3", p, lineHeight)
		}
		if bg != "rgb(0, 0, 0)" {
			t.Errorf("/%s: high contrast background %s", p, bg)
		}
		if scroll {
			t.Errorf("/%s: scrolls sideways at 375px in large, high-contrast mode", p)
		}
	}
	// And off again.
	if err := chromedp.Do(ctx, chromedp.Click(`button[data-mode="large-text"]`), chromedp.Navigate(base), chromedp.Sleep(300*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if classes, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.className`)); classes != "high-contrast" {
		t.Errorf("after switching large text off: %q", classes)
	}
}

// Printed, the issue page is the red-header bulletin: no navigation, the red
// masthead and rule, 仿宋 body with a two-character indent, and the footer.
func TestIssuePagePrints(t *testing.T) {
	dest := buildSite(t, "../..")
	base := serve(t, dest, "/dudao/")
	ctx := browser(t, 1280, 900)
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"bulletins/2020-10/")); err != nil {
		t.Fatal(err)
	}
	style := func(sel, prop string) string {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("`+sel+`")).`+prop))
		if err != nil {
			t.Fatalf("%s %s: %v", sel, prop, err)
		}
		return v
	}
	for sel, want := range map[string]string{".site-header": "none", ".breadcrumb": "none", ".site-footer": "none", ".contents": "none"} {
		if got := style(sel, "display"); got != want {
			t.Errorf("printed, %s display = %s, want %s", sel, got, want)
		}
	}
	if got := style(".masthead-series", "color"); got != "rgb(184, 18, 27)" {
		t.Errorf("printed masthead colour %s, want the red rgb(184, 18, 27)", got)
	}
	if got := style(".red-rule", "borderTopColor"); got != "rgb(184, 18, 27)" {
		t.Errorf("printed rule colour %s", got)
	}
	indent, _ := chromedp.Run(ctx, chromedp.Evaluate[float64](`(s => parseFloat(s.textIndent) / parseFloat(s.fontSize))(getComputedStyle(document.querySelector(".bulletin-item .prose p")))`))
	if indent < 1.99 || indent > 2.01 {
		t.Errorf("printed paragraph indent is %.2f characters, want 2", indent)
	}
	if got := style(".bulletin-item .prose p", "fontFamily"); !strings.Contains(got, "FangSong") {
		t.Errorf("printed body font %s, want 仿宋", got)
	}
	if got := style(".bulletin-footer", "display"); got == "none" {
		t.Errorf("the footer (版记) does not print")
	}

	// For a person to look at: the page as Chromium prints it on A4 (the
	// page size and margins site.css gives); pdftoppm -png turns it into
	// pictures.
	dir := artifacts(t)
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Errorf("printing gave no PDF")
	}
	if err := os.WriteFile(filepath.Join(dir, "issue-print.pdf"), pdf, 0o644); err != nil {
		t.Error(err)
	}
}
