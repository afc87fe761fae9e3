// Package corpus writes large, realistic dudao sites for benchmarks and tests:
// a supervision office's bulletin issues with their articles, standalone
// articles, inspector profiles, documents with their 政务公开 fields, plain
// pages, site.toml and data/districts.toml — all valid, so that dudao builds
// them without an error.
//
// The text is Chinese Markdown put together from a vocabulary of supervision
// phrases (vocab.go) by sentence templates (text.go): paragraphs, ## headings,
// lists, GFM tables with Chinese headers, bold markers next to Chinese
// punctuation (**一是：**) and now and then a link to a document. A seed always
// gives the same site, byte for byte.
//
// GenerateProvince (data.go) writes a site with a province's worth of
// 优质均衡 data under data/: school data sheets, county files, task and
// problem lists and schedules for every district, to measure what computing
// and rendering the dashboards costs.
package corpus

import (
	"errors"
	"fmt"
	"github.com/dudao/dudao/internal/frontmatter"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Version changes whenever Generate's output for a given size and seed
// changes, so that cached corpora are made again.
const Version = "1"

// Sizes of everything that does not grow with the number of articles.
const (
	numInspectors = 50
	numDocuments  = 100
	firstYear     = 2015
	lastYear      = 2026
	perPage       = 20 // pagination.per_page written to site.toml

	// Bodies of articles are between MinArticleBytes and MaxArticleBytes of
	// Markdown (after the front matter).
	MinArticleBytes = 1536
	MaxArticleBytes = 4096
)

// Generate writes a complete site with the given number of articles into dir,
// which must not already hold a site. The same seed gives the same site.
func Generate(dir string, articles int, seed int64) error {
	_, err := generate(dir, articles, seed)
	return err
}

// manifest records what was generated, for tests.
type manifest struct {
	issues, articles, standalone, inspectors, documents, pages int
	tables                                                     int // articles with a table
	districtArticles                                           map[string]int
	keywordArticles                                            map[string]int // every keyword, also those only documents carry
	bodySizes                                                  []int          // of every article
}

// expectedPages is the number of HTML pages dudao makes of the site.
func (m *manifest) expectedPages() int {
	pages := func(n int) int { return max(1, (n+perPage-1)/perPage) }
	p := 1 + 1 + m.issues // home, archive, issues
	p += m.articles + pages(m.articles)
	p++ // districts
	for _, n := range m.districtArticles {
		p += pages(n)
	}
	p++ // keywords
	for _, n := range m.keywordArticles {
		p += pages(n)
	}
	p += 1 + m.inspectors
	p += 1 + m.documents
	p += m.pages
	p++ // 404.html
	p++ // search/, the search page
	return p
}

type site struct {
	g          *gen
	dir        string
	config     string         // site.toml
	specs      []districtSpec // the entries of data/districts.toml
	units      []*unit        // units[0] is the office
	outside    []*unit        // other cities' bureaus, for 外地经验
	inspectors []*inspector
	documents  []*document
	kwPool     []string  // keywordPool, shuffled: earlier ones are drawn more often
	kwCum      []float64 // cumulative weights of kwPool
	m          *manifest
}

type inspector struct {
	person
	born                             time.Time
	party, title, school, role, kind string
	college, major                   string
	since                            int
	u                                *unit
}

func (in *inspector) bio() string {
	gender := "男"
	if in.female {
		gender = "女"
	}
	return fmt.Sprintf("%s，%s，%d年%d月生，%s，%s。%d年毕业于%s%s专业，现任%s%s，%d年起担任%s%s。",
		in.name, gender, in.born.Year(), int(in.born.Month()), in.party, in.title,
		in.born.Year()+22, in.college, in.major, in.school, in.role, in.since, cityName, in.kind)
}

type document struct {
	title, slug string
}

func generate(dir string, articles int, seed int64) (*manifest, error) {
	return generateWith(dir, articles, seed, districts, cityConfig(), nil)
}

// generateWith writes a site whose data/districts.toml lists specs (the
// first the office) and whose site.toml is config. prepare, if not nil, may
// adjust the units after they are set up and before anything is written.
func generateWith(dir string, articles int, seed int64, specs []districtSpec, config string, prepare func(*site)) (*manifest, error) {
	if articles < 1 {
		return nil, errors.New("corpus: at least one article")
	}
	for _, name := range []string{"site.toml", "content", "data"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return nil, fmt.Errorf("corpus: %s already holds a site (%s exists)", dir, name)
		}
	}
	s := &site{g: newGen(seed), dir: dir, config: config, specs: specs, m: &manifest{
		districtArticles: map[string]int{},
		keywordArticles:  map[string]int{},
	}}
	s.setUp()
	if prepare != nil {
		prepare(s)
	}
	steps := []func() error{
		s.writeConfig,
		s.writeInspectors,
		s.writeDocuments,
		func() error { return s.writeArticles(articles) },
		s.writePages,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return s.m, nil
}

func (s *site) setUp() {
	g := s.g
	for _, d := range s.specs {
		u := &unit{districtSpec: d}
		roles := districtRoles
		switch d.kind {
		case "office":
			roles = cityRoles
		case "county":
			roles = countyRoles
		}
		for _, r := range roles {
			p := g.person()
			p.role = r
			u.people = append(u.people, p)
		}
		u.schools = s.schools(u)
		s.units = append(s.units, u)
		s.m.districtArticles[d.id] = 0
	}
	for _, o := range []districtSpec{
		{"", "临海市", "临海市", "district", "临海市教育局", []string{"临海", "海滨", "东湖"}},
		{"", "安平县", "安平县", "county", "安平县教育体育局", []string{"安平", "永安", "城关"}},
		{"", "南屏区", "南屏区", "district", "南屏区教育局", []string{"南屏", "新城", "江岸"}},
	} {
		u := &unit{districtSpec: o}
		for _, r := range districtRoles[:4] {
			p := g.person()
			p.role = r
			u.people = append(u.people, p)
		}
		u.schools = s.schools(u)
		s.outside = append(s.outside, u)
	}
	s.kwPool = append([]string(nil), keywordPool...)
	g.r.Shuffle(len(s.kwPool), func(i, j int) { s.kwPool[i], s.kwPool[j] = s.kwPool[j], s.kwPool[i] })
	sum := 0.0
	for i := range s.kwPool {
		sum += 1 / float64(i+4)
		s.kwCum = append(s.kwCum, sum)
	}
}

func (s *site) schools(u *unit) []string {
	g := s.g
	seen := map[string]bool{}
	var out []string
	for len(out) < 14 {
		town := g.pick(u.towns)
		kind := g.pick(schoolKinds)
		name := town + kind
		if u.kind == "county" && kind == "中心小学" {
			name = town + "镇中心小学"
		}
		if g.chance(0.3) && kind == "小学" {
			name = town + g.pick([]string{"第一", "第二", "第三", "实验"}) + "小学"
		}
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	return out
}

// keyword draws one keyword from the whole pool, favouring the first ones.
func (s *site) keyword() string {
	x := s.g.r.Float64() * s.kwCum[len(s.kwCum)-1]
	for i, c := range s.kwCum {
		if x < c {
			return s.kwPool[i]
		}
	}
	return s.kwPool[len(s.kwPool)-1]
}

func (s *site) keywords(t *topic, u *unit) []string {
	g := s.g
	ks := g.pickN(t.keywords, g.n(2, 3))
	for i, n := 0, g.n(1, 2); i < n; i++ {
		ks = append(ks, s.keyword())
	}
	if u.id != "" && !u.isOffice() && g.chance(0.7) {
		ks = append(ks, u.short)
	}
	var out []string
	seen := map[string]bool{}
	for _, k := range ks {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// topic picks a topic reported in year.
func (s *site) topic(year int) *topic {
	var ok []*topic
	for i := range topics {
		if topics[i].from <= year && year <= topics[i].to {
			ok = append(ok, &topics[i])
		}
	}
	return ok[s.g.r.IntN(len(ok))]
}

func (s *site) write(rel, text string) error {
	p := filepath.Join(s.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, []byte(text), 0o644)
}

// cityConfig is the site.toml of Generate's sites.
func cityConfig() string {
	return `# 由 internal/corpus 生成的测试网站：江州市（虚构）教育督导。
title = "江州市教育督导"
description = "江州市人民政府教育督导委员会办公室发布督导工作信息，公开各县区推进义务教育优质均衡发展、落实“双减”和校园安全等工作的督导情况。"
base_url = "https://jyj.example.gov.cn/dudao/"
office = "江州市人民政府教育督导委员会办公室"
address = "江州市滨江大道88号市政务中心B座"
phone = "0561-2881234"
icp = ""
site_id_code = ""

[markup]
allow_html = false

[pagination]
per_page = ` + strconv.Itoa(perPage) + "\n"
}

func (s *site) writeConfig() error {
	if err := s.write("site.toml", s.config); err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("# 区县与单位。id 用于网址和内容中的 unit 字段。\n")
	for i, u := range s.units {
		fmt.Fprintf(&b, "\n[[district]]\nid = %s\nname = %s\nshort = %s\nkind = %s\norder = %d\n",
			frontmatter.Quote(u.id), frontmatter.Quote(u.name), frontmatter.Quote(u.short), frontmatter.Quote(u.kind), i)
	}
	return s.write("data/districts.toml", b.String())
}

func (s *site) writeInspectors() error {
	g := s.g
	used := map[string]bool{}
	colleges := []string{"江州师范学院", "省教育学院", "江州师范专科学校", "省师范大学"}
	majors := []string{"汉语言文学", "数学教育", "物理", "化学", "英语", "政治教育", "历史", "体育教育", "地理"}
	roles := []string{"副校长", "教导主任", "工会主席", "校长", "教研室主任", "德育处主任", "党支部书记"}
	for i := 0; i < numInspectors; i++ {
		in := &inspector{person: g.person()}
		for used[in.id] {
			in.id += "-" + strconv.Itoa(i)
		}
		used[in.id] = true
		in.u = s.units[i%len(s.units)]
		in.born = time.Date(g.n(1958, 1985), time.Month(g.n(1, 12)), 1, 0, 0, 0, 0, time.UTC)
		in.party = g.pick(parties)
		in.title = g.pick(teacherTitles)
		in.kind = g.pick(inspectorKinds)
		in.college, in.major = g.pick(colleges), g.pick(majors)
		in.since = g.n(max(2008, in.born.Year()+32), 2023)
		if in.kind == "专职督学" {
			in.school = in.u.bureau
			in.role = g.pick([]string{"教育督导室专职督学", "教育督导室副主任", "四级调研员"})
		} else {
			in.school = g.pick(s.schoolsOf(in.u))
			in.role = g.pick(roles)
		}
		s.inspectors = append(s.inspectors, in)

		var fm frontmatter.Writer
		fm.String("name", in.name)
		fm.String("gender", map[bool]string{false: "男", true: "女"}[in.female])
		fm.String("born", in.born.Format("2006-01"))
		fm.String("party", in.party)
		fm.String("title", in.title)
		fm.String("school", in.school)
		fm.String("role", in.role)
		fm.Int("since", in.since)
		fm.String("kind", in.kind)
		fm.String("unit", in.u.id)
		he := "他"
		if in.female {
			he = "她"
		}
		c := s.newCtx(in.u, s.topic(2023), time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC))
		body := in.bio() + "\n\n" +
			fmt.Sprintf("担任督学以来，%s先后参加了义务教育均衡发展督导评估、责任督学挂牌督导和“双减”专项督导等工作，", he) +
			c.x("负责{NS}所学校的经常性督导。{ACTION}。") + "\n\n" +
			fmt.Sprintf("%s的督导工作多次受到市政府教督委办表扬，%d年被评为全市优秀督学。\n", he, g.n(in.since+1, 2025))
		if err := s.write("content/inspectors/"+in.id+".md", fm.File(body)); err != nil {
			return err
		}
	}
	s.m.inspectors = numInspectors
	return nil
}

// schoolsOf lists a unit's schools; the office's inspectors work in the
// districts' schools.
func (s *site) schoolsOf(u *unit) []string {
	if u.isOffice() {
		return s.units[1].schools
	}
	return u.schools
}

func (s *site) writeDocuments() error {
	g := s.g
	type plan struct {
		date time.Time
		u    *unit
	}
	var plans []plan
	for i := 0; i < numDocuments; i++ {
		y := firstYear + i*(lastYear-firstYear+1)/numDocuments
		d := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.n(0, 360))
		u := s.units[0]
		if g.chance(0.5) {
			u = s.units[g.n(1, len(s.units)-1)]
		}
		plans = append(plans, plan{d, u})
	}
	seq := map[int]int{}
	for i, p := range plans {
		t := s.topic(p.date.Year())
		c := s.newCtx(p.u, t, p.date)
		seq[p.date.Year()]++
		slug := fmt.Sprintf("%d-%s-%03d", p.date.Year(), p.u.id, i+1)
		publisher := p.u.bureau
		if p.u.isOffice() {
			publisher = officeName
		}
		docNo := ""
		if g.chance(0.6) {
			prefix := docPrefix
			if !p.u.isOffice() {
				prefix = strings.TrimSuffix(strings.TrimSuffix(p.u.short, "区"), "县") + "教督"
			}
			docNo = fmt.Sprintf("%s〔%d〕%d号", prefix, p.date.Year(), seq[p.date.Year()]*2+g.n(0, 1))
		}
		signer := publisher
		var title, category, body string
		target := g.n(2500, 6000)
		switch g.n(0, 4) {
		case 0:
			plan := c.dn() + t.name + "实施方案"
			if strings.HasSuffix(t.name, "工作") || strings.HasSuffix(t.name, "”") {
				plan = c.dn() + t.short + "工作实施方案"
			}
			title = "关于印发《" + plan + "》的通知"
			category = "规划计划"
			intro := "各有关单位：\n\n《" + plan + "》已经研究同意，现印发给你们，请结合实际认真贯彻执行。\n\n" +
				signer + "\n\n" + chineseDate(p.date) + "\n\n**" + plan + "**"
			body = intro + "\n\n" + c.docBody(target-len(intro), []string{"指导思想", "工作目标", "主要任务", "保障措施", "工作要求"})
		case 1:
			title = "《" + c.dn() + t.short + "工作实施方案》政策解读"
			category = "政策解读"
			body = c.docBody(target, []string{"制定背景", "主要内容", "创新举措", "实施步骤", "解读机关及联系方式"})
		case 2:
			title = c.xs(titles["notice"])
			category = "通知公告"
			body = c.noticeBody(target, g.chance(0.3), signer, p.date)
		case 3:
			title = fmt.Sprintf("%d年%s教育督导工作要点", p.date.Year(), c.dn())
			category = "规划计划"
			body = c.docBody(target, []string{"总体要求", "重点任务", "强化督导评估", "加强队伍建设", "工作保障"})
		default:
			title = fmt.Sprintf("%d年度%s%s督导评估报告", p.date.Year()-1, c.dn(), t.short)
			category = g.pick([]string{"督导评估", "工作总结"})
			body = c.docBody(target, []string{"基本情况", "主要成效", "存在问题", "督导意见"})
		}
		s.documents = append(s.documents, &document{title: title, slug: slug})

		subjects := append(g.pickN(t.keywords, g.n(1, 2)), s.keyword())
		subjects = uniq(subjects)
		for _, k := range subjects {
			s.m.keywordArticles[k] += 0
		}
		var fm frontmatter.Writer
		fm.String("title", title)
		fm.String("index_no", fmt.Sprintf("11%06d%09d%s/%d%02d-%05d", 341000+g.n(0, 40)*100, g.n(100000000, 999999999),
			g.pick([]string{"X", "J", "Y", "7"}), p.date.Year(), int(p.date.Month()), seq[p.date.Year()]))
		fm.String("category", category)
		fm.String("publisher", publisher)
		if g.chance(0.3) {
			fm.DateTime("date", p.date.Add(time.Duration(g.n(8*60, 17*60))*time.Minute))
		} else {
			fm.Date("date", p.date)
		}
		fm.String("doc_no", docNo)
		fm.Strings("subjects", subjects)
		validity := "有效"
		if p.date.Year() < 2019 && g.chance(0.4) {
			validity = "失效"
		}
		fm.String("validity", validity)
		fm.String("disclosure", "主动公开")
		fm.String("period", g.pick([]string{"常年公开", "长期公开", ""}))
		fm.String("scope", "面向全社会")
		if g.chance(0.7) {
			fm.String("unit", p.u.id)
		}
		if err := s.write("content/documents/"+slug+".md", fm.File(body)); err != nil {
			return err
		}
	}
	s.m.documents = numDocuments
	return nil
}

// docBody is a document with the numbered parts heads.
func (c *ctx) docBody(target int, heads []string) string {
	g := c.g
	step := 0
	return compose(target, "", func() []block {
		step++
		if step <= len(heads) {
			b := []block{heading("## " + numeral(step) + "、" + heads[step-1])}
			switch g.n(0, 2) {
			case 0:
				b = append(b, c.sentences(g.n(2, 4), "body", bodySentences))
			case 1:
				b = append(b, c.points(g.n(3, 5)))
			default:
				b = append(b, para(c.x("{MEASURE}。")), c.list(g.n(3, 5), "ACTION", c.t.actions, true))
			}
			return b
		}
		return []block{c.sentences(g.n(2, 3), "body", bodySentences)}
	})
}

func uniq(xs []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func (s *site) writePages() error {
	pages := []struct{ file, title, body string }{
		{"about.md", "关于本站", "本站发布江州市人民政府教育督导委员会办公室编印的《江州市教育督导工作信息》各期内容，" +
			"展示各县区推进义务教育优质均衡发展、落实“双减”和“五项管理”、加强校园安全的督导工作动态。\n\n" +
			"县域义务教育优质均衡发展按照**资源配置**、**政府保障程度**、**教育质量**、**社会认可度**四个方面进行督导评估，" +
			"区县页面汇集了各地报送的工作信息。\n\n本站内容均为测试数据，单位和人名均为虚构。\n"},
		{"contact.md", "联系我们", "## 联系方式\n\n| 事项 | 联系部门 | 电话 |\n| :--- | :--- | :--- |\n" +
			"| 督导简报投稿 | 市政府教育督导室 | 0561-2881234 |\n| 责任督学挂牌督导 | 市政府教育督导室 | 0561-2881235 |\n" +
			"| 网站技术支持 | 市教育信息中心 | 0561-2881236 |\n\n工作时间：周一至周五 8:30—12:00，14:30—17:30（法定节假日除外）。\n"},
		{"guide.md", "投稿须知", "各县区教育局、市直各学校报送督导工作信息，请注意以下几点：\n\n" +
			"1. **内容真实：**所报信息应真实准确，数据有出处；\n2. **重点突出：**围绕督导工作，一事一报，篇幅一般不超过两千字；\n" +
			"3. **格式规范：**标题简明，文中小标题用“一、”“（一）”分级；\n4. **及时报送：**活动结束后三个工作日内报送。\n\n" +
			"来稿经审核后编入《江州市教育督导工作信息》，并在本站发布。\n"},
	}
	for i, p := range pages {
		var fm frontmatter.Writer
		fm.String("title", p.title)
		if i < 2 {
			fm.Int("menu", i+1)
		}
		if err := s.write("content/"+p.file, fm.File(p.body)); err != nil {
			return err
		}
	}
	s.m.pages = len(pages)
	return nil
}
