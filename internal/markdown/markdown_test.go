package markdown

import (
	"bytes"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// testResolve stands in for the site's resolver: relative paths are made
// relative to a page one level down, and .md sources become page URLs.
func testResolve(dest string) string {
	if dest == "" || strings.HasPrefix(dest, "#") || strings.HasPrefix(dest, "/") {
		return dest
	}
	if u, err := url.Parse(dest); err == nil && u.Scheme != "" {
		return dest
	}
	if s, ok := strings.CutSuffix(dest, ".md"); ok {
		return "../" + s + "/"
	}
	return "../" + dest
}

// goldenOptions reads the options from the file name: "poem.hardwraps.md"
// converts with HardWraps, "x.allowhtml.md" with AllowHTML.
func goldenOptions(name string) (Options, ConvertOptions) {
	var o Options
	co := ConvertOptions{Resolve: testResolve}
	for _, part := range strings.Split(strings.TrimSuffix(name, ".md"), ".")[1:] {
		switch part {
		case "hardwraps":
			co.HardWraps = true
		case "allowhtml":
			o.AllowHTML = true
		}
	}
	return o, co
}

// describe renders everything but the HTML of a result, for the .txt
// golden files.
func describe(r *Result) string {
	var b strings.Builder
	b.WriteString("# Headings\n")
	for _, h := range r.Headings {
		fmt.Fprintf(&b, "%d %s %s\n", h.Level, h.ID, h.Text)
	}
	b.WriteString("# Dropped\n")
	for _, d := range r.Dropped {
		fmt.Fprintf(&b, "%q\n", d)
	}
	b.WriteString("# Text\n")
	b.WriteString(r.Text)
	b.WriteString("\n")
	return b.String()
}

// TestGolden converts testdata/*.md and compares with the .html (body) and
// .txt (headings, dropped destinations, plain text) beside them. Run
// "go test -update" to rewrite them, then review the diff.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.md"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			o, co := goldenOptions(name)
			res, err := New(o).Convert(src, co)
			if err != nil {
				t.Fatal(err)
			}
			checkInvariants(t, res.HTML)
			base := strings.TrimSuffix(file, ".md")
			compareGolden(t, base+".html", res.HTML)
			compareGolden(t, base+".txt", []byte(describe(res)))
		})
	}
}

func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run go test -update and review the diff)\n--- got:\n%s\n--- want:\n%s", path, got, want)
	}
}

func convert(t *testing.T, o Options, co ConvertOptions, src string) *Result {
	t.Helper()
	res, err := New(o).Convert([]byte(src), co)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// body strips the paragraph around a one-paragraph result.
func body(r *Result) string {
	s := strings.TrimSuffix(string(r.HTML), "\n")
	s = strings.TrimPrefix(s, "<p>")
	return strings.TrimSuffix(s, "</p>")
}

func TestEmphasis(t *testing.T) {
	tests := []struct{ in, want string }{
		// CJK punctuation inside the emphasis, next to the delimiter.
		{"**加粗：**后文", "<strong>加粗：</strong>后文"},
		{"前文**“引号”**后文", "前文<strong>“引号”</strong>后文"},
		{"**“引号”**", "<strong>“引号”</strong>"},
		{"前文**（括号）**后文", "前文<strong>（括号）</strong>后文"},
		{"前文**《书名》**后文", "前文<strong>《书名》</strong>后文"},
		{"**注意！**请", "<strong>注意！</strong>请"},
		{"前文**……**后文", "前文<strong>……</strong>后文"},
		{"前文**——**后文", "前文<strong>——</strong>后文"},
		// CJK punctuation outside; CommonMark already handles these.
		{"*强调*，后文", "<em>强调</em>，后文"},
		{"（*强调*）", "（<em>强调</em>）"},
		{"“**引号里**”", "“<strong>引号里</strong>”"},
		{"前文*强调*后文", "前文<em>强调</em>后文"},
		// ASCII punctuation in CJK context.
		{"**注意:**请", "<strong>注意:</strong>请"},
		{`前文**"引号"**后文`, `前文<strong>&quot;引号&quot;</strong>后文`},
		// Mixed Latin.
		{"中文**English**中文", "中文<strong>English</strong>中文"},
		{"用**Go语言：**编写", "用<strong>Go语言：</strong>编写"},
		{"**Note：**中文", "<strong>Note：</strong>中文"},
		// Underscore: relaxed at punctuation, strict between letters.
		{"_下划线：_后文", "<em>下划线：</em>后文"},
		{"（_括号_）", "（<em>括号</em>）"},
		{"中文_中文_中文", "中文_中文_中文"},
		{"snake_case_name", "snake_case_name"},
		{"__init__", "<strong>init</strong>"},
		// Pure ASCII is CommonMark.
		{"a*b*c", "a<em>b</em>c"},
		{"a_b_c", "a_b_c"},
		{"**bold:**text", "**bold:**text"},
		{"word**“quote”**word", "word**“quote”**word"},
		{"*foo*bar", "<em>foo</em>bar"},
		{"**foo bar **", "**foo bar **"},
	}
	for _, tt := range tests {
		if got := body(convert(t, Options{}, ConvertOptions{}, tt.in)); got != tt.want {
			t.Errorf("%q\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestHeadingIDs(t *testing.T) {
	src := "## 第3章：数据\n## 第3章：数据\n## 第3章：数据\n# Hello, World!\n## ！！\n## ...\n" +
		"## 一、概况——总体\n## A_b c\n## 第3章数据-1\n## **加粗**标题\n"
	res := convert(t, Options{}, ConvertOptions{}, src)
	want := []Heading{
		{2, "第3章数据", "第3章：数据"},
		{2, "第3章数据-1", "第3章：数据"},
		{2, "第3章数据-2", "第3章：数据"},
		{1, "hello-world", "Hello, World!"},
		{2, "section", "！！"},
		{2, "section-1", "..."},
		{2, "一概况-总体", "一、概况——总体"},
		{2, "a-b-c", "A_b c"},
		{2, "第3章数据-1-1", "第3章数据-1"},
		{2, "加粗标题", "加粗标题"},
	}
	if fmt.Sprint(res.Headings) != fmt.Sprint(want) {
		t.Errorf("headings\n got %v\nwant %v", res.Headings, want)
	}
	if !strings.Contains(string(res.HTML), `<h2 id="第3章数据">第3章：数据</h2>`) {
		t.Errorf("id not rendered: %s", res.HTML)
	}
	// IDs are per document.
	again := convert(t, Options{}, ConvertOptions{}, "## 第3章：数据\n")
	if again.Headings[0].ID != "第3章数据" {
		t.Errorf("second document got %q", again.Headings[0].ID)
	}
}

func TestLineBreaks(t *testing.T) {
	tests := []struct {
		in, want string
		hard     bool
	}{
		{in: "中文\n中文", want: "中文中文"},
		{in: "中文\r\n中文", want: "中文中文"},
		{in: "中文，\nEnglish", want: "中文，English"},
		{in: "工作要点，\n10月", want: "工作要点，10月"},
		{in: "中文\n10月", want: "中文\n10月"},
		{in: "Hello,\nworld", want: "Hello,\nworld"},
		{in: "中文，\n中文。", want: "中文，中文。"},
		{in: "English\nwords", want: "English\nwords"},
		{in: "中文\nEnglish", want: "中文\nEnglish"},
		{in: "English\n中文", want: "English\n中文"},
		{in: "中文\n**加粗**", want: "中文<strong>加粗</strong>"},
		{in: "English\n**bold**", want: "English\n<strong>bold</strong>"},
		{in: "**加粗**\n中文", want: "<strong>加粗</strong>中文"},
		{in: "“引号”\n后文", want: "“引号”后文"},
		{in: "中文\n`代码`", want: "中文<code>代码</code>"},
		{in: "한국어\n한국어", want: "한국어\n한국어"},
		{in: "床前明月光，\n疑是地上霜。", want: "床前明月光，<br>\n疑是地上霜。", hard: true},
		{in: "one\ntwo", want: "one<br>\ntwo", hard: true},
	}
	for _, tt := range tests {
		got := body(convert(t, Options{}, ConvertOptions{HardWraps: tt.hard}, tt.in))
		if got != tt.want {
			t.Errorf("%q (hard=%v)\n got %q\nwant %q", tt.in, tt.hard, got, tt.want)
		}
	}
}

func TestSafeURL(t *testing.T) {
	tests := []struct {
		u     string
		image bool
		safe  bool
	}{
		{"photo.jpg", false, true},
		{"../2020-10/x.md", false, true},
		{"/abs/path", false, true},
		{"//cdn.example/x.png", true, true},
		{"#frag", false, true},
		{"", false, true},
		{"?q=1", false, true},
		{"第3章:数据.pdf", false, true},
		{"a/b:c", false, true},
		{"https://example.cn/", false, true},
		{"HTTP://EXAMPLE.CN/", false, true},
		{"mailto:a@b.cn", false, true},
		{"tel:+861012345678", false, true},
		{"javascript:alert(1)", false, false},
		{"JaVaScRiPt:alert(1)", false, false},
		{" javascript:alert(1)", false, false},
		{"\x01javascript:alert(1)", false, false},
		{"java\tscript:alert(1)", false, false},
		{"java\nscript:alert(1)", false, false},
		{"java\x00script:alert(1)", false, false},
		{"java\u200bscript:alert(1)", false, false},
		{"vbscript:msgbox(1)", false, false},
		{"file:///etc/passwd", false, false},
		{"ftp://example.cn/", false, false},
		{"data:text/html;base64,xx", false, false},
		{"data:image/png;base64,xx", false, false},
		{"data:image/png;base64,xx", true, true},
		{"DATA:IMAGE/JPEG;base64,xx", true, true},
		{"data:image/svg+xml;base64,xx", true, false},
		{"data:image/pngx,xx", true, false},
		{"javascript%3Aalert(1)", false, true}, // a relative path to a browser too
	}
	for _, tt := range tests {
		if got := safeURL(tt.u, tt.image); got != tt.safe {
			t.Errorf("safeURL(%q, image=%v) = %v, want %v", tt.u, tt.image, got, tt.safe)
		}
	}
}

// hostile are inputs that must never produce active content.
var hostile = []string{
	"<script>alert(1)</script>",
	"文字<script>alert(1)</script>后文",
	"<img src=x onerror=alert(1)>",
	"x <img src=x onerror=alert(1)> y",
	"[x](javascript:alert(1))",
	"[x](JAVASCRIPT:alert(1))",
	"[x]( javascript:alert(1))",
	"[x](java&#x09;script:alert(1))",
	"[x](java&#9;script:alert(1))",
	"[x](&#106;avascript:alert(1))",
	"[x](javascript&colon;alert(1))",
	"[x](<javascript:alert(1)>)",
	"[x](vbscript:msgbox(1))",
	"[x](data:text/html,<script>alert(1)</script>)",
	"![x](javascript:alert(1))",
	"[x][r]\n\n[r]: javascript:alert(1)",
	"<javascript:alert(1)>",
	`<a href="javascript:x">t</a>`,
	`<a href="java&#x09;script:x">t</a>`,
	`<a href="&#x6A;avascript:x">t</a>`,
	`<img src="javascript:x">`,
	"</script>text",
	"<style>*{}</style>",
	`<svg onload=alert(1)>`,
	`<iframe src="javascript:alert(1)"></iframe>`,
	`<div style="x" onclick="alert(1)">d</div>`,
	`<a href="x" onmouseover="alert(1)">m</a>`,
	`[t](x "\" onmouseover=\"alert(1)")`,
	"<scr<script>ipt>alert(1)</script>",
	"<!--<script>alert(1)</script>-->",
	"<details ontoggle=alert(1) open>x</details>",
	"<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
}

// shownAsText are hostile inputs whose dangerous string is legitimately
// shown to the reader as escaped text: the label of a refused autolink and
// a link title.
var shownAsText = map[string]bool{
	"<javascript:alert(1)>":              true,
	`[t](x "\" onmouseover=\"alert(1)")`: true,
}

func TestHostile(t *testing.T) {
	for _, allow := range []bool{false, true} {
		c := New(Options{AllowHTML: allow})
		for _, src := range hostile {
			res, err := c.Convert([]byte(src), ConvertOptions{Resolve: testResolve})
			if err != nil {
				t.Fatal(err)
			}
			// Structure: no forbidden elements, event handlers or unsafe URLs.
			checkInvariants(t, res.HTML)
			// And plainly: the strings themselves are gone.
			out := strings.ToLower(string(res.HTML))
			bad := []string{"<script", "<style", "<iframe", "<svg"}
			if !shownAsText[src] {
				bad = append(bad, "javascript:", "vbscript:", "alert(")
			}
			for _, b := range bad {
				if strings.Contains(out, b) {
					t.Errorf("AllowHTML=%v %q: output contains %q:\n%s", allow, src, b, res.HTML)
				}
			}
			if onAttr.MatchString(out) && !shownAsText[src] {
				t.Errorf("AllowHTML=%v %q: output has an on…= attribute:\n%s", allow, src, res.HTML)
			}
		}
	}
}

var onAttr = regexp.MustCompile(`\son[a-z]+\s*=`)

func TestDropped(t *testing.T) {
	src := "[a](javascript:alert(1)) ![b](vbscript:x) [ok](ok.md) <javascript:y> [c](java&#x09;script:z)\n\n" +
		`<a href="javascript:w">w</a> <img src="data:text/html,x">`
	for _, allow := range []bool{false, true} {
		var resolved []string
		res := convert(t, Options{AllowHTML: allow}, ConvertOptions{Resolve: func(d string) string {
			resolved = append(resolved, d)
			return testResolve(d)
		}}, src)
		want := []string{"javascript:alert(1)", "vbscript:x", "javascript:y", "java&#x09;script:z"}
		if allow {
			want = append(want, "javascript:w", "data:text/html,x")
		}
		if fmt.Sprintf("%q", res.Dropped) != fmt.Sprintf("%q", want) {
			t.Errorf("AllowHTML=%v dropped %q, want %q", allow, res.Dropped, want)
		}
		if fmt.Sprint(resolved) != "[ok.md]" {
			t.Errorf("Resolve saw %q, want only ok.md", resolved)
		}
		if !strings.Contains(string(res.HTML), `<p>a b <a href="../ok/">ok</a> javascript:y c</p>`) {
			t.Errorf("dropped links should show as text:\n%s", res.HTML)
		}
	}
}

func TestResolve(t *testing.T) {
	src := "[a](a.md) ![b](b.png) [c][r] <https://x.cn/> <me@x.cn> [e](<sp ace.md>) [f](q?a=1&amp;b=2)\n\n" +
		"[r]: ../2020-10/c.md\n\n" +
		`<a href="d.md">d</a><img src="e.jpg">`
	var seen []string
	res := convert(t, Options{AllowHTML: true}, ConvertOptions{Resolve: func(d string) string {
		seen = append(seen, d)
		return "/R/" + d
	}}, src)
	want := []string{"a.md", "b.png", "../2020-10/c.md", "https://x.cn/", "mailto:me@x.cn", "sp ace.md", "q?a=1&b=2", "d.md", "e.jpg"}
	if fmt.Sprintf("%q", seen) != fmt.Sprintf("%q", want) {
		t.Errorf("Resolve saw %q\nwant %q", seen, want)
	}
	for _, s := range []string{`href="/R/a.md"`, `src="/R/b.png"`, `href="/R/../2020-10/c.md"`, `href="/R/sp%20ace.md"`,
		`href="/R/q?a=1&amp;b=2"`, `href="/R/d.md"`, `src="/R/e.jpg"`} {
		if !strings.Contains(string(res.HTML), s) {
			t.Errorf("missing %s in\n%s", s, res.HTML)
		}
	}
	// A Resolve result that is unsafe is dropped too.
	res = convert(t, Options{}, ConvertOptions{Resolve: func(string) string { return "javascript:x" }}, "[a](b)")
	if body(res) != "a" || len(res.Dropped) != 1 {
		t.Errorf("unsafe Resolve result kept: %s %q", res.HTML, res.Dropped)
	}
}

func TestRawHTMLOff(t *testing.T) {
	res := convert(t, Options{}, ConvertOptions{}, "<div class=\"x\">块</div>\n\n文字<span>内联</span>，<b>粗</b>\n\n<!-- 注释 -->")
	if got, want := string(res.HTML), "<p>文字内联，粗</p>\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestText(t *testing.T) {
	src := "# 标题 &amp; 符号\n\n第一段\n第二行 **加粗** `code` [链接](x.md)![图](y.png)脚注[^1]。\n\n" +
		"- 列表一\n- 列表二\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n\n```\ncode  block\n```\n\n" +
		"English\nwords &lt;tag&gt; \\*star\\*\n\n[^1]: 注释内容。\n"
	res := convert(t, Options{}, ConvertOptions{}, src)
	want := "标题 & 符号\n第一段第二行 加粗 code 链接脚注。\n列表一\n列表二\n甲 乙\n1 2\ncode block\nEnglish words <tag> *star*\n注释内容。"
	if res.Text != want {
		t.Errorf("text\n got %q\nwant %q", res.Text, want)
	}
}

func TestConcurrentDeterministic(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "article.md"))
	if err != nil {
		t.Fatal(err)
	}
	c := New(Options{AllowHTML: true})
	first, err := c.Convert(src, ConvertOptions{Resolve: testResolve})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(hard bool) {
			defer wg.Done()
			for j := 0; j < 20; j++ {
				res, err := c.Convert(src, ConvertOptions{Resolve: testResolve, HardWraps: hard})
				if err != nil {
					t.Error(err)
					return
				}
				if !hard && (!bytes.Equal(res.HTML, first.HTML) || res.Text != first.Text) {
					t.Error("output differs between calls")
					return
				}
			}
		}(i%2 == 0)
	}
	wg.Wait()
}

func TestRawHTMLInImageAlt(t *testing.T) {
	res := convert(t, Options{AllowHTML: true}, ConvertOptions{}, `![<span>甲</span>乙](a.png) 后文`)
	if got, want := string(res.HTML), "<p><img src=\"a.png\" alt=\"甲乙\"> 后文</p>\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
