package render

import (
	"bytes"
	"html/template"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/dudao/dudao/internal/content"
	"github.com/dudao/dudao/internal/diag"
	"github.com/dudao/dudao/internal/digest"
	"github.com/dudao/dudao/internal/indicators"
)

// LayoutsDir is where a site keeps the templates it overrides.
const LayoutsDir = "layouts"

// pageTemplates are the templates that make whole pages; the others
// (base.html, partials/) are shared by all of them.
var pageTemplates = []string{
	"home.html", "archive.html", "issue.html", "article.html", "list.html", "districts.html",
	"keywords.html", "inspectors.html", "inspector.html", "documents.html",
	"document.html", "page.html", "search.html", "404.html", "overview.html", "indicator.html", "school.html",
}

// Templates are a site's parsed layouts: the defaults, with any file of the
// site's own layouts/ folder in place of the default of the same name.
type Templates struct {
	pages map[string]*template.Template
	sum   uint64 // of every template's name and text
	// custom says the site overrides some templates. What its templates
	// show is unknown, so an incremental render renders every page.
	custom bool
}

var funcs = template.FuncMap{
	"join": strings.Join,
	"first": func(n int, xs []*content.Article) []*content.Article {
		if len(xs) > n {
			return xs[:n]
		}
		return xs
	},
	"nonEmpty": nonEmpty,
	"items":    func(p *Page, xs []*content.Article) itemList { return itemList{p, xs} },
	"anchor":   anchor,
	"embed":    embed,

	"add":          func(a, b int) int { return a + b },
	"fmtCV":        indicators.FormatCV,
	"fmtThreshold": indicators.FormatThreshold,
	"chineseDate":  chineseDate,
	"deref":        func(p *float64) float64 { return *p },
}

// itemList is what the article-list partial takes: the page it is on (for
// links) and the articles.
type itemList struct {
	Page     *Page
	Articles []*content.Article
}

// anchor is the id of an article on its issue page: its URL's last segment.
func anchor(a *content.Article) string {
	return path.Base(strings.TrimSuffix(a.URL, "/"))
}

var (
	idAttrRe  = regexp.MustCompile(` (id|href)="(#?)([^"]*)"`)
	headingRe = regexp.MustCompile(`<(/?)h([1-6])([ >])`)
)

// embed fits an article body into its issue page: ids (headings, footnotes)
// get the article's anchor in front so that two articles cannot clash, and
// headings move below the article title at level, so the outline stays right.
func embed(body template.HTML, prefix string, level int) template.HTML {
	s := idAttrRe.ReplaceAllStringFunc(string(body), func(m string) string {
		sub := idAttrRe.FindStringSubmatch(m)
		switch {
		case strings.HasPrefix(sub[3], "chart-"):
			// An embedded chart's ids already carry the article's anchor, and
			// its canvas names its options by id.
		case sub[1] == "id":
			return ` id="` + prefix + "-" + sub[3] + `"`
		case sub[2] == "#":
			return ` href="#` + prefix + "-" + sub[3] + `"`
		}
		return m
	})
	s = headingRe.ReplaceAllStringFunc(s, func(m string) string {
		sub := headingRe.FindStringSubmatch(m)
		n := int(sub[2][0]-'0') - 1 + level
		if n > 6 {
			n = 6
		}
		return "<" + sub[1] + "h" + strconv.Itoa(n) + sub[3]
	})
	return template.HTML(s)
}

var tmplLineRe = regexp.MustCompile(`^template: ([^:]+):(\d+):(?:(\d+):)?\s*(.*)$`)

// LoadTemplates reads the default layouts from theme and the site's from
// siteDir/layouts, reporting template syntax errors with their file and line.
func LoadTemplates(theme fs.FS, siteDir string, list *diag.List) *Templates {
	sources := map[string]string{} // name → text
	origin := map[string]string{}  // name → path shown in errors
	err := fs.WalkDir(theme, LayoutsDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := fs.ReadFile(theme, p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, LayoutsDir+"/")
		sources[name], origin[name] = string(b), "(内置) "+p
		return nil
	})
	if err != nil {
		list.Errorf(LayoutsDir, 0, 0, "内置模板读取失败：%v", err)
		return nil
	}
	own := filepath.Join(siteDir, LayoutsDir)
	custom := false // a site template differs from the built-in one
	if _, err := os.Stat(own); err == nil {
		filepath.WalkDir(own, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") || content.Ignored(d.Name()) {
				return nil
			}
			rel, _ := filepath.Rel(own, p)
			name := filepath.ToSlash(rel)
			b, err := os.ReadFile(p)
			if err != nil {
				list.Errorf(path.Join(LayoutsDir, name), 0, 0, "读不了：%v", err)
				return nil
			}
			if sources[name] != string(b) {
				sources[name], origin[name] = string(b), path.Join(LayoutsDir, name)
				custom = true
			}
			return nil
		})
	}

	var shared []string
	for name := range sources {
		if name == "base.html" || strings.HasPrefix(name, "partials/") {
			shared = append(shared, name)
		}
	}
	sort.Strings(shared)
	base := template.New("").Funcs(funcs)
	ok := true
	for _, name := range shared {
		if _, err := base.New(name).Parse(sources[name]); err != nil {
			reportTemplateError(list, origin, name, err)
			ok = false
		}
	}
	t := &Templates{pages: map[string]*template.Template{}, custom: custom}
	names := make([]string, 0, len(sources))
	for name := range sources {
		names = append(names, name)
	}
	sort.Strings(names)
	var d digest.Digest
	for _, name := range names {
		d.String(name).String(sources[name])
	}
	t.sum = d.Sum()
	for _, name := range pageTemplates {
		src, found := sources[name]
		if !found {
			list.Errorf(path.Join(LayoutsDir, name), 0, 0, "缺少模板 %s", name)
			ok = false
			continue
		}
		clone, err := base.Clone()
		if err == nil {
			_, err = clone.New(name).Parse(src)
		}
		if err != nil {
			reportTemplateError(list, origin, name, err)
			ok = false
			continue
		}
		t.pages[name] = clone
	}
	if !ok {
		return nil
	}
	return t
}

func reportTemplateError(list *diag.List, origin map[string]string, name string, err error) {
	msg := err.Error()
	if m := tmplLineRe.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		file := m[1]
		if o, ok := origin[file]; ok {
			file = o
		}
		list.Errorf(file, line, col, "模板错误：%s", m[4])
		return
	}
	list.Errorf(origin[name], 0, 0, "模板错误：%v", err)
}

// execute runs the page template name for p.
func (t *Templates) execute(name string, p *Page) ([]byte, error) {
	p.templates = t.pages[name]
	b := buffers.Get().(*bytes.Buffer)
	defer putBuffer(b)
	if err := p.templates.ExecuteTemplate(b, name, p); err != nil {
		return nil, err
	}
	return bytes.Clone(b.Bytes()), nil
}

// buffers saves growing a fresh buffer for every page.
var buffers = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 64<<10)) }}

func putBuffer(b *bytes.Buffer) {
	if b.Cap() <= 1<<20 {
		b.Reset()
		buffers.Put(b)
	}
}
