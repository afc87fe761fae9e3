package render

import (
	"bytes"
	"encoding/xml"
	"net/url"
	"strings"
	"time"

	"github.com/dudao/dudao/internal/config"
	"github.com/dudao/dudao/internal/content"
)

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	Base    string      `xml:"xml:base,attr,omitempty"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID        string       `xml:"id"`
	Title     string       `xml:"title"`
	Updated   string       `xml:"updated"`
	Published string       `xml:"published"`
	Link      atomLink     `xml:"link"`
	Authors   []atomPerson `xml:"author,omitempty"`
	Category  []atomCat    `xml:"category,omitempty"`
	Summary   string       `xml:"summary,omitempty"`
	Content   atomContent  `xml:"content"`
}

type atomCat struct {
	Term string `xml:"term,attr"`
}

type atomContent struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

// writeFeeds writes the site's Atom feed and one per district.
func writeFeeds(s *content.Site, sink Sink) error {
	if err := sink.Put("feed.xml", feed(s, "", s.Config.Title, s.Articles)); err != nil {
		return err
	}
	for _, d := range s.Districts {
		if err := sink.Put(d.URL+"feed.xml", feed(s, d.URL, s.Config.Title+" · "+d.Name, d.Articles)); err != nil {
			return err
		}
	}
	return nil
}

// feed builds one Atom feed whose file sits at dir+"feed.xml". Without a base
// URL the links are relative to the feed, which Atom allows.
func feed(s *content.Site, dir, title string, articles []*content.Article) []byte {
	base := s.Config.BaseURL
	link := func(u string) string {
		if base != "" {
			return base + escapePath(u)
		}
		return content.Rel(dir, u)
	}
	f := atomFeed{
		Lang:   "zh-CN",
		Title:  title,
		Links:  []atomLink{{Rel: "self", Type: "application/atom+xml", Href: link(dir + "feed.xml")}, {Rel: "alternate", Type: "text/html", Href: link(dir)}},
		Author: atomPerson{Name: nonEmptyFirst(s.Config.Office, s.Config.Title)},
	}
	f.ID = idFor(s.Config, dir+"feed.xml")
	if len(articles) > s.Config.Feed.Limit {
		articles = articles[:s.Config.Feed.Limit]
	}
	updated := time.Date(2000, 1, 1, 0, 0, 0, 0, content.China)
	for _, a := range articles {
		if a.Date.After(updated) {
			updated = a.Date.Time
		}
		e := atomEntry{
			ID:        idFor(s.Config, a.URL),
			Title:     a.Title,
			Updated:   a.Date.Atom(),
			Published: a.Date.Atom(),
			Link:      atomLink{Rel: "alternate", Type: "text/html", Href: link(a.URL)},
			Summary:   a.Description(),
			Content:   atomContent{Type: "html", Body: absolutize(string(a.Body), link(a.URL))},
		}
		if by := nonEmptyFirst(a.Author, a.SourceName); by != "" {
			e.Authors = []atomPerson{{Name: by}}
		}
		for _, k := range a.Keywords {
			e.Category = append(e.Category, atomCat{Term: k})
		}
		f.Entries = append(f.Entries, e)
	}
	f.Updated = updated.Format(time.RFC3339)
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	enc.Encode(f)
	b.WriteByte('\n')
	return b.Bytes()
}

// idFor gives an entry a permanent id: its address when the base URL is known,
// else a tag: URI from the site title, which stays stable across builds.
func idFor(cfg *config.Site, u string) string {
	if cfg.BaseURL != "" {
		return cfg.BaseURL + escapePath(u)
	}
	return "tag:dudao," + url.PathEscape(cfg.Title) + ":" + escapePath(u)
}

// absolutize rewrites the relative links of an article body, which are relative
// to the article's page, against the page's address, so feed readers resolve
// them. With no base URL they are left as they are.
func absolutize(html, pageURL string) string {
	base, err := url.Parse(pageURL)
	if err != nil || !base.IsAbs() {
		return html
	}
	var b strings.Builder
	for {
		i := indexAttr(html)
		if i < 0 {
			b.WriteString(html)
			return b.String()
		}
		q := html[i]
		end := strings.IndexByte(html[i+1:], q)
		if end < 0 {
			b.WriteString(html)
			return b.String()
		}
		val := html[i+1 : i+1+end]
		b.WriteString(html[:i+1])
		if ref, err := url.Parse(val); err == nil && !ref.IsAbs() && !strings.HasPrefix(val, "#") {
			val = base.ResolveReference(ref).String()
		}
		b.WriteString(val)
		html = html[i+1+end:]
	}
}

// indexAttr finds the opening quote of the next href= or src= value.
func indexAttr(s string) int {
	best := -1
	for _, a := range []string{` href="`, ` src="`} {
		if i := strings.Index(s, a); i >= 0 && (best < 0 || i+len(a)-1 < best) {
			best = i + len(a) - 1
		}
	}
	return best
}

func nonEmptyFirst(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}

// escapePath percent-encodes each segment of a site URL.
func escapePath(u string) string {
	if plainPath(u) {
		return u
	}
	parts := strings.Split(u, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

type urlset struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// writeSitemap lists every page. A sitemap needs absolute addresses, so a site
// without a base URL gets none (the build says so).
func writeSitemap(s *content.Site, sink Sink) error {
	if s.Config.BaseURL == "" {
		return nil
	}
	var set urlset
	add := func(u string, d content.Date) {
		e := sitemapURL{Loc: s.Config.BaseURL + escapePath(u)}
		if !d.IsZero() {
			e.LastMod = d.ISO()
		}
		set.URLs = append(set.URLs, e)
	}
	var latest content.Date
	if len(s.Articles) > 0 {
		latest = s.Articles[0].Date
	}
	add("", latest)
	add("bulletins/", latest)
	for _, is := range s.Issues {
		add(is.URL, is.Date)
	}
	for _, a := range s.Articles {
		add(a.URL, a.Date)
	}
	add("articles/", latest)
	add("districts/", latest)
	for _, d := range s.Districts {
		add(d.URL, content.Date{})
	}
	add("inspectors/", content.Date{})
	for _, in := range s.Inspectors {
		add(in.URL, content.Date{})
	}
	add("documents/", content.Date{})
	for _, d := range s.Documents {
		add(d.URL, d.Date)
	}
	add("keywords/", content.Date{})
	for _, k := range s.Keywords {
		add(k.URL, content.Date{})
	}
	for _, p := range s.Pages {
		add(p.URL, p.Date)
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(set); err != nil {
		return err
	}
	b.WriteByte('\n')
	return sink.Put("sitemap.xml", b.Bytes())
}

func robots(cfg *config.Site) []byte {
	s := "User-agent: *\nAllow: /\n"
	if cfg.BaseURL != "" {
		s += "Sitemap: " + cfg.BaseURL + "sitemap.xml\n"
	}
	return []byte(s)
}

// plainPath reports whether u needs no escaping: most site URLs.
func plainPath(u string) bool {
	for i := 0; i < len(u); i++ {
		c := u[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
			return false
		}
	}
	return true
}
