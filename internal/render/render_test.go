package render

import (
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/dudao/dudao/internal/config"
	"github.com/dudao/dudao/internal/content"
	"github.com/dudao/dudao/internal/diag"
)

func TestEmbed(t *testing.T) {
	body := template.HTML(`<h2 id="一节">一节</h2><p>见<a href="#fn:1" class="footnote-ref">1</a></p><h3 id="x">x</h3><a href="other/">o</a><li id="fn:1">注</li>`)
	got := string(embed(body, "yian-report", 4))
	want := `<h5 id="yian-report-一节">一节</h5><p>见<a href="#yian-report-fn:1" class="footnote-ref">1</a></p><h6 id="yian-report-x">x</h6><a href="other/">o</a><li id="yian-report-fn:1">注</li>`
	if got != want {
		t.Errorf("embed:\n got %s\nwant %s", got, want)
	}
}

func TestPageRel(t *testing.T) {
	p := &Page{URL: "bulletins/2020-10/yian-report/", Root: "../../../"}
	for target, want := range map[string]string{
		"":               "../../../",
		"bulletins/":     "../../../bulletins/",
		"keywords/优质均衡/": "../../../keywords/%E4%BC%98%E8%B4%A8%E5%9D%87%E8%A1%A1/",
	} {
		if got := p.Rel(target); got != want {
			t.Errorf("Rel(%q) = %q, want %q", target, got, want)
		}
	}
	home := &Page{}
	if got := home.Rel(""); got != "./" {
		t.Errorf("home Rel(\"\") = %q", got)
	}
}

func TestBasePath(t *testing.T) {
	for in, want := range map[string]string{"": "", "https://a.gov.cn/": "/", "https://a.gov.cn/dudao/": "/dudao/"} {
		if got := basePath(in); got != want {
			t.Errorf("basePath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAbsolutize(t *testing.T) {
	got := absolutize(`<img src="photo.jpg"><a href="../x/">x</a><a href="#f">f</a><a href="https://o.org/">o</a>`, "https://a.gov.cn/dudao/bulletins/2020-10/a/")
	want := `<img src="https://a.gov.cn/dudao/bulletins/2020-10/a/photo.jpg"><a href="https://a.gov.cn/dudao/bulletins/2020-10/x/">x</a><a href="#f">f</a><a href="https://o.org/">o</a>`
	if got != want {
		t.Errorf("absolutize:\n got %s\nwant %s", got, want)
	}
}

// A site's own layouts/X.html replaces the default X.html, and a syntax
// error in it is reported with the file and line.
func TestSiteOverridesTemplate(t *testing.T) {
	theme := fstest.MapFS{}
	for _, name := range pageTemplates {
		theme["layouts/"+name] = &fstest.MapFile{Data: []byte(`default ` + name)}
	}
	theme["layouts/base.html"] = &fstest.MapFile{Data: []byte(`{{define "base"}}base{{end}}`)}
	site := t.TempDir()
	os.MkdirAll(filepath.Join(site, "layouts"), 0o755)
	os.WriteFile(filepath.Join(site, "layouts", "article.html"), []byte(`own {{.Title}}`), 0o644)
	list := &diag.List{}
	tm := LoadTemplates(theme, site, list)
	if err := list.Err(); err != nil {
		t.Fatal(err)
	}
	p := &Page{Title: "<标题>", fragments: &sync.Map{}}
	b, err := tm.execute("article.html", p)
	if err != nil || string(b) != "own &lt;标题&gt;" {
		t.Errorf("override: %q %v", b, err)
	}
	if b, _ := tm.execute("home.html", p); string(b) != "default home.html" {
		t.Errorf("default: %q", b)
	}

	os.WriteFile(filepath.Join(site, "layouts", "article.html"), []byte("line one\n{{if .Title}}\nunclosed"), 0o644)
	list = &diag.List{}
	if LoadTemplates(theme, site, list) != nil {
		t.Fatal("a broken template loaded")
	}
	if err := list.Err(); err == nil || !strings.HasPrefix(err.Error(), "layouts/article.html:3:") {
		t.Errorf("error = %v, want it at layouts/article.html:3", err)
	}
}

func TestFeedWithoutBaseURLIsRelative(t *testing.T) {
	s := &content.Site{Config: &config.Site{Title: "测试"}}
	s.Config.Feed.Limit = 20
	a := &content.Article{Title: "甲"}
	a.URL = "articles/a/"
	s.Articles = []*content.Article{a}
	f := string(feed(s, "districts/x/", "测试", s.Articles))
	if !strings.Contains(f, `href="../../articles/a/"`) || !strings.Contains(f, "<id>tag:dudao,") {
		t.Errorf("feed without base URL:\n%s", f)
	}
	s.Config.BaseURL = "https://a.gov.cn/dd/"
	f = string(feed(s, "", "测试", s.Articles))
	if !strings.Contains(f, `href="https://a.gov.cn/dd/articles/a/"`) || !strings.Contains(f, "<id>https://a.gov.cn/dd/articles/a/</id>") {
		t.Errorf("feed with base URL:\n%s", f)
	}
}
