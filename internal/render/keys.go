package render

import (
	"sort"

	"github.com/dudao/dudao/internal/content"
	"github.com/dudao/dudao/internal/digest"
	"github.com/dudao/dudao/internal/parallel"
)

// Keys for tracked renders (Options.Tracker): each fingerprints everything a
// part of the site shows, so that a part whose key is unchanged can be kept
// as it is. A key names each thing a page shows at the level it shows it: an
// article's page shows all of it (File.Sum, which covers its file and its
// converted body), a list shows only its card (title, date, unit, issue).
// Whoever changes what a built-in template shows must change the key with
// it; the build package's incremental-equals-full test catches a key that
// misses an input. A site with templates of its own gets no keys at all
// (Templates.custom): its templates may show anything.

// globalKey fingerprints what every page shows: the options, the templates,
// the assets' names, the menu and whether there is progress data.
func (r *renderer) globalKey() uint64 {
	var d digest.Digest
	d.Uint64(r.opt.Global).Uint64(r.t.sum).Bool(len(r.progress) > 0)
	names := make([]string, 0, len(r.assets))
	for name := range r.assets {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		d.String(name).String(r.assets[name])
	}
	for _, p := range r.site.Menu() {
		d.String(p.URL).String(p.Title)
	}
	return d.Sum()
}

// pageKey fingerprints the page p rendered with the template tmpl.
func (r *renderer) pageKey(tmpl string, p *Page) uint64 {
	d := new(digest.Digest)
	d.Uint64(r.global).Strings(tmpl, p.Kind, p.URL, p.Title, p.Description, p.Nav, p.Root, p.ListTitle)
	d.Bool(p.HasCharts).Bool(p.Progress)
	for _, c := range p.Crumbs {
		d.String(c.Title).String(c.URL)
	}
	if pg := p.Pager; pg != nil {
		d.Int(pg.Number).Int(pg.Total)
	}
	if is := p.Issue; is != nil {
		r.issueFull(d, is)
	}
	if a := p.Article; a != nil {
		r.articleFull(d, a)
		r.articleCard(d, a.Prev)
		r.articleCard(d, a.Next)
		if in := a.Inspector; in != nil {
			d.String(in.Name).String(in.URL)
		}
	}
	if dt := p.District; dt != nil {
		d.Int(len(dt.Articles))
	}
	if k := p.Keyword; k != nil {
		d.String(k.Name).Int(len(k.Articles)).Int(len(k.Documents))
	}
	if in := p.Inspector; in != nil {
		d.Uint64(in.Sum).String(in.PhotoURL)
		for _, a := range in.Articles {
			r.articleCard(d, a)
		}
	}
	if doc := p.Document; doc != nil {
		d.Uint64(doc.Sum)
		r.keywordURLs(d, doc.Subjects)
	}
	if pg := p.Plain; pg != nil {
		d.Uint64(pg.Sum)
	}
	for _, list := range [][]*content.Article{p.Articles, p.Related} {
		d.Int(len(list))
		for _, a := range list {
			r.articleCard(d, a)
		}
	}
	d.Int(len(p.Documents))
	for _, doc := range p.Documents {
		d.Uint64(doc.Sum)
	}
	for _, y := range p.Years {
		d.Int(y.Year)
		for _, is := range y.Issues {
			issueCard(d, is)
		}
	}
	d.Uint64(p.data)
	// What some pages show of the whole site.
	switch p.Kind {
	case "home", "districts":
		for _, dt := range r.site.Districts {
			d.Int(len(dt.Articles))
			if len(dt.Articles) > 0 {
				r.articleCard(d, dt.Articles[0])
			}
		}
	case "keywords":
		for _, k := range r.site.Keywords {
			d.String(k.Name).String(k.URL).Int(len(k.Articles)).Int(len(k.Documents))
		}
	case "inspectors":
		for _, in := range r.site.Inspectors {
			d.Uint64(in.Sum)
		}
	}
	return d.Sum()
}

// cardKeys works out every article's card and full keys, once per render:
// lists show the same article many times, and an article is in full on its
// page, its issue's page and the feeds.
func (r *renderer) cardKeys() {
	arts := r.site.Articles
	cards, fulls := make([]uint64, len(arts)), make([]uint64, len(arts))
	parallel.Do(len(arts), func(i int) error {
		a := arts[i]
		var d digest.Digest
		d.String(a.URL).String(a.Title)
		date(&d, a.Date)
		if a.District != nil {
			d.String(a.District.ID)
		}
		if is := a.Issue; is != nil {
			d.String(is.Series).Int(is.Number)
		}
		cards[i] = d.Sum()
		var f digest.Digest
		f.Uint64(cards[i]).Uint64(a.Sum)
		r.keywordURLs(&f, a.Keywords)
		if is := a.Issue; is != nil {
			f.String(is.URL).Int(is.Year)
		}
		fulls[i] = f.Sum()
		return nil
	})
	r.cards = make(map[*content.Article][2]uint64, len(arts))
	for i, a := range arts {
		r.cards[a] = [2]uint64{cards[i], fulls[i]}
	}
}

// articleCard adds what a list shows of a (nil for none).
func (r *renderer) articleCard(d *digest.Digest, a *content.Article) {
	if a == nil {
		d.Int(0)
		return
	}
	d.Uint64(r.cards[a][0])
}

func date(d *digest.Digest, t content.Date) {
	_, offset := t.Zone()
	d.Uint64(uint64(t.UnixNano())).Int(offset).Bool(t.HasClock)
}

// articleFull adds everything a's page shows of it.
func (r *renderer) articleFull(d *digest.Digest, a *content.Article) {
	d.Uint64(r.cards[a][1])
	if r.chartPages[a.URL] {
		d.Uint64(r.opt.Data)
	}
}

// issueCard adds what the archive shows of an issue.
func issueCard(d *digest.Digest, is *content.Issue) {
	d.Uint64(is.Sum).String(is.URL).Int(len(is.Articles))
}

// issueFull adds everything the issue's page shows: its articles in full.
func (r *renderer) issueFull(d *digest.Digest, is *content.Issue) {
	issueCard(d, is)
	for _, other := range []*content.Issue{is.Prev, is.Next} {
		if other != nil {
			d.String(other.URL).Int(other.Year).Int(other.Number)
		} else {
			d.Int(0)
		}
	}
	for _, a := range is.Articles {
		r.articleFull(d, a)
	}
	if r.chartPages[is.URL] {
		d.Uint64(r.opt.Data)
	}
}

// keywordURLs adds where the links of the keywords lead: two keywords that
// fold to the same folder name are told apart by a number.
func (r *renderer) keywordURLs(d *digest.Digest, names []string) {
	for _, name := range names {
		if k := r.site.Keyword(name); k != nil {
			d.String(k.URL)
		} else {
			d.String(name)
		}
	}
}

// feedsKey fingerprints the Atom feeds: the newest articles in full.
func (r *renderer) feedsKey() uint64 {
	d := new(digest.Digest).Uint64(r.global)
	feed := func(articles []*content.Article) {
		if n := r.site.Config.Feed.Limit; len(articles) > n {
			articles = articles[:n]
		}
		d.Int(len(articles))
		for _, a := range articles {
			r.articleFull(d, a)
		}
	}
	feed(r.site.Articles)
	for _, dt := range r.site.Districts {
		feed(dt.Articles)
	}
	return d.Sum()
}

// searchKey fingerprints the search page and its index: every page's file
// (its File.Sum) and what the index takes from elsewhere.
func (r *renderer) searchKey(p *Page) uint64 {
	s := r.site
	d := new(digest.Digest).Uint64(r.pageKey("search.html", p))
	district := func(dt *content.District) {
		if dt != nil {
			d.String(dt.ID)
		} else {
			d.Int(0)
		}
	}
	for _, is := range s.Issues {
		d.Uint64(is.Sum).Int(len(is.Articles))
		for _, a := range is.Articles {
			d.String(a.Title)
		}
	}
	for _, a := range s.Articles {
		d.Uint64(a.Sum)
		date(d, a.Date)
		district(a.District)
		if a.Inspector != nil {
			d.String(a.Inspector.Name)
		}
		if a.Issue != nil {
			d.Uint64(a.Issue.Sum)
		}
	}
	for _, doc := range s.Documents {
		d.Uint64(doc.Sum)
		district(doc.District)
	}
	for _, pg := range s.Pages {
		d.Uint64(pg.Sum)
	}
	for _, in := range s.Inspectors {
		d.Uint64(in.Sum)
		district(in.District)
	}
	return d.Sum()
}

// sitemapKey fingerprints the sitemap: every page's address and date.
func (r *renderer) sitemapKey() uint64 {
	s := r.site
	d := new(digest.Digest).Uint64(r.global)
	for _, a := range s.Articles {
		r.articleCard(d, a)
	}
	for _, is := range s.Issues {
		d.Uint64(is.Sum)
	}
	for _, in := range s.Inspectors {
		d.String(in.URL)
	}
	for _, doc := range s.Documents {
		d.Uint64(doc.Sum)
	}
	for _, k := range s.Keywords {
		d.String(k.URL)
	}
	for _, pg := range s.Pages {
		d.Uint64(pg.Sum)
	}
	return d.Sum()
}
