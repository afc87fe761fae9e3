// Package render turns the page model into the files of the public site: every
// HTML page through the site's templates, the Atom feeds, the sitemap, robots.txt
// and the theme's assets. It writes nothing itself; each file goes to a Sink,
// so the build decides where and when bytes reach the disk.
//
// Every link in a page is relative to that page, so the site works under any
// sub-path and opened from disk.
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"strconv"
	"strings"
	"sync"

	"github.com/dudao/dudao/internal/config"
	"github.com/dudao/dudao/internal/content"
	"github.com/dudao/dudao/internal/digest"
	"github.com/dudao/dudao/internal/indicators"
	"github.com/dudao/dudao/internal/parallel"
)

// Sink receives the site's files. Put is called from several goroutines.
type Sink interface {
	Put(path string, data []byte) error
}

// Page is what every template gets as its dot.
type Page struct {
	Site   *content.Site
	Config *config.Site
	Kind   string // home, archive, issue, article, list, districts, district, keywords, …
	URL    string // this page's site URL ("" for home, else ending in "/")
	Title  string // the page's own title; <title> adds the site's
	// Description is for <meta name="description">.
	Description string
	Crumbs      []Crumb
	Nav         string // which main-menu entry is current

	Issue     *content.Issue
	Article   *content.Article
	District  *content.District
	Keyword   *content.Keyword
	Inspector *content.Inspector
	Document  *content.Document
	Plain     *content.Page

	Articles  []*content.Article // the list on list pages
	Documents []*content.Document
	Related   []*content.Article // more from the same district
	Years     []YearGroup
	Pager     *Pager
	ListTitle string

	// Progress toward 优质均衡 (data/): a district's dashboard, the overview,
	// an indicator's page, a school's checklist. HasCharts loads the chart
	// scripts.
	Dashboard *Dashboard
	Overview  *Overview
	Measure   *IndicatorPage
	School    *SchoolPage
	HasCharts bool
	Progress  bool // the site has progress data: the menu links the overview

	// SearchIndex is, on the search page, the version of the search index,
	// added to the URLs of its files.
	SearchIndex string

	// Root leads from this page to the site's root: "../../" for
	// bulletins/2020-10/. The 404 page, served at any depth, uses the base
	// URL's path instead.
	Root string

	// data fingerprints the part of data/ the page shows; prepare, if set,
	// works out what the page shows from data/ just before it is rendered,
	// and returns the files (charts' CSV) that go with the page.
	data    uint64
	prepare func() []fileOut

	assets    map[string]string
	templates *template.Template // the set this page is rendered with
	fragments *sync.Map          // rendered fragments shared by all pages
}

// Crumb is one step of a breadcrumb trail.
type Crumb struct{ Title, URL string }

// YearGroup is a year of the bulletin archive.
type YearGroup struct {
	Year   int
	Issues []*content.Issue
}

// Pager links the pages of a long list.
type Pager struct {
	Number, Total int
	PrevURL       string
	NextURL       string
	Pages         []PagerLink
}

// PagerLink is one numbered page of a list.
type PagerLink struct {
	Number  int
	URL     string
	Current bool
}

// Rel returns the link from this page to the site URL target.
func (p *Page) Rel(target string) string {
	if target == "" && p.Root == "" {
		return "./"
	}
	return p.Root + escapePath(target)
}

// Cached renders the template name with this page once for each key and
// depth, and reuses the result: for parts that are the same on many pages.
func (p *Page) Cached(name, key string) (template.HTML, error) {
	return p.fragment(name+"\x00"+key+"\x00"+p.Root, name, p)
}

// Item renders an entry of an article list ("article-item") for a, once per
// article and depth.
func (p *Page) Item(a *content.Article) (template.HTML, error) {
	return p.fragment("article-item\x00"+a.URL+"\x00"+p.Root, "article-item", itemData{p, a})
}

// itemData is what the article-item template gets.
type itemData struct {
	Page    *Page
	Article *content.Article
}

func (p *Page) fragment(key, name string, data any) (template.HTML, error) {
	if v, ok := p.fragments.Load(key); ok {
		return v.(template.HTML), nil
	}
	b := buffers.Get().(*bytes.Buffer)
	defer putBuffer(b)
	if err := p.templates.ExecuteTemplate(b, name, data); err != nil {
		return "", err
	}
	h := template.HTML(b.String())
	p.fragments.Store(key, h)
	return h, nil
}

// Asset returns the link to a theme asset by its plain name ("css/site.css"),
// which is fingerprinted in the output.
func (p *Page) Asset(name string) string {
	out, ok := p.assets[name]
	if !ok {
		out = "assets/" + name
	}
	return p.Rel(out)
}

// KeywordURL returns the link to the page of the keyword name.
func (p *Page) KeywordURL(name string) string {
	if k := p.Site.Keyword(name); k != nil {
		return p.Rel(k.URL)
	}
	return p.Rel("keywords/")
}

// Absolute returns the absolute address of a site URL, or "" with no base URL.
func (p *Page) Absolute(target string) string {
	if p.Config.BaseURL == "" {
		return ""
	}
	return p.Config.BaseURL + escapePath(target)
}

// Options are the parts of a build that are not content.
type Options struct {
	Theme   fs.FS              // the embedded defaults (layouts/ and static/)
	ECharts []byte             // the charting library, written only when a page has a chart
	Report  *indicators.Report // progress computed from data/; nil for none

	// Tracker, if set, receives the files instead of the sink and may skip
	// the parts of the site whose inputs did not change (dudao serve).
	Tracker Tracker
	// Global fingerprints what every page may show besides the content
	// and the templates: site.toml, data/districts.toml, the options.
	Global uint64
	// Data fingerprints data/ and the day progress is judged on; DataKeys
	// fingerprint each district's part of it.
	Data     uint64
	DataKeys map[string]uint64
}

// A Tracker lets a render skip the parts of the site whose inputs are the
// same as when it last rendered them. A part is a page, or files made
// together (the search index, the feeds); it is named by its first file's
// path, and its key fingerprints everything it shows. Both methods are
// called from several goroutines.
type Tracker interface {
	// Keep reports whether the part was rendered from the same inputs last
	// time; if so it is not rendered again and its files stay as they were.
	Keep(part string, key uint64) bool
	// Put takes a file that the part rendered.
	Put(part string, key uint64, path string, data []byte) error
}

// job renders one part of the site.
type job struct {
	part string        // the part's name: its (first) file's path
	key  func() uint64 // fingerprints the part's inputs; nil: always render it
	run  func(Sink) error
}

// partSink hands a part's files to the tracker.
type partSink struct {
	t    Tracker
	part string
	key  uint64
}

func (s partSink) Put(path string, data []byte) error { return s.t.Put(s.part, s.key, path, data) }

// fileSink takes files that are parts of their own, each keyed by its bytes.
type fileSink struct{ r *renderer }

func (s fileSink) Put(path string, data []byte) error { return s.r.do(fileJob(path, data)) }

// fileJob writes a file whose bytes are known, as a part keyed by them.
func fileJob(path string, data []byte) job {
	return job{part: path, key: func() uint64 { return digest.Bytes(data) },
		run: func(s Sink) error { return s.Put(path, data) }}
}

// Render renders site into sink; with opt.Tracker, into the tracker, and
// only the parts whose keys changed (sink is then unused).
func Render(site *content.Site, t *Templates, opt Options, sink Sink) error {
	r := &renderer{site: site, t: t, sink: sink, opt: opt, report: opt.Report, echarts: opt.ECharts}
	assets, err := copyAssets(opt.Theme, site.Dir, fileSink{r})
	if err != nil {
		return err
	}
	if len(opt.ECharts) > 0 {
		assets[echartsAsset] = fingerprint("assets/"+echartsAsset, opt.ECharts)
	}
	r.assets = assets
	if opt.Tracker != nil {
		r.cardKeys()
	}
	r.planProgress()
	r.global = r.globalKey()
	if err := r.buildSearch(); err != nil {
		return err
	}
	if err := r.embedCharts(); err != nil {
		return err
	}
	r.plan()
	for _, res := range site.Resources {
		r.jobs = append(r.jobs, copyFile(res))
	}
	r.jobs = append(r.jobs, job{part: "feed.xml", key: r.feedsKey, run: func(s Sink) error { return writeFeeds(site, s) }})
	r.jobs = append(r.jobs, job{part: "sitemap.xml", key: r.sitemapKey, run: func(s Sink) error { return writeSitemap(site, s) }})
	return r.run()
}

type renderer struct {
	site       *content.Site
	t          *Templates
	sink       Sink
	opt        Options
	global     uint64 // fingerprints what every page shows besides its own inputs
	assets     map[string]string
	jobs       []job
	cards      map[*content.Article][2]uint64 // card and full keys, for a tracked render
	fragments  sync.Map
	report     *indicators.Report
	echarts    []byte
	progress   map[string]*progress // districts with progress data, by id
	chartPages map[string]bool      // URLs of pages whose articles embed charts
}

func (r *renderer) page(kind, url, title string) *Page {
	return &Page{Site: r.site, Config: r.site.Config, Kind: kind, URL: url, Title: title, Nav: kind,
		Root: strings.Repeat("../", strings.Count(url, "/")), assets: r.assets, fragments: &r.fragments, Progress: len(r.progress) > 0, HasCharts: r.chartPages[url]}
}

// add queues the rendering of one page with the template tmpl.
func (r *renderer) add(tmpl string, p *Page) {
	r.addAt(p.URL+"index.html", tmpl, p)
}

// addAt queues the rendering of the page p into the file path.
func (r *renderer) addAt(path, tmpl string, p *Page) {
	r.jobs = append(r.jobs, job{part: path, key: func() uint64 { return r.pageKey(tmpl, p) }, run: func(s Sink) error {
		var files []fileOut
		if p.prepare != nil {
			files = p.prepare()
		}
		b, err := r.t.execute(tmpl, p)
		if err != nil {
			if p.Kind == "404" {
				return fmt.Errorf("渲染 404 页出错：%v", err)
			}
			return fmt.Errorf("渲染 /%s 出错：%v", p.URL, err)
		}
		if err := s.Put(path, b); err != nil {
			return err
		}
		return putFiles(s, files)
	}})
}

// file queues a file whose bytes are known.
func (r *renderer) file(path string, data []byte) { r.jobs = append(r.jobs, fileJob(path, data)) }

func (r *renderer) run() error {
	return parallel.Do(len(r.jobs), func(i int) error { return r.do(r.jobs[i]) })
}

// do renders the part j, unless the tracker has it already.
func (r *renderer) do(j job) error {
	t := r.opt.Tracker
	if t == nil {
		return j.run(r.sink)
	}
	var key uint64
	if j.key != nil && !r.t.custom {
		key = j.key()
		if t.Keep(j.part, key) {
			return nil
		}
	}
	return j.run(partSink{t, j.part, key})
}

// plan lists every page of the site.
func (r *renderer) plan() {
	s := r.site
	home := r.page("home", "", "")
	home.Description = s.Config.Description
	home.Articles = first(s.Articles, 8)
	if len(s.Issues) > 0 {
		home.Issue = s.Issues[0]
	}
	home.Documents = firstDocs(s.Documents, 5)
	r.add("home.html", home)

	// The bulletin archive and the issues.
	arch := r.page("archive", "bulletins/", "督导简报")
	arch.Nav = "bulletins"
	arch.Crumbs = []Crumb{{"首页", ""}}
	arch.Years = byYear(s.Issues)
	arch.Description = s.Config.Title + "历期督导简报"
	r.add("archive.html", arch)
	lines := make(map[*content.Issue]string, len(s.Issues))
	for _, is := range s.Issues {
		lines[is] = IssueLine(is)
		p := r.page("issue", is.URL, IssueTitle(is))
		p.Nav = "bulletins"
		p.Issue = is
		p.Crumbs = []Crumb{{"首页", ""}, {"督导简报", "bulletins/"}}
		p.Description = is.Series + " " + IssueLine(is)
		r.add("issue.html", p)
	}
	for _, a := range s.Articles {
		p := r.page("article", a.URL, a.Title)
		p.Article = a
		p.Description = a.Description()
		p.Crumbs = []Crumb{{"首页", ""}}
		if a.Issue != nil {
			p.Nav = "bulletins"
			p.Crumbs = append(p.Crumbs, Crumb{"督导简报", "bulletins/"}, Crumb{lines[a.Issue], a.Issue.URL})
		} else {
			p.Nav = "articles"
			p.Crumbs = append(p.Crumbs, Crumb{"工作动态", "articles/"})
		}
		if a.District != nil {
			for _, o := range a.District.Articles {
				if len(p.Related) == 5 {
					break
				}
				if o != a {
					p.Related = append(p.Related, o)
				}
			}
		}
		r.add("article.html", p)
	}
	r.list("articles", "articles/", "工作动态", "全部文章", s.Articles, []Crumb{{"首页", ""}}, nil)

	// Districts.
	ds := r.page("districts", "districts/", "区县")
	ds.Crumbs = []Crumb{{"首页", ""}}
	r.add("districts.html", ds)
	for _, d := range s.Districts {
		r.list("district", d.URL, d.Name, d.Name+"的文章", d.Articles, []Crumb{{"首页", ""}, {"区县", "districts/"}},
			func(p *Page) {
				p.District, p.Nav = d, "districts"
				if r.progress[d.ID] != nil && (p.Pager == nil || p.Pager.Number == 1) {
					p.HasCharts, p.data = true, r.opt.DataKeys[d.ID]
					p.prepare = func() []fileOut {
						p.Dashboard = r.districtProgress(d).db
						return nil
					}
				}
			})
	}

	// Keywords.
	ks := r.page("keywords", "keywords/", "关键词")
	ks.Crumbs = []Crumb{{"首页", ""}}
	r.add("keywords.html", ks)
	for _, k := range s.Keywords {
		r.list("keyword", k.URL, "关键词："+k.Name, "含“"+k.Name+"”的文章", k.Articles, []Crumb{{"首页", ""}, {"关键词", "keywords/"}},
			func(p *Page) { p.Keyword = k; p.Documents = k.Documents; p.Nav = "keywords" })
	}

	// Inspectors.
	ins := r.page("inspectors", "inspectors/", "督学风采")
	ins.Crumbs = []Crumb{{"首页", ""}}
	r.add("inspectors.html", ins)
	for _, in := range s.Inspectors {
		p := r.page("inspector", in.URL, in.Name)
		p.Nav = "inspectors"
		p.Inspector = in
		p.Crumbs = []Crumb{{"首页", ""}, {"督学风采", "inspectors/"}}
		p.Description = strings.Join(nonEmpty(in.Name, in.Kind, in.Title, in.Role), "，")
		r.add("inspector.html", p)
	}

	// Documents.
	docs := r.page("documents", "documents/", "文件")
	docs.Crumbs = []Crumb{{"首页", ""}}
	docs.Documents = s.Documents
	r.add("documents.html", docs)
	for _, d := range s.Documents {
		p := r.page("document", d.URL, d.Title)
		p.Nav = "documents"
		p.Document = d
		p.Crumbs = []Crumb{{"首页", ""}, {"文件", "documents/"}}
		p.Description = d.Description()
		r.add("document.html", p)
	}

	for _, pg := range s.Pages {
		p := r.page("page", pg.URL, pg.Title)
		p.Plain = pg
		p.Nav = pg.URL
		p.Crumbs = []Crumb{{"首页", ""}}
		p.Description = pg.Description()
		r.add("page.html", p)
	}

	nf := r.page("404", "", "页面不存在")
	// Served for a missing page at any depth, the 404 page can only link from
	// the base URL's path; without a base URL its links work at the root.
	nf.Root = basePath(s.Config.BaseURL)
	nf.fragments = &sync.Map{} // its header and footer are unlike any other page's
	r.addAt("404.html", "404.html", nf)
	r.file("robots.txt", robots(s.Config))
}

// list queues the pages of a paginated list of articles at url, url/page/2/, ….
func (r *renderer) list(kind, url, title, listTitle string, all []*content.Article, crumbs []Crumb, fill func(*Page)) {
	per := r.site.Config.Pagination.PerPage
	total := (len(all) + per - 1) / per
	if total == 0 {
		total = 1
	}
	pageURL := func(n int) string {
		if n == 1 {
			return url
		}
		return url + "page/" + strconv.Itoa(n) + "/"
	}
	for n := 1; n <= total; n++ {
		lo, hi := (n-1)*per, n*per
		if hi > len(all) {
			hi = len(all)
		}
		t := title
		if n > 1 {
			t = fmt.Sprintf("%s（第%d页）", title, n)
		}
		p := r.page(kind, pageURL(n), t)
		p.Nav = "articles"
		p.ListTitle = listTitle
		p.Articles = all[lo:hi]
		p.Crumbs = crumbs
		if total > 1 {
			pg := &Pager{Number: n, Total: total}
			if n > 1 {
				pg.PrevURL = pageURL(n - 1)
			}
			if n < total {
				pg.NextURL = pageURL(n + 1)
			}
			for i := 1; i <= total; i++ {
				if i == 1 || i == total || (i >= n-2 && i <= n+2) {
					pg.Pages = append(pg.Pages, PagerLink{Number: i, URL: pageURL(i), Current: i == n})
				} else if len(pg.Pages) > 0 && pg.Pages[len(pg.Pages)-1].Number != 0 {
					pg.Pages = append(pg.Pages, PagerLink{}) // a gap, shown as …
				}
			}
			p.Pager = pg
		}
		if fill != nil {
			fill(p)
		}
		r.add("list.html", p)
	}
}

// IssueLine is "(2020) 第10期 总第14期", as archives list issues.
func IssueLine(is *content.Issue) string {
	var b strings.Builder
	fmt.Fprintf(&b, "(%d) ", is.Year)
	if is.Supplement {
		b.WriteString("增刊")
	}
	fmt.Fprintf(&b, "第%d期", is.Number)
	if is.Total > 0 {
		fmt.Fprintf(&b, " 总第%d期", is.Total)
	}
	return b.String()
}

// IssueTitle is the series with the issue line.
func IssueTitle(is *content.Issue) string { return is.Series + " " + IssueLine(is) }

func byYear(issues []*content.Issue) []YearGroup {
	var out []YearGroup
	for _, is := range issues {
		if len(out) == 0 || out[len(out)-1].Year != is.Year {
			out = append(out, YearGroup{Year: is.Year})
		}
		g := &out[len(out)-1]
		g.Issues = append(g.Issues, is)
	}
	return out
}

func first(xs []*content.Article, n int) []*content.Article {
	if len(xs) > n {
		return xs[:n]
	}
	return xs
}

func firstDocs(xs []*content.Document, n int) []*content.Document {
	if len(xs) > n {
		return xs[:n]
	}
	return xs
}

func nonEmpty(xs ...string) []string {
	var out []string
	for _, x := range xs {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

// basePath is the path part of the base URL ("/dudao/"), or "" without one.
func basePath(base string) string {
	if base == "" {
		return ""
	}
	i := strings.Index(base, "://")
	rest := base[i+3:]
	if j := strings.IndexByte(rest, '/'); j >= 0 {
		return rest[j:]
	}
	return "/"
}
