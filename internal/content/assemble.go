package content

import (
	"sort"
	"strconv"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// reserved are the top-level folders dudao's own pages use; a plain page may
// not take them.
var reserved = map[string]bool{
	"bulletins": true, "articles": true, "districts": true, "keywords": true, "inspectors": true,
	"documents": true, "assets": true, "search": true, "data": true, "404": true, "feed.xml": true,
	"sitemap.xml": true, "robots.txt": true, "overview": true, "indicators": true, "schools": true,
}

// assemble checks each file's fields, links the files to each other, gives
// each its URL and puts everything in display order.
func (l *loader) assemble() {
	s, drafts := l.site, l.site.Config.Drafts
	keep := func(f *File, draft bool) bool { return !f.failed && (drafts || !draft) }

	for _, is := range l.issues {
		if keep(&is.File, is.Draft) {
			l.checkIssue(is)
		}
	}
	l.checkIssueNumbers()
	for _, in := range l.inspectors {
		if keep(&in.File, in.Draft) && l.checkInspector(in) {
			s.Inspectors = append(s.Inspectors, in)
		}
	}
	inspectorByID := map[string]*Inspector{}
	for _, in := range s.Inspectors {
		inspectorByID[in.ID] = in
	}
	for _, a := range l.articles {
		if a.issueSlug != "" {
			a.Issue = l.issueDirs[a.issueSlug]
			if a.Issue != nil && (a.Issue.failed || (a.Issue.Draft && !drafts)) {
				continue // the issue is left out, and so are its articles
			}
		}
		if keep(&a.File, a.Draft) && l.checkArticle(a, inspectorByID) {
			s.Articles = append(s.Articles, a)
		}
	}
	for _, d := range l.documents {
		if keep(&d.File, d.Draft) && l.checkDocument(d) {
			s.Documents = append(s.Documents, d)
		}
	}
	for _, p := range l.pages {
		if keep(&p.File, p.Draft) && l.checkPage(p) {
			s.Pages = append(s.Pages, p)
		}
	}
	for _, is := range l.issues {
		if keep(&is.File, is.Draft) && is.URL != "" {
			s.Issues = append(s.Issues, is)
		}
	}
	l.checkURLs()
	l.order()
}

func (l *loader) required(f *File, key, value, what string) bool {
	if strings.TrimSpace(value) == "" {
		l.missing(f, key, what)
		return false
	}
	return true
}

func (l *loader) missing(f *File, key, what string) {
	p := f.doc.Pos(key)
	if !f.has(key) {
		// Point at the opening +++ line: the field is not there at all.
		l.list.Errorf(f.Path, p.Line-1, 1, "缺少必填字段 %s（%s）", key, what)
		return
	}
	l.list.Errorf(f.Path, p.Line, p.Col, "字段 %s（%s）不能为空", key, what)
}

func (l *loader) district(f *File, key, id string) *District {
	if id == "" {
		return nil
	}
	d := l.site.District(id)
	if d == nil {
		var ids []string
		for _, d := range l.site.Districts {
			ids = append(ids, d.ID+"（"+d.Name+"）")
		}
		known := "data/districts.toml 里还没有任何区县"
		if len(ids) > 0 {
			known = "可用的有：" + strings.Join(ids, "、")
		}
		fieldError(l.list, f, key, "不认识的区县 id %q，%s", id, known)
	}
	return d
}

func (l *loader) checkIssue(is *Issue) {
	f := &is.File
	ok := l.required(f, "series", is.Series, "期刊名称，如 铜陵市教育督导工作信息")
	ok = l.required(f, "issuer", is.Issuer, "编印单位") && ok
	if is.Year < 1949 || is.Year > 2200 {
		if is.Year == 0 && !f.has("year") {
			l.missing(f, "year", "年份")
		} else {
			fieldError(l.list, f, "year", "年份 %d 不对", is.Year)
		}
		ok = false
	}
	if is.Number < 1 {
		if !f.has("number") {
			l.missing(f, "number", "当年第几期")
		} else {
			fieldError(l.list, f, "number", "期号应是从 1 开始的整数，不是 %d", is.Number)
		}
		ok = false
	}
	if is.Total < 0 {
		fieldError(l.list, f, "total", "总期号不能是负数")
		ok = false
	}
	if is.Date.IsZero() {
		l.missing(f, "date", "印发日期")
		ok = false
	} else if is.Year >= 1949 && is.Date.Year() != is.Year && is.Date.Year() != is.Year+1 {
		l.list.Warnf(f.Path, f.doc.Pos("date").Line, f.doc.Pos("date").Col, "日期 %s 与年份 %d 不一致", is.Date.ISO(), is.Year)
	}
	if is.Footer.Copies < 0 {
		fieldError(l.list, f, "footer.copies", "印数不能是负数")
	}
	switch is.Footer.SendLabel {
	case "":
		is.Footer.SendLabel = "抄送"
	case "抄送", "抄发", "分送", "发":
	default:
		fieldError(l.list, f, "footer.send_label", "send_label 一般写 抄送 或 抄发，不是 %q", is.Footer.SendLabel)
	}
	if err := checkSegment(is.Slug); err != nil {
		l.list.Errorf(f.Path, 0, 0, "期刊文件夹名 %v", err)
		ok = false
	}
	if ok {
		is.URL = "bulletins/" + is.Slug + "/"
	}
}

// checkIssueNumbers finds two issues with the same 第N期 in a year, or the
// same 总第N期.
func (l *loader) checkIssueNumbers() {
	byNumber := map[string]*Issue{}
	byTotal := map[int]*Issue{}
	for _, is := range l.issues {
		if is.URL == "" || (is.Draft && !l.site.Config.Drafts) {
			continue
		}
		key := strconv.Itoa(is.Year) + "/" + strconv.Itoa(is.Number) + "/" + strconv.FormatBool(is.Supplement)
		if prev, dup := byNumber[key]; dup {
			what := "第" + strconv.Itoa(is.Number) + "期"
			if is.Supplement {
				what = "增刊" + what
			}
			fieldError(l.list, &is.File, "number", "%d 年%s重复了：%s 也是这一期", is.Year, what, prev.Path)
		} else {
			byNumber[key] = is
		}
		if is.Total > 0 {
			if prev, dup := byTotal[is.Total]; dup {
				fieldError(l.list, &is.File, "total", "总第%d期重复了：%s 也是总第%d期", is.Total, prev.Path, is.Total)
			} else {
				byTotal[is.Total] = is
			}
		}
	}
}

func (l *loader) checkArticle(a *Article, inspectors map[string]*Inspector) bool {
	f := &a.File
	ok := l.required(f, "title", a.Title, "标题")
	if a.Issue == nil && a.issueSlug != "" {
		l.list.Errorf(f.Path, 0, 0, "文件夹 content/bulletins/%s/ 里没有 index.md：每期期刊要有 index.md 写明期号、日期等", a.issueSlug)
		return false
	}
	if a.IssueRef != "" && a.Issue == nil {
		fieldError(l.list, f, "issue", "这篇文章写明属于 %s 期，但它不在那一期的文件夹里；请把文件移到 content/bulletins/%s/ 并删掉 issue 这一行", a.IssueRef, a.IssueRef)
		ok = false
	} else if a.IssueRef != "" && a.IssueRef != a.Issue.Slug {
		fieldError(l.list, f, "issue", "issue 写的是 %s，但文件在 %s 期的文件夹里", a.IssueRef, a.Issue.Slug)
		ok = false
	}
	if a.Kind == "" {
		a.Kind = "update"
	} else if _, known := Kinds[a.Kind]; !known {
		fieldError(l.list, f, "kind", "kind 不认识 %q；可用：update（工作动态）、meeting（会议）、inspection（专项督导）、experience（经验交流）、profile（督学风采）、data（数据）、notice（通知公告）", a.Kind)
		ok = false
	}
	if a.Issue != nil {
		if !l.required(f, "section", a.Section, "所在栏目，如 工作动态") {
			ok = false
		} else if len(a.Issue.SectionOrder) > 0 && !contains(a.Issue.SectionOrder, a.Section) {
			fieldError(l.list, f, "section", "栏目 %q 不在本期 index.md 的 sections 里（%s）", a.Section, strings.Join(a.Issue.SectionOrder, "、"))
			ok = false
		}
		if a.Date.IsZero() {
			a.Date = a.Issue.Date
		}
	} else if a.Date.IsZero() {
		l.missing(f, "date", "发布日期")
		ok = false
	}
	if a.Unit != "" {
		a.District = l.district(f, "unit", a.Unit)
		ok = ok && a.District != nil
	}
	if a.InspectorID != "" {
		a.Inspector = inspectors[a.InspectorID]
		if a.Inspector == nil {
			fieldError(l.list, f, "inspector", "找不到督学 %q：应有文件 content/inspectors/%s.md", a.InspectorID, a.InspectorID)
			ok = false
		}
	}
	for i, k := range a.Keywords {
		a.Keywords[i] = strings.TrimSpace(k)
		if a.Keywords[i] == "" {
			fieldError(l.list, f, "keywords", "关键词不能是空的")
			ok = false
		}
	}
	slug := a.stem
	if a.Slug != "" {
		slug = a.Slug
	}
	if err := checkSegment(slug); err != nil {
		key := "slug"
		if a.Slug == "" {
			fieldError(l.list, f, "title", "文件名不能用作网址：%v", err)
		} else {
			fieldError(l.list, f, key, "slug %v", err)
		}
		ok = false
	}
	if !ok {
		return false
	}
	if a.Issue != nil {
		if a.Issue.URL == "" {
			return false
		}
		a.URL = a.Issue.URL + slug + "/"
	} else {
		a.URL = "articles/" + slug + "/"
	}
	return true
}

func (l *loader) checkInspector(in *Inspector) bool {
	f := &in.File
	ok := l.required(f, "name", in.Name, "姓名")
	if err := checkSegment(in.ID); err != nil {
		l.list.Errorf(f.Path, 0, 0, "文件名不能用作网址：%v", err)
		ok = false
	}
	if in.Unit != "" {
		in.District = l.district(f, "unit", in.Unit)
		ok = ok && in.District != nil
	}
	if ok {
		in.URL = "inspectors/" + in.ID + "/"
	}
	return ok
}

func (l *loader) checkDocument(d *Document) bool {
	f := &d.File
	ok := l.required(f, "title", d.Title, "标题")
	ok = l.required(f, "publisher", d.Publisher, "发布机构") && ok
	if d.Date.IsZero() {
		l.missing(f, "date", "发文日期")
		ok = false
	}
	if d.Unit != "" {
		d.District = l.district(f, "unit", d.Unit)
		ok = ok && d.District != nil
	}
	slug := d.stem
	if d.Slug != "" {
		slug = d.Slug
	}
	if err := checkSegment(slug); err != nil {
		fieldError(l.list, f, "slug", "网址名 %v", err)
		ok = false
	}
	if ok {
		d.URL = "documents/" + slug + "/"
	}
	return ok
}

func (l *loader) checkPage(p *Page) bool {
	f := &p.File
	ok := l.required(f, "title", p.Title, "标题")
	segs := strings.Split(p.stem, "/")
	if p.Slug != "" {
		segs[len(segs)-1] = p.Slug
	}
	for _, seg := range segs {
		if err := checkSegment(seg); err != nil {
			fieldError(l.list, f, "slug", "网址名 %v", err)
			return false
		}
	}
	if reserved[segs[0]] {
		l.list.Errorf(f.Path, 0, 0, "网址 /%s/ 是 dudao 自己的栏目，页面不能用这个名字", segs[0])
		return false
	}
	if ok {
		p.URL = strings.Join(segs, "/") + "/"
	}
	return ok
}

// checkURLs finds two files that would be written to the same page.
func (l *loader) checkURLs() {
	s := l.site
	seen := map[string]string{}
	claim := func(f *File) {
		if prev, dup := seen[f.URL]; dup {
			l.list.Errorf(f.Path, 0, 0, "和 %s 的网址相同（/%s），请用 slug 给其中一个换个网址", prev, f.URL)
			return
		}
		seen[f.URL] = f.Path
	}
	for _, is := range s.Issues {
		claim(&is.File)
	}
	for _, a := range s.Articles {
		claim(&a.File)
	}
	for _, in := range s.Inspectors {
		claim(&in.File)
	}
	for _, d := range s.Documents {
		claim(&d.File)
	}
	for _, p := range s.Pages {
		claim(&p.File)
	}
	for _, r := range s.Resources {
		if prev, dup := seen[r.Out+"/"]; dup {
			l.list.Errorf(prev, 0, 0, "网址和文件 content/%s 冲突", r.Out)
		}
	}
}

var numerals = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

// Numeral writes n (1–99) in Chinese: 一, 十二, 二十三.
func Numeral(n int) string {
	switch {
	case n <= 0 || n >= 100:
		return strconv.Itoa(n)
	case n <= 10:
		return numerals[n]
	case n < 20:
		return "十" + numerals[n-10]
	case n%10 == 0:
		return numerals[n/10] + "十"
	default:
		return numerals[n/10] + "十" + numerals[n%10]
	}
}

// order sorts everything for display and builds the lists pages show.
func (l *loader) order() {
	s := l.site
	// Issue contents.
	for _, a := range s.Articles {
		if a.Issue != nil {
			a.Issue.Articles = append(a.Issue.Articles, a)
		}
	}
	for _, is := range s.Issues {
		sort.SliceStable(is.Articles, func(i, j int) bool {
			a, b := is.Articles[i], is.Articles[j]
			if a.Order != b.Order {
				return a.Order < b.Order
			}
			return a.stem < b.stem
		})
		is.group()
	}
	sort.SliceStable(s.Issues, func(i, j int) bool {
		a, b := s.Issues[i], s.Issues[j]
		if !a.Date.Equal(b.Date.Time) {
			return a.Date.After(b.Date.Time)
		}
		if a.Year != b.Year {
			return a.Year > b.Year
		}
		return a.Number > b.Number
	})
	for i, is := range s.Issues {
		if i > 0 {
			is.Next = s.Issues[i-1]
		}
		if i+1 < len(s.Issues) {
			is.Prev = s.Issues[i+1]
		}
	}
	// Articles, newest first; inside one issue in reading order.
	pos := map[*Article]int{}
	for _, is := range s.Issues {
		for i, a := range is.Articles {
			pos[a] = i
		}
	}
	sort.SliceStable(s.Articles, func(i, j int) bool {
		a, b := s.Articles[i], s.Articles[j]
		if !a.Date.Equal(b.Date.Time) {
			return a.Date.After(b.Date.Time)
		}
		if a.Issue != b.Issue {
			return a.URL < b.URL
		}
		return pos[a] < pos[b]
	})
	for _, a := range s.Articles {
		if a.District != nil {
			a.District.Articles = append(a.District.Articles, a)
		}
		if a.Inspector != nil {
			a.Inspector.Articles = append(a.Inspector.Articles, a)
		}
	}
	sort.SliceStable(s.Documents, func(i, j int) bool {
		if !s.Documents[i].Date.Equal(s.Documents[j].Date.Time) {
			return s.Documents[i].Date.After(s.Documents[j].Date.Time)
		}
		return s.Documents[i].URL < s.Documents[j].URL
	})
	col := collate.New(language.SimplifiedChinese)
	sort.SliceStable(s.Inspectors, func(i, j int) bool {
		return col.CompareString(s.Inspectors[i].Name, s.Inspectors[j].Name) < 0
	})
	sort.SliceStable(s.Pages, func(i, j int) bool {
		a, b := s.Pages[i], s.Pages[j]
		if a.Menu != b.Menu {
			return a.Menu < b.Menu
		}
		return a.URL < b.URL
	})
	l.keywords(col)
}

// group splits an issue's articles into its numbered sections and units.
func (is *Issue) group() {
	bySection := map[string]*Section{}
	var sections []*Section
	for _, name := range is.SectionOrder {
		sec := &Section{Name: name}
		bySection[name] = sec
		sections = append(sections, sec)
	}
	for i, a := range is.Articles {
		if i > 0 {
			a.Prev = is.Articles[i-1]
		}
		if i+1 < len(is.Articles) {
			a.Next = is.Articles[i+1]
		}
		sec := bySection[a.Section]
		if sec == nil {
			sec = &Section{Name: a.Section}
			bySection[a.Section] = sec
			sections = append(sections, sec)
		}
		var g *UnitGroup
		for _, u := range sec.Units {
			if u.District == a.District {
				g = u
			}
		}
		if g == nil {
			g = &UnitGroup{District: a.District}
			sec.Units = append(sec.Units, g)
		}
		g.Articles = append(g.Articles, a)
	}
	n := 0
	for _, sec := range sections {
		if len(sec.Units) == 0 {
			continue
		}
		n++
		sec.Numeral = Numeral(n)
		// Units get a numbered head (一) only when the section is divided among
		// several; a section one unit wrote has none, as in print.
		if len(sec.Units) > 1 {
			for i, u := range sec.Units {
				u.Numeral = Numeral(i + 1)
			}
		}
		is.Sections = append(is.Sections, sec)
	}
}

func (l *loader) keywords(col *collate.Collator) {
	s := l.site
	byName := map[string]*Keyword{}
	s.keywordByName = byName
	get := func(name string) *Keyword {
		k := byName[name]
		if k == nil {
			k = &Keyword{Name: name}
			byName[name] = k
			s.Keywords = append(s.Keywords, k)
		}
		return k
	}
	for _, a := range s.Articles {
		for _, name := range unique(a.Keywords) {
			k := get(name)
			k.Articles = append(k.Articles, a)
		}
	}
	for _, d := range s.Documents {
		for _, name := range unique(d.Subjects) {
			name = strings.TrimSpace(name)
			if name != "" {
				k := get(name)
				k.Documents = append(k.Documents, d)
			}
		}
	}
	sort.SliceStable(s.Keywords, func(i, j int) bool {
		return col.CompareString(s.Keywords[i].Name, s.Keywords[j].Name) < 0
	})
	// Two keywords may fold to the same folder name (Case, punctuation).
	used := map[string]int{}
	for _, k := range s.Keywords {
		seg := keywordSegment(k.Name)
		if n := used[seg]; n > 0 {
			used[seg]++
			seg += "-" + strconv.Itoa(n+1)
		} else {
			used[seg] = 1
		}
		k.URL = "keywords/" + seg + "/"
	}
}

func unique(xs []string) []string {
	var out []string
	for _, x := range xs {
		if !contains(out, x) { // lists of keywords are short
			out = append(out, x)
		}
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func itoa(i int) string { return strconv.Itoa(i) }
