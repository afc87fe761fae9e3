package render

import (
	"fmt"
	"html/template"
	"slices"
	"strings"

	"github.com/dudao/dudao/internal/content"
	"github.com/dudao/dudao/internal/search"
)

// The search page and its index. The index is built before the pages are
// rendered; the search page is rendered after it, with the index's version
// in the URLs of its files so that browsers never mix files of two builds.

// Kind filter values of the pages that are not articles.
const (
	searchKindIssue     = "简报"
	searchKindDocument  = "文件"
	searchKindInspector = "督学"
	searchKindPage      = "页面"
)

// buildSearch builds the index into sink and renders the search page. It
// runs before the pages are rendered, on every core, so that the memory it
// takes is given back before theirs is needed.
func (r *renderer) buildSearch() error {
	p := r.page("search", "search/", "搜索")
	p.Crumbs = []Crumb{{"首页", ""}}
	p.Description = "搜索" + r.site.Config.Title + "的简报、文章、文件和督学介绍"
	return r.do(job{part: "search/index.html", key: func() uint64 { return r.searchKey(p) }, run: func(sink Sink) error {
		entries := searchDocs(r.site)
		st, err := search.Build(search.Options{}, len(entries), func(i int) (*search.Doc, error) {
			// The text is made from the body only now, one page at a time.
			d := *entries[i].doc
			d.Text = search.HTMLText(string(entries[i].body))
			return &d, nil
		}, func(name string, data []byte) error {
			return sink.Put(search.DataDir+name, data)
		})
		if err != nil {
			return fmt.Errorf("搜索索引写入失败：%v", err)
		}
		p.SearchIndex = st.Version
		b, err := r.t.execute("search.html", p)
		if err != nil {
			return fmt.Errorf("渲染 /search/ 出错：%v", err)
		}
		return sink.Put("search/index.html", b)
	}})
}

// searchEntry is a page for the index, and its body.
type searchEntry struct {
	doc  *search.Doc
	body template.HTML
	date content.Date
}

// searchDocs lists every page the index holds, newest first; pages without
// a date come last.
func searchDocs(s *content.Site) []searchEntry {
	var all []searchEntry
	add := func(d *search.Doc, body template.HTML, date content.Date) {
		if !date.IsZero() {
			d.Date, d.Year = date.ISO(), date.Year()
			d.Meta = append(d.Meta, date.Chinese())
		}
		all = append(all, searchEntry{d, body, date})
	}
	district := func(d *content.District) (name string, meta []string) {
		if d == nil {
			return "", nil
		}
		return d.Label(), nonEmpty(d.Name, d.Short)
	}
	for _, is := range s.Issues {
		d := &search.Doc{URL: is.URL, Title: IssueTitle(is), Kind: searchKindIssue, Sub: is.Subtitle}
		d.Meta = append(nonEmpty(is.Subtitle, is.Issuer, searchKindIssue), is.SectionOrder...)
		// The issue's text is its note and the titles of its articles,
		// which have entries of their own.
		body := is.Body
		for _, a := range is.Articles {
			body += "<p>" + template.HTML(template.HTMLEscapeString(a.Title)) + "</p>"
		}
		add(d, body, is.Date)
	}
	for _, a := range s.Articles {
		d := &search.Doc{URL: a.URL, Title: a.Title, Kind: or(a.KindLabel(), "文章"), Keywords: a.Keywords}
		var meta []string
		d.District, meta = district(a.District)
		meta = append(meta, nonEmpty(a.KindLabel(), a.Section, a.SourceName, a.Author, a.Editor, a.Place, a.Chair)...)
		meta = append(meta, a.Attendees...)
		if a.Inspector != nil {
			meta = append(meta, a.Inspector.Name)
		}
		d.Meta = meta
		if a.Issue != nil {
			d.Sub = a.Issue.Series + " " + IssueLine(a.Issue)
		}
		add(d, a.Body, a.Date)
	}
	for _, doc := range s.Documents {
		d := &search.Doc{URL: doc.URL, Title: doc.Title, Kind: searchKindDocument, Keywords: doc.Subjects}
		var meta []string
		d.District, meta = district(doc.District)
		d.Meta = append(meta, nonEmpty(doc.Publisher, doc.DocNo, doc.IndexNo, doc.Category, searchKindDocument)...)
		d.Sub = strings.Join(nonEmpty(doc.DocNo, doc.Publisher), " · ")
		add(d, doc.Body, doc.Date)
	}
	for _, pg := range s.Pages {
		add(&search.Doc{URL: pg.URL, Title: pg.Title, Kind: searchKindPage}, pg.Body, pg.Date)
	}
	for _, in := range s.Inspectors {
		d := &search.Doc{URL: in.URL, Title: in.Name, Kind: searchKindInspector}
		var meta []string
		d.District, meta = district(in.District)
		d.Meta = append(meta, nonEmpty(in.Kind, in.Title, in.School, in.Role, in.Party, "督学风采")...)
		d.Sub = strings.Join(nonEmpty(in.Kind, in.School, in.Role), " · ")
		add(d, in.Body, content.Date{})
	}
	slices.SortStableFunc(all, func(a, b searchEntry) int {
		switch {
		case a.date.IsZero() != b.date.IsZero():
			if a.date.IsZero() {
				return 1
			}
			return -1
		case a.date.After(b.date.Time):
			return -1
		case b.date.After(a.date.Time):
			return 1
		}
		return 0
	})
	return all
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
