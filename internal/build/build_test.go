package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/xml"
	"errors"
	"flag"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/dudao/dudao"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// buildExample builds the repository's example site into a new folder.
func buildExample(t *testing.T) (string, *Result) {
	t.Helper()
	dest := t.TempDir()
	res, err := Build(Options{SiteDir: "../..", Dest: dest, Theme: dudao.Theme})
	if err != nil {
		t.Fatalf("example site: %v", err)
	}
	return dest, res
}

func read(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestExampleSite(t *testing.T) {
	dest, _ := buildExample(t)
	issue := read(t, dest, "bulletins/2020-10/index.html")
	for _, want := range []string{
		`<h1 class="masthead-series">铜陵市教育督导工作信息</h1>`,
		`(义务教育优质均衡创建)`,
		`(2020) 第 10 期`, `总第 14 期`, `总第14期`,
		`铜陵市人民政府教育督导委员会办公室`, `2020 年 12 月 31 日`,
		`本期要目`, `一、工作动态`, `（一）市教督委办`, `（二）铜官区`, `（三）义安区`, `二、督学风采`,
		`抄报：</span>省人民政府教育督导委员会、省教育厅、市人民政府`, `抄发：</span>县区人民政府`,
	} {
		if !strings.Contains(issue, want) {
			t.Errorf("issue page lacks %q", want)
		}
	}
	// Every article of seed 000 has its own page; the documents, the inspector,
	// the Baoji article, feeds and sitemap are there.
	for _, p := range []string{
		"bulletins/2020-10/city-office-guidance/index.html",
		"bulletins/2020-10/tongguan-mobilisation-meeting/index.html",
		"bulletins/2020-10/tongguan-baobao-meeting/index.html",
		"bulletins/2020-10/yian-report/index.html",
		"bulletins/2020-10/poems-wu-debao/index.html",
		"articles/baoji-reform-survey/index.html",
		"documents/jinggangshan-inspection-plan/index.html",
		"documents/yuan-implementation-plan/index.html",
		"documents/yuan-plan-interpretation/index.html",
		"documents/dadukou-work-plan/index.html",
		"inspectors/wu-debao/index.html",
		"districts/tongguan/index.html", "districts/tongguan/feed.xml",
		"feed.xml", "sitemap.xml", "robots.txt", "404.html", "index.html", "bulletins/index.html",
		"keywords/index.html", "about/index.html",
	} {
		if _, err := os.Stat(filepath.Join(dest, p)); err != nil {
			t.Errorf("missing %s", p)
		}
	}
	art := read(t, dest, "bulletins/2020-10/yian-report/index.html")
	for _, want := range []string{
		`<meta name="SiteName" content="铜陵市教育督导">`,
		`<meta name="ColumnName" content="工作动态">`,
		`<meta name="PubDate" content="2020-12-31 00:00">`,
		`<meta name="Url" content="https://www.example.com/dudao/bulletins/2020-10/yian-report/">`,
		`发布时间：<time datetime="2020-12-31">2020-12-31</time>`,
		`共查找问题127条`,
		`rel="prev"`, `rel="next"`,
	} {
		if !strings.Contains(art, want) {
			t.Errorf("article page lacks %q", want)
		}
	}
	doc := read(t, dest, "documents/jinggangshan-inspection-plan/index.html")
	for _, want := range []string{"索引号", "D20--2025-1180", "发文日期", "2025-01-17 14:47", "公开方式", "主动公开", "面向全社会"} {
		if !strings.Contains(doc, want) {
			t.Errorf("document page lacks %q", want)
		}
	}
	for _, f := range []string{"feed.xml", "sitemap.xml", "districts/yian/feed.xml"} {
		if err := xml.Unmarshal([]byte(read(t, dest, f)), new(struct{})); err != nil {
			t.Errorf("%s is not well-formed XML: %v", f, err)
		}
	}
}

// Every internal href and src of every page leads to a file of the site, and
// no page asks another host for anything.
func TestInternalLinksResolve(t *testing.T) {
	dest, _ := buildExample(t)
	checked := 0
	filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(dest, p)
		for _, ref := range links(t, p) {
			checked++
			u, err := url.Parse(ref.value)
			if err != nil {
				t.Errorf("%s: bad URL %q", rel, ref.value)
				continue
			}
			if u.Scheme != "" || u.Host != "" {
				if ref.attr == "src" || ref.tag == "link" && ref.rel != "canonical" && ref.rel != "alternate" {
					t.Errorf("%s: loads %q from another host", rel, ref.value)
				}
				continue
			}
			if u.Path == "" {
				continue // #fragment on the same page
			}
			target := path.Join(path.Dir(filepath.ToSlash(rel)), u.Path)
			if rel == "404.html" {
				// Served at any depth, the 404 page links from the base URL's path.
				target = strings.TrimPrefix(u.Path, "/dudao/")
			}
			if strings.HasSuffix(u.Path, "/") {
				target += "/index.html"
			}
			if strings.HasPrefix(target, "../") {
				t.Errorf("%s: %q leaves the site", rel, ref.value)
				continue
			}
			if _, err := os.Stat(filepath.Join(dest, filepath.FromSlash(target))); err != nil {
				t.Errorf("%s: %s=%q leads nowhere (%s)", rel, ref.attr, ref.value, target)
			}
		}
		return nil
	})
	if checked < 500 {
		t.Errorf("only %d links checked", checked)
	}
}

type ref struct{ tag, attr, value, rel string }

func links(t *testing.T, file string) []ref {
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := html.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	var out []ref
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			rel := ""
			for _, a := range n.Attr {
				if a.Key == "rel" {
					rel = a.Val
				}
			}
			for _, a := range n.Attr {
				if a.Key == "href" || a.Key == "src" {
					out = append(out, ref{n.Data, a.Key, a.Val, rel})
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// The issue page is the product's face: compare it whole with a golden file.
// Asset fingerprints are masked so a stylesheet change does not touch it.
func TestIssuePageGolden(t *testing.T) {
	dest, _ := buildExample(t)
	got := fingerprint.ReplaceAll([]byte(read(t, dest, "bulletins/2020-10/index.html")), []byte(".HASH.$1"))
	golden := filepath.Join("testdata", "issue-2020-10.html")
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/build -run Golden -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("issue page differs from %s (if the change is intended: go test ./internal/build -run Golden -update)\n%s", golden, firstDiff(string(got), string(want)))
	}
}

var fingerprint = regexp.MustCompile(`\.[0-9a-f]{8}\.(css|js)`)

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + al[i] + "\nwant: " + bl[i]
		}
	}
	return "lengths differ"
}

// snapshot records every file's bytes and modification time under root.
func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, _ := d.Info()
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			out[rel+"/"] = info.Mode().String()
			return nil
		}
		b, _ := os.ReadFile(p)
		sum := sha256.Sum256(b)
		out[rel] = string(sum[:]) + info.ModTime().String() + info.Mode().String()
		return nil
	})
	return out
}

func copyTree(t *testing.T, src, dst string, skip func(string) bool) {
	t.Helper()
	filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(src, p)
		if err != nil || skip(filepath.ToSlash(rel)) {
			if d != nil && d.IsDir() && rel != "." {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
}

// A build that fails leaves the previous site exactly as it was: same files,
// same bytes, same modification times.
func TestFailedBuildLeavesSiteUntouched(t *testing.T) {
	site := t.TempDir()
	copyTree(t, "../..", site, func(rel string) bool {
		top := strings.Split(rel, "/")[0]
		return rel != "." && top != "content" && top != "data" && top != "site.toml" && top != "layouts" && top != "static"
	})
	dest := filepath.Join(site, "public")
	if _, err := Build(Options{SiteDir: site, Theme: dudao.Theme}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dest)
	breakages := map[string]string{
		"content/bulletins/2020-10/yian-report.md": "+++\ntitle = \"坏了\n+++\n",
		"site.toml":                        "title = \n",
		"layouts/article.html":             "{{template \"base\" .}}{{define \"main\"}}{{.Nope}{{end}}",
		"content/bulletins/2020-10/new.md": "+++\ntitle = \"新\"\nsection = \"工作动态\"\nunit = \"nowhere\"\n+++\n",
		"content/documents/broken.md":      "\x00\x01binary",
		"data/schools/yian/2025.csv":       "学校,学段,学生数\n甲小学,高中,abc\n",
		"layouts/list.html":                "{{template \"base\" .}}{{define \"main\"}}{{.Article.Title}}{{end}}", // fails while executing
	}
	for file, text := range breakages {
		t.Run(file, func(t *testing.T) {
			p := filepath.Join(site, filepath.FromSlash(file))
			old, hadOld := os.ReadFile(p)
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			defer func() {
				if hadOld == nil {
					os.WriteFile(p, old, 0o644)
				} else {
					os.Remove(p)
				}
			}()
			_, err := Build(Options{SiteDir: site, Theme: dudao.Theme})
			if err == nil {
				t.Fatal("the build succeeded")
			}
			after := snapshot(t, dest)
			if len(after) != len(before) {
				t.Fatalf("files: %d before, %d after", len(before), len(after))
			}
			for k, v := range before {
				if after[k] != v {
					t.Errorf("%s changed", k)
				}
			}
		})
	}
	// And a good build after all that still works.
	if _, err := Build(Options{SiteDir: site, Theme: dudao.Theme}); err != nil {
		t.Fatal(err)
	}
}

// Content written to attack readers never becomes script in the output.
func TestHostileContentIsInert(t *testing.T) {
	site := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(site, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	evil := `</script><script>alert(1)</script><img src=x onerror=alert(2)>"'`
	write("site.toml", "title = \"测试 "+strings.ReplaceAll(evil, `"`, `\"`)+"\"\ndescription = \"<script>alert(3)</script>\"\nbase_url = \"https://example.com/\"\n")
	write("data/districts.toml", "[[district]]\nid = \"x\"\nname = \"<script>alert(4)</script>\"\n")
	q := strings.ReplaceAll(evil, `"`, `\"`)
	write("content/bulletins/2020-1/index.md", "+++\nseries = \""+q+"\"\nsubtitle = \""+q+"\"\nyear = 2020\nnumber = 1\ndate = 2020-01-01\nissuer = \""+q+"\"\n[footer]\nreport_to = \""+q+"\"\n+++\n<script>alert(5)</script>\n")
	write("content/bulletins/2020-1/a.md", "+++\ntitle = \""+q+"\"\nsection = \""+q+"\"\nunit = \"x\"\nkeywords = [\""+q+"\", \"javascript:alert(6)\"]\nsource = \""+q+"\"\nauthor = \""+q+"\"\nsummary = \""+q+"\"\nplace = \""+q+"\"\nkind = \"meeting\"\n+++\n"+
		"正文 <script>alert(7)</script>\n\n[点我](javascript:alert(8)) [再点](JaVaScRiPt:alert(9)) [还有](  javascript:alert(10)) <a href=\"javascript:alert(11)\">x</a>\n\n<img src=\"a.png\" onerror=\"alert(12)\">\n\n![图](javascript:alert(13))\n\n<iframe src=\"https://evil.example/\"></iframe>\n")
	write("content/bulletins/2020-1/a.png", "\x89PNG")
	write("content/documents/d.md", "+++\ntitle = \""+q+"\"\npublisher = \""+q+"\"\ndate = 2020-01-01\nsubjects = [\""+q+"\"]\n+++\n<svg onload=alert(14)>\n")
	sheet := "学校,学段,学生数,班级数,专任教师数,高于规定学历教师数,县级以上骨干教师数,体育艺术专任教师数,教学及辅助用房面积,体育运动场馆面积,教学仪器设备值,网络多媒体教室数\n"
	sheet += "\"" + strings.ReplaceAll(evil, `"`, `""`) + "\",小学,500,12,40,30,6,6,2500,4000,1200000,14\n"
	sheet += "正常小学,小学,400,10,30,20,5,5,2000,3000,900000,10\n"
	write("data/schools/x/2024.csv", sheet)
	write("data/tasks/x.csv", "序号,主要任务,工作目标,责任单位,完成时间,状态,进度\n1,\""+strings.ReplaceAll(evil, `"`, `""`)+"\",目标,\"<b>单位</b>\",2020年底,进行中,50%\n")
	write("content/inspectors/i.md", "+++\nname = \""+q+"\"\nrole = \""+q+"\"\n+++\n<style>body{display:none}</style>\n")
	for _, allow := range []bool{false, true} {
		if allow {
			b, _ := os.ReadFile(filepath.Join(site, "site.toml"))
			os.WriteFile(filepath.Join(site, "site.toml"), append(b, "[markup]\nallow_html = true\n"...), 0o644)
		}
		dest := t.TempDir()
		res, err := Build(Options{SiteDir: site, Dest: dest, Theme: dudao.Theme})
		if err != nil {
			t.Fatalf("allow_html=%v: %v", allow, err)
		}
		if len(res.Warnings) == 0 {
			t.Errorf("allow_html=%v: dropped links were not reported", allow)
		}
		scanned := 0
		filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if !strings.HasSuffix(p, ".html") && !strings.HasSuffix(p, ".xml") {
				return nil
			}
			scanned++
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dest, p)
			for _, problem := range scriptable(t, b, strings.HasSuffix(p, ".xml")) {
				t.Errorf("allow_html=%v: %s: %s", allow, rel, problem)
			}
			return nil
		})
		if scanned < 10 {
			t.Errorf("scanned only %d files", scanned)
		}
	}
}

// scriptable lists what in a page could run script: script elements other than
// the theme's own, event-handler attributes, javascript: URLs, iframes, objects.
func scriptable(t *testing.T, page []byte, isXML bool) []string {
	var problems []string
	if isXML {
		// Feeds carry HTML as escaped text in <content type="html">; unescape
		// it and check it as HTML. Other elements are plain text.
		var text strings.Builder
		dec := xml.NewDecoder(bytes.NewReader(page))
		inHTML := false
		for {
			tok, err := dec.Token()
			if err != nil {
				break
			}
			switch tok := tok.(type) {
			case xml.StartElement:
				inHTML = tok.Name.Local == "content"
			case xml.EndElement:
				inHTML = false
			case xml.CharData:
				if inHTML {
					text.Write(tok)
				}
			}
		}
		page = []byte(text.String())
	}
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return []string{err.Error()}
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script":
				src := ""
				for _, a := range n.Attr {
					if a.Key == "src" {
						src = a.Val
					}
				}
				typ := attr(n, "type")
				switch {
				case typ == "application/json" && src == "":
					// Chart options: data, not script. Its text must not end the element early.
				case themeScript.MatchString(src) && n.FirstChild == nil:
				default:
					problems = append(problems, "a script element: "+outerHTML(n))
				}
			case "form":
				if a := attr(n, "action"); !strings.HasSuffix(a, "search/") && a != "./" {
					problems = append(problems, "a form that is not the site search")
				}
			case "iframe", "object", "embed", "style", "base":
				problems = append(problems, "element "+n.Data)
			}
			for _, a := range n.Attr {
				v := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
				if strings.HasPrefix(a.Key, "on") || strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") || a.Key == "style" {
					problems = append(problems, "attribute "+a.Key+"="+a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return problems
}

// themeScript matches the theme's own scripts, the only ones a page may load.
var themeScript = regexp.MustCompile(`assets/(js/(site|search|charts)|vendor/echarts\.min)\.[0-9a-f]{8}\.js$`)

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func outerHTML(n *html.Node) string {
	var b bytes.Buffer
	html.Render(&b, n)
	return b.String()
}

func TestBuildRefusesToWriteIntoSources(t *testing.T) {
	for _, dest := range []string{"../..", "../../content/out", "../../layouts"} {
		_, err := Build(Options{SiteDir: "../..", Dest: dest, Theme: dudao.Theme, DryRun: false})
		if !IsUsage(err) {
			t.Errorf("dest %s: err = %v, want a usage error", dest, err)
		}
	}
}

func TestCheckWritesNothing(t *testing.T) {
	site := t.TempDir()
	copyTree(t, "../..", site, func(rel string) bool {
		top := strings.Split(rel, "/")[0]
		return rel != "." && top != "content" && top != "data" && top != "site.toml"
	})
	res, err := Build(Options{SiteDir: site, Theme: dudao.Theme, DryRun: true})
	if err != nil || res.Pages == 0 {
		t.Fatalf("check: %v, %d pages", err, res.Pages)
	}
	if _, err := os.Stat(filepath.Join(site, "public")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("check wrote public/")
	}
}
