package corpus

import (
	"fmt"
	"github.com/dudao/dudao/internal/frontmatter"
	"sort"
	"strconv"
	"time"
)

// issuePlan is one bulletin issue before it is written.
type issuePlan struct {
	year, number, total int
	supplement          bool
	date                time.Time
	size                int // articles
	slug                string
}

// writeArticles writes the issues with n-5% articles in all and the
// standalone articles.
func (s *site) writeArticles(n int) error {
	g := s.g
	standalone := (n*5 + 50) / 100
	inIssues := n - standalone
	if inIssues == 0 { // a single article: put it in an issue
		inIssues, standalone = n, 0
	}

	// Issue sizes, 4–8 articles, smaller ones more often (≈5.7 on average).
	var sizes []int
	sum := 0
	for sum < inIssues {
		rem := inIssues - sum
		k := []int{4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 6, 6, 6, 6, 7, 7, 7, 8, 8, 8}[g.n(0, 19)]
		if rem <= 8 {
			k = rem
		}
		sizes = append(sizes, k)
		sum += k
	}
	// A last issue of fewer than four gives its articles to the others.
	for len(sizes) > 1 && sizes[len(sizes)-1] < 4 {
		last := sizes[len(sizes)-1]
		sizes = sizes[:len(sizes)-1]
		for i := len(sizes) - 1; last > 0 && i >= 0; i-- {
			for sizes[i] < 8 && last > 0 {
				sizes[i]++
				last--
			}
		}
		if last > 0 {
			sizes = append(sizes, last)
			break
		}
	}

	// Spread the issues over the years, numbered per year; one issue in the
	// middle of a year with six or more is a supplement (增刊), numbered apart
	// and without a 总第N期.
	years := lastYear - firstYear + 1
	var plans []*issuePlan
	total := 0
	for y := 0; y < years; y++ {
		var idx []int
		for i := range sizes {
			if i*years/len(sizes) == y {
				idx = append(idx, i)
			}
		}
		year := firstYear + y
		number := 0
		step := 352 / max(1, len(idx))
		for k, i := range idx {
			p := &issuePlan{year: year, size: sizes[i]}
			if len(idx) >= 6 && k == len(idx)/2 {
				p.supplement, p.number = true, 1
				p.slug = fmt.Sprintf("%d-zk1", year)
			} else {
				number++
				total++
				p.number, p.total = number, total
				p.slug = fmt.Sprintf("%d-%02d", year, number)
			}
			p.date = time.Date(year, 1, 6, 0, 0, 0, 0, time.UTC).AddDate(0, 0, k*step+g.n(0, max(0, step-1)))
			plans = append(plans, p)
		}
	}
	for _, p := range plans {
		if err := s.writeIssue(p); err != nil {
			return err
		}
	}
	s.m.issues = len(plans)

	for i := 0; i < standalone; i++ {
		if err := s.writeStandalone(i); err != nil {
			return err
		}
	}
	s.m.standalone = standalone
	return nil
}

// sectionOrder gives each section name its place in an issue.
func sectionOrder(name string) int {
	for i, sec := range sections {
		if sec.name == name {
			return i
		}
	}
	return len(sections)
}

// slot is one article of an issue before it is written.
type slot struct {
	section, kind string
	u             *unit
	in            *inspector
	file          string
}

func (s *site) writeIssue(p *issuePlan) error {
	g := s.g
	main := s.topic(p.year)

	// Choose the articles: the office's own report first, then the districts'.
	slots := []*slot{{section: "工作动态", kind: "update", u: s.units[0]}}
	took := map[string]bool{}
	for len(slots) < p.size {
		var sec string
		switch x := g.n(1, 100); {
		case x <= 58:
			sec = "工作动态"
		case x <= 73:
			sec = "专项督导"
		case x <= 85:
			sec = "经验交流"
		case x <= 90:
			sec = "督导数据"
		case x <= 95:
			sec = "通知公告"
		default:
			sec = "督学风采"
		}
		if (sec == "督导数据" || sec == "通知公告" || sec == "督学风采") && took[sec] {
			continue
		}
		took[sec] = true
		sl := &slot{section: sec}
		for _, x := range sections {
			if x.name == sec {
				sl.kind = g.pick(x.kinds)
			}
		}
		sl.u = s.units[g.n(1, len(s.units)-1)]
		if g.chance(0.15) || sec == "通知公告" {
			sl.u = s.units[0]
		}
		if sec == "督学风采" {
			// Someone who was an inspector by then.
			var ok []*inspector
			for _, in := range s.inspectors {
				if in.since <= p.year {
					ok = append(ok, in)
				}
			}
			if len(ok) == 0 {
				ok = s.inspectors
			}
			sl.in = ok[g.r.IntN(len(ok))]
			sl.u = sl.in.u
		}
		slots = append(slots, sl)
	}
	unitOrder := map[*unit]int{}
	for i, u := range s.units {
		unitOrder[u] = i
	}
	sort.SliceStable(slots, func(i, j int) bool {
		a, b := slots[i], slots[j]
		if sectionOrder(a.section) != sectionOrder(b.section) {
			return sectionOrder(a.section) < sectionOrder(b.section)
		}
		return unitOrder[a.u] < unitOrder[b.u]
	})
	var secs []string
	files := map[string]bool{}
	for _, sl := range slots {
		if len(secs) == 0 || secs[len(secs)-1] != sl.section {
			secs = append(secs, sl.section)
		}
		base := sl.u.id + "-" + sl.kind
		if sl.in != nil {
			base = "profile-" + sl.in.id
		}
		name := base
		for i := 2; files[name]; i++ {
			name = base + "-" + strconv.Itoa(i)
		}
		files[name] = true
		sl.file = name
	}

	// index.md
	var fm frontmatter.Writer
	fm.String("series", series)
	subtitle := ""
	switch {
	case p.supplement:
		subtitle = main.short + "工作专刊"
	case main.short == "优质均衡" && g.chance(0.6):
		subtitle = "义务教育优质均衡创建"
	case main.short == "“双减”" && g.chance(0.5):
		subtitle = "“双减”督导"
	}
	fm.String("subtitle", subtitle)
	fm.Int("year", p.year)
	fm.Int("number", p.number)
	if p.total > 0 {
		fm.Int("total", p.total)
	}
	fm.Bool("supplement", p.supplement)
	fm.Date("date", p.date)
	fm.String("issuer", officeName)
	classification := ""
	if p.year <= 2018 {
		classification = "内部资料 注意保存"
	}
	fm.String("classification", classification)
	serial := ""
	if p.year >= 2022 && !p.supplement {
		serial = fmt.Sprintf("江教督信〔%d〕%d号", p.year, p.number)
	}
	fm.String("serial", serial)
	fm.Strings("sections", secs)
	fm.Table("footer")
	fm.String("report_to", "省人民政府教育督导委员会办公室、省教育厅、市人民政府")
	fm.String("send_label", g.pick([]string{"抄送", "抄发"}))
	fm.String("send_to", "各县区人民政府、各县区人民政府教育督导委员会、各县区教育局")
	fm.Int("copies", g.n(4, 12)*10)
	staff := s.units[0].people
	fm.String("drafter", g.person().name)
	fm.String("reviser", "")
	fm.String("reviewer", staff[len(staff)-1].name)
	fm.String("publisher", staff[3].name)
	fm.String("editor", g.person().name)
	dir := "content/bulletins/" + p.slug + "/"
	if err := s.write(dir+"index.md", fm.File("")); err != nil {
		return err
	}

	for i, sl := range slots {
		t := main
		if g.chance(0.5) {
			t = s.topic(p.year)
		}
		a := &articleSpec{
			section: sl.section, kind: sl.kind, u: sl.u, in: sl.in, t: t,
			date: p.date, order: i + 1, docLink: "../../documents/",
		}
		if err := s.writeArticle(dir+sl.file+".md", a); err != nil {
			return err
		}
	}
	return nil
}

func (s *site) writeStandalone(i int) error {
	g := s.g
	year := firstYear + g.n(0, lastYear-firstYear)
	date := time.Date(year, time.Month(g.n(1, 12)), g.n(1, 28), 0, 0, 0, 0, time.UTC)
	a := &articleSpec{kind: g.pick([]string{"update", "update", "experience", "meeting"}), date: date, docLink: "../documents/"}
	a.t = s.topic(year)
	if g.chance(0.3) {
		a.section = "外地经验"
		a.kind = "experience"
		a.u = s.outside[g.r.IntN(len(s.outside))]
	} else {
		a.section = g.pick([]string{"工作动态", "媒体聚焦"})
		a.u = s.units[g.r.IntN(len(s.units))]
	}
	a.clock = g.chance(0.4)
	a.editor = g.chance(0.5)
	id := a.u.id
	if id == "" {
		id = "waidi"
	}
	return s.writeArticle(fmt.Sprintf("content/articles/%s-%s-%s-%d.md", date.Format("20060102"), id, a.kind, i+1), a)
}

type articleSpec struct {
	section, kind string
	u             *unit
	in            *inspector
	t             *topic
	date          time.Time
	order         int    // 0 outside issues
	clock, editor bool   // a time of day; an editor line
	docLink       string // from the article's folder to content/documents/
}

func (s *site) writeArticle(rel string, a *articleSpec) error {
	g := s.g
	c := s.newCtx(a.u, a.t, a.date)
	target := g.n(2000, MaxArticleBytes-96)
	withTable := false
	switch a.kind {
	case "data":
		withTable = true
	case "inspection":
		withTable = g.chance(0.7)
	case "experience":
		withTable = g.chance(0.35)
	case "update", "notice":
		withTable = g.chance(0.25)
	case "meeting":
		withTable = g.chance(0.05)
	}

	var fm frontmatter.Writer
	var title, body string
	var meeting struct {
		chair     person
		place     string
		attendees []person
		held      time.Time
	}
	if a.kind == "profile" {
		title = g.pick([]string{
			"督学风采：" + a.in.name,
			"做学校发展的同行者——记" + a.u.short + a.in.kind + a.in.name,
			a.in.name + "：把督导做在平常",
		})
	} else {
		title = c.xs(titles[a.kind])
	}
	fm.String("title", title)
	if a.section != "" {
		fm.String("section", a.section)
	}
	if a.u.id != "" {
		fm.String("unit", a.u.id)
	}
	fm.String("kind", a.kind)
	if a.clock {
		fm.DateTime("date", a.date.Add(time.Duration(g.n(8*60, 18*60))*time.Minute))
	} else {
		fm.Date("date", a.date)
	}
	if a.order > 0 {
		fm.Int("order", a.order)
	}
	kws := s.keywords(a.t, a.u)
	if a.kind == "profile" {
		kws = uniq(append([]string{"督学风采", a.in.kind}, kws...))
	}
	fm.Strings("keywords", kws)
	source := a.u.bureau
	if a.u.isOffice() {
		source = officeName
	}
	fm.String("source", source)
	author := ""
	if g.chance(0.4) {
		author = g.person().name
	}
	if a.kind == "profile" {
		author = a.in.name
	}
	fm.String("author", author)
	if a.editor {
		fm.String("editor", g.person().name)
	}

	// The closing link to a document, in about one article in twenty-five.
	var link string
	if g.chance(0.04) {
		d := s.documents[g.r.IntN(len(s.documents))]
		link = "相关文件见[" + d.title + "](" + a.docLink + d.slug + ".md)。"
	}
	reserve := 0
	if link != "" {
		reserve = len(link) + 2
	}
	switch a.kind {
	case "meeting":
		meeting.chair = a.u.people[g.n(1, 3)]
		meeting.place = c.place()
		meeting.held = c.ev
		for _, i := range g.r.Perm(len(a.u.people))[:g.n(3, len(a.u.people))] {
			if a.u.people[i] != meeting.chair {
				meeting.attendees = append(meeting.attendees, a.u.people[i])
			}
		}
		body = c.meetingBody(target-reserve, withTable, meeting.chair, meeting.place, meeting.attendees)
		fm.Date("held", meeting.held)
		fm.String("place", meeting.place)
		fm.String("chair", meeting.chair.name)
		var names []string
		for _, p := range meeting.attendees {
			names = append(names, p.name)
		}
		fm.Strings("attendees", names)
	case "inspection":
		body = c.inspectionBody(target-reserve, withTable)
	case "experience":
		body = c.experienceBody(target-reserve, withTable)
	case "data":
		body = c.dataBody(target - reserve)
	case "notice":
		body = c.noticeBody(target-reserve, withTable, officeName, a.date.AddDate(0, 0, -g.n(1, 5)))
	case "profile":
		fm.String("inspector", a.in.id)
		body = c.profileBody(target-reserve, a.in)
	default:
		body = c.updateBody(target-reserve, withTable)
	}
	if link != "" {
		body += "\n" + link + "\n"
	}

	m := s.m
	m.articles++
	if withTable {
		m.tables++
	}
	if a.u.id != "" {
		m.districtArticles[a.u.id]++
	}
	for _, k := range kws {
		m.keywordArticles[k]++
	}
	m.bodySizes = append(m.bodySizes, len(body))
	return s.write(rel, fm.File(body))
}
