package corpus

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// gen is the one source of randomness; every choice goes through it in a
// fixed order, so a seed always gives the same corpus.
type gen struct{ r *rand.Rand }

func newGen(seed int64) *gen {
	return &gen{r: rand.New(rand.NewPCG(uint64(seed), 0x64756461_6f636f72))} // "dudaocor"
}

// n returns a number in [lo, hi].
func (g *gen) n(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + g.r.IntN(hi-lo+1)
}

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func (g *gen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }

// pickN returns n different elements of xs, in xs's order shuffled.
func (g *gen) pickN(xs []string, n int) []string {
	if n > len(xs) {
		n = len(xs)
	}
	idx := g.r.Perm(len(xs))[:n]
	out := make([]string, n)
	for i, j := range idx {
		out[i] = xs[j]
	}
	return out
}

// numeral writes 1–99 in Chinese.
func numeral(n int) string {
	d := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	switch {
	case n <= 10:
		return d[n]
	case n < 20:
		return "十" + d[n-10]
	case n%10 == 0:
		return d[n/10] + "十"
	default:
		return d[n/10] + "十" + d[n%10]
	}
}

func monthDay(t time.Time) string { return fmt.Sprintf("%d月%d日", int(t.Month()), t.Day()) }

func chineseDate(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// person is someone named in the corpus.
type person struct {
	name, id string
	female   bool
	role     string
}

func (g *gen) person() person {
	s := surnames[g.r.IntN(len(surnames))]
	female := g.chance(0.45)
	chars := maleChars
	if female {
		chars = femaleChars
	}
	pickChar := func() [2]string {
		if g.chance(0.25) {
			return neutralChars[g.r.IntN(len(neutralChars))]
		}
		return chars[g.r.IntN(len(chars))]
	}
	name, id := s[0], s[1]+"-"
	for i, n := 0, g.n(1, 2); i < n; i++ {
		c := pickChar()
		name += c[0]
		id += c[1]
	}
	return person{name: name, id: id, female: female}
}

// unit is a district at generation time, with the people who speak for it.
type unit struct {
	districtSpec
	people  []person // leaders, one per role
	schools []string
}

func (u *unit) isOffice() bool { return u.kind == "office" }

// area is how its own texts say "the whole of it".
func (u *unit) area() string {
	switch u.kind {
	case "office":
		return "全市"
	case "county":
		return "全县"
	}
	return "全区"
}

// ctx holds what one text is about; x expands templates with it.
type ctx struct {
	g       *gen
	s       *site
	u       *unit
	t       *topic
	date    time.Time // publication
	ev, ev2 time.Time // the event the text reports: its start and end
	subj    string    // who acts: the bureau, or 市教督委办
	lastP   person
	visit   *unit  // the district the office visits
	meeting string // 工作推进会, …
	heads   int    // the numbering of ## headings: 1. / （一） / 一、
	decks   map[string][]int
}

// deal draws from xs without putting back, so a text repeats none of its
// phrases until it has used them all; key names the pool.
func (c *ctx) deal(key string, xs []string) string {
	d := c.decks[key]
	if len(d) == 0 {
		d = c.g.r.Perm(len(xs))
	}
	c.decks[key] = d[1:]
	return xs[d[0]]
}

func (s *site) newCtx(u *unit, t *topic, date time.Time) *ctx {
	g := s.g
	c := &ctx{g: g, s: s, u: u, t: t, date: date, decks: map[string][]int{}}
	c.meeting = g.pick(meetingKinds)
	c.heads = g.n(0, 3)
	c.ev = date.AddDate(0, 0, -g.n(3, 24))
	if c.ev.Year() != date.Year() {
		c.ev = time.Date(date.Year(), 1, g.n(2, 6), 0, 0, 0, 0, time.UTC)
	}
	c.ev2 = c.ev.AddDate(0, 0, g.n(2, 12))
	c.subj = u.bureau
	if u.isOffice() {
		c.subj = g.pick([]string{"市政府教督委办", "市政府教育督导委员会办公室", "市教育局"})
	} else if g.chance(0.3) {
		c.subj = u.name
	}
	c.visit = s.units[g.n(1, len(s.units)-1)]
	return c
}

func (c *ctx) school() string {
	u := c.u
	if u.isOffice() {
		u = c.visit
	}
	return c.deal("school:"+u.short, u.schools)
}

func (c *ctx) leader() person {
	u := c.u
	p := u.people[c.g.r.IntN(len(u.people))]
	c.lastP = p
	return p
}

func (c *ctx) dn() string {
	if c.u.isOffice() {
		return cityName
	}
	return c.u.short
}

// x expands the {NAME} placeholders of tmpl.
func (c *ctx) x(tmpl string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		j := strings.IndexByte(tmpl[i:], '}')
		b.WriteString(tmpl[:i])
		b.WriteString(c.value(tmpl[i+1 : i+j]))
		tmpl = tmpl[i+j+1:]
	}
}

func (c *ctx) value(key string) string {
	g, t := c.g, c.t
	switch key {
	case "SUBJ":
		return c.subj
	case "AREA":
		return c.u.area()
	case "DN":
		return c.dn()
	case "VD":
		return c.visit.short
	case "CITYOFF":
		return g.pick([]string{"市政府教督委办", "市教育局督导室", "市政府教育督导室"})
	case "T":
		return t.name
	case "TS":
		return t.short
	case "MD":
		return monthDay(c.ev)
	case "MD2":
		return monthDay(c.ev2)
	case "YEAR":
		return strconv.Itoa(c.date.Year())
	case "SEASON":
		if c.date.Month() <= 7 {
			return "春季学期"
		}
		return "秋季学期"
	case "AMPM":
		return g.pick([]string{"上午", "下午"})
	case "S":
		return c.school()
	case "N":
		return strconv.Itoa(g.n(12, 260))
	case "NS":
		return strconv.Itoa(g.n(6, 64))
	case "N2":
		return strconv.Itoa(g.n(2, 9))
	case "GN":
		return numeral(g.n(3, 8))
	case "PCT":
		return fmt.Sprintf("%d.%d%%", g.n(86, 99), g.n(0, 9))
	case "MONEY":
		return strconv.Itoa(g.n(12, 980)*10) + "万元"
	case "ACTION":
		return c.deal(key, t.actions)
	case "PROBLEM":
		return c.deal(key, t.problems)
	case "MEASURE":
		return c.deal(key, t.measures)
	case "F4":
		return c.deal(key, fourChar)
	case "HL":
		return c.deal(key, headLeft)
	case "HR":
		return c.deal(key, headRight)
	case "P":
		p := c.leader()
		return p.role + p.name
	case "PN":
		return c.lastP.name
	case "INSP":
		return g.pick([]string{"专兼职督学", "责任督学", "市级督学", "督学和教研员"})
	case "DOCREF":
		return "《" + g.pick(t.docs) + "》"
	case "METHODS":
		return strings.Join(g.pickN([]string{"听课", "查阅资料", "座谈访谈", "实地查看", "问卷调查", "随机抽查"}, 4), "、")
	case "PLACE":
		return c.place()
	case "MEETING":
		return c.meeting
	}
	panic("corpus: unknown placeholder {" + key + "}")
}

// xs expands one template picked from tmpls.
func (c *ctx) xs(tmpls []string) string { return c.x(c.g.pick(tmpls)) }

// xd expands one template dealt from tmpls, the pool called key.
func (c *ctx) xd(key string, tmpls []string) string { return c.x(c.deal(key, tmpls)) }

// Sentence templates. Each ends with its own punctuation and is one unit the
// writer may cut the text before.
var (
	updateOpen = []string{
		"{MD}，{SUBJ}围绕{T}的重点任务，组织开展了专题督查，{AREA}{NS}所学校纳入本次督查范围。",
		"今年以来，{SUBJ}把{T}作为{AREA}教育工作的重要内容，{F4}、{F4}，各项工作有序推进。",
		"为进一步推进{T}，{MD}至{MD2}，{SUBJ}组织{INSP}深入{AREA}各中小学校，{ACTION}。",
		"{MD}，{SUBJ}召开专题会议研究{T}，听取了各相关科室的工作汇报，对下一阶段任务作出安排。",
		"近期，{CITYOFF}赴{VD}开展{T}调研，先后走访了{S}、{S}等学校，详细了解工作推进情况。",
	}
	bodySentences = []string{
		"{ACTION}。",
		"{ACTION}，{ACTION}。",
		"截至{MD2}，{AREA}已有{NS}所学校完成整改，整改完成率达到{PCT}。",
		"督导组采取{METHODS}相结合的方式，{ACTION}。",
		"从检查情况看，各校普遍重视{TS}工作，制度较为健全，台账基本规范。",
		"但督查中也发现一些问题，主要是{PROBLEM}；{PROBLEM}。",
		"针对发现的问题，督导组当场向学校作了反馈，并提出了具体整改意见。",
		"{S}结合学校实际，{ACTION}，得到了家长和社会的普遍认可。",
		"{P}指出，{MEASURE}。",
		"通过{F4}、{F4}，{AREA}{TS}工作的主动性明显增强。",
		"今年共投入资金{MONEY}，重点用于薄弱学校改造和设施设备更新。",
		"{S}、{S}等学校的做法各有特色，为面上工作提供了可借鉴的经验。",
		"各校建立了问题清单、任务清单和责任清单，实行对账销号。",
		"督学们逐校查看了校园环境、功能室和食堂，随机走进课堂听课{N2}节。",
		"{S}成立了由校长任组长的工作专班，每周召开一次碰头会，及时研究解决工作中遇到的问题。",
		"督导组随机抽取了{N2}个班级的学生作业，逐本查看作业量和批改情况。",
		"座谈中，教师们普遍反映，{TS}工作让学校管理更加规范，师生的获得感明显增强。",
		"{AREA}共发放家长问卷{N}0份，家长满意率达到{PCT}。",
		"为确保督导不走过场，督导组事先不打招呼，采取“四不两直”方式直奔学校、直插现场。",
		"{P}带队深入{S}，实地察看了教学楼、食堂和运动场，并与学校负责人座谈交流。",
		"从资料台账看，各校制度文本齐全，但过程性记录还不够完整，个别学校存在突击补资料的现象。",
		"对督导中发现的共性问题，{SUBJ}及时召开专题会议研究解决办法；对个性问题，逐校下发督导意见书。",
		"{S}把{TS}工作与校园文化建设结合起来，逐步形成了自己的办学特色。",
		"同时，{SUBJ}注重发挥责任督学的作用，做到问题发现在一线、解决在一线。",
		"在此基础上，{SUBJ}建立了月调度、季通报、年考核的工作机制。",
		"据统计，{AREA}今年累计开展各类督导{N2}0余次，覆盖学校{NS}所。",
		"{S}负责同志表示，将以此次督导为契机，对照问题逐项整改，确保按期完成。",
		"部分学校还邀请家长代表、人大代表和政协委员参与监督，提高了工作的透明度。",
		"{SUBJ}将督导结果在{AREA}范围内通报，并作为学校年度考核的重要依据。",
		"针对{PROBLEM}的情况，{SUBJ}专门下发了整改通知，要求限期完成。",
		"整改过程中，{SUBJ}坚持“一校一策”，逐校明确整改措施、责任人和完成时限。",
		"总的来看，{AREA}{TS}工作思路清晰、措施有力，取得了明显成效。",
		"{P}一行还走进课堂，与学生面对面交流，了解学生在校学习和生活情况。",
		"为了让督导更有针对性，督学们事先研读了学校的自评报告，列出了需要重点核实的事项。",
		"督导结束后，督导组与学校班子成员进行了面对面的反馈，肯定成绩，指出不足，提出建议。",
		"{AREA}还把{TS}工作纳入对学校的年度目标管理考核，考核结果与评优评先挂钩。",
		"此外，{SUBJ}利用微信公众号、家长会等渠道开展政策宣传，社会各界的知晓率明显提高。",
	}
	closings = []string{
		"下一步，{SUBJ}将继续{F4}、{F4}，推动{T}不断取得新成效。",
		"目前，督导发现的问题已全部反馈至相关学校，{SUBJ}将适时组织“回头看”，确保整改到位。",
		"此次工作为{AREA}做好{TS}工作打下了坚实基础。",
		"{SUBJ}表示，将以此为契机，{F4}，以督促改，持续巩固{TS}工作成果。",
	}
	requireLead = []string{
		"会议强调，各学校要认清形势、{F4}，切实把{TS}工作抓紧抓实。",
		"会议对下一阶段工作作出部署。",
		"会议要求，各单位要对照任务清单，逐项抓好落实。",
	}
)

// block is a piece of Markdown the writer adds unit by unit.
type block struct {
	kind  byte     // 'p' paragraph, 'h' heading, 'l' list, 't' table
	head  string   // heading text, or a table's header and separator lines
	units []string // sentences, list items or table rows
}

func para(units ...string) block { return block{kind: 'p', units: units} }
func heading(h string) block     { return block{kind: 'h', head: h} }

// writer collects blocks until the text reaches its size.
type writer struct {
	b     strings.Builder
	limit int
	done  bool
}

// minAfterHeading is the room a heading needs after it to not end the text.
const minAfterHeading = 300

func (w *writer) sep() int {
	if w.b.Len() == 0 {
		return 0
	}
	return 2
}

func (w *writer) fits(n int) bool { return w.b.Len()+w.sep()+n <= w.limit }

// add writes as much of bl as fits; when something does not fit the text is
// complete and later blocks are ignored.
func (w *writer) add(bl block) {
	if w.done {
		return
	}
	switch bl.kind {
	case 'h':
		if !w.fits(len(bl.head) + minAfterHeading) {
			w.done = true
			return
		}
		w.start()
		w.b.WriteString(bl.head)
	case 'p':
		started := false
		for _, s := range bl.units {
			if started && w.b.Len()+len(s) > w.limit || !started && !w.fits(len(s)) {
				w.done = true
				return
			}
			if !started {
				w.start()
				started = true
			}
			w.b.WriteString(s)
		}
	case 'l', 't':
		started := false
		for _, s := range bl.units {
			first := s
			if !started && bl.head != "" {
				first = bl.head + "\n" + s
			}
			if started && w.b.Len()+1+len(s) > w.limit || !started && !w.fits(len(first)) {
				w.done = true
				return
			}
			if !started {
				w.start()
				started = true
				w.b.WriteString(first)
				continue
			}
			w.b.WriteString("\n" + s)
		}
	}
}

func (w *writer) start() {
	if w.b.Len() > 0 {
		w.b.WriteString("\n\n")
	}
}

// compose writes the blocks plan yields until the text is about target bytes,
// then closing (which may be empty). plan is called again and again: it must
// keep producing blocks.
func compose(target int, closing string, plan func() []block) string {
	w := &writer{limit: target - len(closing) - 2}
	for !w.done {
		for _, bl := range plan() {
			w.add(bl)
		}
	}
	if closing != "" {
		w.b.WriteString("\n\n")
		w.b.WriteString(closing)
	}
	w.b.WriteString("\n")
	return w.b.String()
}

// sentences makes a paragraph of n sentences from tmpls.
func (c *ctx) sentences(n int, key string, tmpls []string) block {
	var units []string
	for i := 0; i < n; i++ {
		units = append(units, c.xd(key, tmpls))
	}
	return para(units...)
}

// points is a paragraph of 一是…；二是…；三是… with the markers in bold now and
// then, as offices write them.
func (c *ctx) points(n int) block {
	g := c.g
	bold := g.chance(0.5)
	sep := g.pick([]string{"：", "，", "："})
	var units []string
	for i := 1; i <= n; i++ {
		mark := numeral(i) + "是"
		var s string
		if bold {
			s = "**" + mark + sep + "**"
		} else {
			s = mark + sep
		}
		s += c.xs([]string{"{ACTION}", "{HL}，{ACTION}", "{MEASURE}"})
		if i < n {
			s += "；"
		} else {
			s += "。"
		}
		units = append(units, s)
	}
	return para(units...)
}

// numberedHead is a ## heading such as 一、强化组织领导，凝聚工作合力.
func (c *ctx) numberedHead(i int) block {
	switch c.heads {
	case 0:
		return heading("## " + strconv.Itoa(i) + ". " + c.deal("HL", headLeft))
	case 1:
		return heading("## （" + numeral(i) + "）" + c.deal("HL", headLeft))
	default:
		return heading("## " + numeral(i) + "、" + c.deal("HL", headLeft) + "，" + c.deal("HR", headRight))
	}
}

// list is a Markdown list of measures or problems.
func (c *ctx) list(n int, key string, what []string, ordered bool) block {
	g := c.g
	var units []string
	boldHeads := g.chance(0.4)
	n = min(n, len(what))
	for i := 1; i <= n; i++ {
		item := c.deal("list:"+key, what)
		if boldHeads {
			item = "**" + c.deal("HL", headLeft) + "。**" + item
		}
		end := "；"
		if i == n {
			end = "。"
		}
		if ordered {
			units = append(units, strconv.Itoa(i)+". "+item+end)
		} else {
			units = append(units, "- "+item+end)
		}
	}
	return block{kind: 'l', units: units}
}

// table is a GFM table with Chinese headers, about the unit's schools or,
// for the office, about the districts.
func (c *ctx) table() []block {
	g := c.g
	var head []string
	var align string
	var rows []string
	switch {
	case c.u.isOffice() && g.chance(0.5):
		head = []string{"县区", "检查学校（所）", "发现问题（条）", "已整改（条）", "整改率"}
		align = "| :--- | ---: | ---: | ---: | ---: |"
		for _, u := range c.s.units[1:] {
			if len(rows) >= 8 {
				break
			}
			found := g.n(6, 60)
			fixed := found - g.n(0, found/4)
			rows = append(rows, fmt.Sprintf("| %s | %d | %d | %d | %.1f%% |", u.short, g.n(5, 48), found, fixed, 100*float64(fixed)/float64(found)))
		}
	case g.chance(0.5):
		head = []string{"学校", "在校生（人）", "班级数（个）", "平均班额（人）", "生均运动场地（㎡）", "达标情况"}
		align = "| :--- | ---: | ---: | ---: | ---: | :---: |"
		for i, n := 0, g.n(4, 8); i < n; i++ {
			classes := g.n(6, 48)
			per := g.n(32, 48)
			area := float64(g.n(58, 140)) / 10
			ok := "达标"
			if per > 45 || area < 7.5 {
				ok = "未达标"
			}
			rows = append(rows, fmt.Sprintf("| %s | %d | %d | %d | %.1f | %s |", c.school(), classes*per, classes, per, area, ok))
		}
	default:
		head = []string{"指标（小学）", "评估标准", "本" + c.area1() + "现状", "是否达标"}
		align = "| :--- | :---: | ---: | :---: |"
		for _, k := range g.r.Perm(len(indicators))[:g.n(4, 7)] {
			in := indicators[k]
			v := in.lo + (in.hi-in.lo)*g.r.Float64()
			ok := "达标"
			if in.atMost && v > in.std || !in.atMost && v < in.std {
				ok = "未达标"
			}
			std := "≥"
			if in.atMost {
				std = "≤"
			}
			std += strconv.FormatFloat(in.std, 'f', -1, 64)
			rows = append(rows, fmt.Sprintf("| %s | %s | "+in.format+" | %s |", in.name, std, v, ok))
		}
	}
	intro := c.xs([]string{
		"{AREA}有关情况见下表。",
		"主要指标完成情况如下：",
		"各校具体情况统计如下表：",
	})
	after := c.xs([]string{
		"从上表可以看出，多数指标已经达到标准，但个别学校差距仍然较大。",
		"表中未达标项目已列入整改台账，明确了责任人和完成时限。",
		"对照评估标准，{PROBLEM}，需要重点加以解决。",
	})
	return []block{
		para(intro),
		{kind: 't', head: "| " + strings.Join(head, " | ") + " |\n" + align, units: rows},
		para(after),
	}
}

// indicators are the resource indicators of the 优质均衡 assessment, with
// the standard for primary schools and the range values are drawn from.
var indicators = []struct {
	name   string
	std    float64
	atMost bool // the value must not exceed std
	lo, hi float64
	format string
}{
	{"每百名学生拥有高于规定学历教师数（人）", 4.2, false, 3.6, 6.5, "%.2f"},
	{"每百名学生拥有县级以上骨干教师数（人）", 1.0, false, 0.8, 2.2, "%.2f"},
	{"每百名学生拥有体育、艺术专任教师数（人）", 0.9, false, 0.7, 1.5, "%.2f"},
	{"生均教学及辅助用房面积（㎡）", 4.5, false, 4.0, 7.2, "%.2f"},
	{"生均体育运动场馆面积（㎡）", 7.5, false, 6.0, 12.8, "%.2f"},
	{"生均教学仪器设备值（元）", 2000, false, 1700, 4200, "%.0f"},
	{"每百名学生拥有网络多媒体教室数（间）", 2.3, false, 2.0, 3.6, "%.2f"},
	{"综合差异系数", 0.5, true, 0.21, 0.56, "%.3f"},
}

// place is where the unit holds a meeting.
func (c *ctx) place() string {
	u := c.u
	area := u.short
	if u.isOffice() {
		area = "市"
	}
	return c.g.pick([]string{
		u.bureau + "三楼会议室", u.bureau + "五楼会议室", area + "行政中心九楼会议室",
		area + "政务服务中心会议室", c.school() + "报告厅", area + "教师发展中心多功能厅",
	})
}

func (c *ctx) area1() string {
	switch c.u.kind {
	case "county":
		return "县"
	case "office":
		return "市"
	}
	return "区"
}

// Article bodies by kind. Each returns the body; target is its size in bytes.

func (c *ctx) updateBody(target int, withTable bool) string {
	g := c.g
	step := 0
	heads := g.chance(0.4)
	return compose(target, c.xd("closing", closings), func() []block {
		step++
		var out []block
		switch {
		case step == 1:
			out = append(out, para(c.xs(updateOpen), c.xd("body", bodySentences)))
		case heads:
			out = append(out, c.numberedHead(step-1), c.sentences(g.n(2, 4), "body", bodySentences))
		case step == 2:
			out = append(out, c.points(g.n(3, 4)))
		default:
			out = append(out, c.sentences(g.n(2, 4), "body", bodySentences))
		}
		if withTable && step == 2 {
			out = append(out, c.table()...)
		}
		if step == 3 && g.chance(0.3) {
			out = append(out, c.list(g.n(3, 5), "PROBLEM", c.t.problems, g.chance(0.5)))
		}
		return out
	})
}

func (c *ctx) meetingBody(target int, withTable bool, chair person, place string, attendees []person) string {
	g := c.g
	step := 0
	var names []string
	for _, a := range attendees {
		names = append(names, a.role+a.name)
	}
	open := fmt.Sprintf("%s%s，%s在%s召开%s%s。%s%s主持会议，%s等参加会议。",
		monthDay(c.ev), g.pick([]string{"上午", "下午"}), c.subj, place, c.t.short, c.meeting,
		chair.role, chair.name, strings.Join(names[:min(3, len(names))], "，"))
	return compose(target, c.xd("closing", closings), func() []block {
		step++
		switch step {
		case 1:
			return []block{para(open,
				c.x("会上，有关科室负责同志通报了{AREA}{TS}工作进展情况；{S}、{S}作了交流发言。"))}
		case 2:
			b := []block{para(c.x("会议指出，{TS}工作事关群众切身利益，{MEASURE}。"), c.xd("body", bodySentences), c.xd("body", bodySentences))}
			if withTable {
				b = append(b, c.table()...)
			}
			return b
		case 3:
			n := min(g.n(3, 4), len(c.t.measures))
			lead := c.xs(requireLead)
			if g.chance(0.5) {
				lead = c.x("{P}在讲话中提出" + numeral(n) + "点要求。")
			}
			var units []string
			units = append(units, lead)
			bold := g.chance(0.5)
			for i := 1; i <= n; i++ {
				mark := numeral(i) + "要"
				if bold {
					mark = "**" + mark + "**"
				}
				units = append(units, mark+c.x("{F4}。{MEASURE}")+"；")
			}
			units[len(units)-1] = strings.TrimSuffix(units[len(units)-1], "；") + "。"
			return []block{para(units...)}
		default:
			return []block{c.sentences(g.n(2, 3), "body", bodySentences)}
		}
	})
}

func (c *ctx) inspectionBody(target int, withTable bool) string {
	g := c.g
	step := 0
	open := c.x("为进一步推动{T}落地见效，根据{DOCREF}要求，{MD}至{MD2}，{SUBJ}组织") +
		strconv.Itoa(g.n(8, 60)) + c.x("名{INSP}，分{GN}个督导组，对{AREA}{NS}所学校开展了专项督导。")
	return compose(target, c.xd("closing", closings), func() []block {
		step++
		switch step {
		case 1:
			return []block{para(open, c.x("现将有关情况通报如下。"))}
		case 2:
			b := []block{heading("## 一、基本情况"), para(
				c.x("本次督导采取{METHODS}等方式，共查阅资料{N}份，听课{N2}0节，访谈师生{N}人。"),
				c.xd("body", bodySentences))}
			if withTable {
				b = append(b, c.table()...)
			}
			return b
		case 3:
			return []block{heading("## 二、主要做法与成效"), c.points(g.n(3, 4))}
		case 4:
			return []block{heading("## 三、存在的问题"), c.list(g.n(3, 5), "PROBLEM", c.t.problems, true)}
		case 5:
			return []block{heading("## 四、督导意见"), c.list(g.n(3, 4), "MEASURE", c.t.measures, true)}
		default:
			return []block{c.sentences(g.n(2, 3), "body", bodySentences)}
		}
	})
}

func (c *ctx) experienceBody(target int, withTable bool) string {
	g := c.g
	step := 0
	open := c.x("近年来，{SUBJ}坚持{F4}、{F4}，以{TS}为抓手，着力破解制约教育发展的难点问题，") +
		c.x("走出了一条符合本地实际的路子。主要做法如下。")
	return compose(target, c.xd("closing", closings), func() []block {
		step++
		if step == 1 {
			return []block{para(open)}
		}
		b := []block{c.numberedHead(step - 1), c.sentences(g.n(2, 4), "body", bodySentences)}
		if withTable && step == 3 {
			b = append(b, c.table()...)
		}
		return b
	})
}

func (c *ctx) dataBody(target int) string {
	g := c.g
	step := 0
	return compose(target, c.xd("closing", closings), func() []block {
		step++
		switch step {
		case 1:
			return []block{para(c.x("{MD}，{SUBJ}对{AREA}{T}主要指标进行了统计分析，现将有关情况摘要如下。"))}
		case 2:
			return c.table()
		case 3:
			return []block{c.list(g.n(3, 4), "PROBLEM", c.t.problems, false)}
		default:
			return []block{c.sentences(g.n(2, 3), "body", bodySentences)}
		}
	})
}

func (c *ctx) noticeBody(target int, withTable bool, signer string, signed time.Time) string {
	g := c.g
	step := 0
	addressee := "各县区教育局、市直各学校："
	if !c.u.isOffice() {
		addressee = "各中小学校、幼儿园："
	}
	closing := signer + "\n\n" + chineseDate(signed)
	return compose(target, closing, func() []block {
		step++
		switch step {
		case 1:
			return []block{para(addressee), para(
				c.x("为扎实推进{T}，根据{DOCREF}有关要求，经研究，决定于{MD}至{MD2}开展专项督导。"),
				"现将有关事项通知如下。")}
		case 2:
			return []block{heading("## 一、督导对象"), para(c.x("{AREA}各级各类中小学校和幼儿园，重点抽查{NS}所学校。"))}
		case 3:
			return []block{heading("## 二、督导内容"), c.list(g.n(3, 5), "ACTION", c.t.actions, true)}
		case 4:
			b := []block{heading("## 三、时间安排"), {kind: 'l', units: []string{
				c.x("1. **自查阶段**（{MD}前）：各单位对照督导内容开展自查，形成自查报告；"),
				c.x("2. **督导阶段**（{MD}至{MD2}）：督导组进校开展实地督导；"),
				"3. **反馈阶段**：督导结束后十个工作日内印发督导意见书。",
			}}}
			if withTable {
				b = append(b, c.table()...)
			}
			return b
		case 5:
			return []block{heading("## 四、工作要求"), para(c.xs([]string{"{MEASURE}。"}), c.xd("body", bodySentences)),
				para("联系人：" + g.person().name + "，联系电话：0561-" + strconv.Itoa(g.n(2000000, 8999999)) + "。")}
		default:
			return []block{c.sentences(g.n(2, 3), "body", bodySentences)}
		}
	})
}

func (c *ctx) profileBody(target int, in *inspector) string {
	g := c.g
	step := 0
	he := "他"
	if in.female {
		he = "她"
	}
	return compose(target, c.x("{SUBJ}希望广大督学以"+in.name+"同志为榜样，把督导工作做深做实。"), func() []block {
		step++
		switch step {
		case 1:
			return []block{para(in.bio())}
		case 2:
			return []block{heading("## 把督导做在平常"), para(
				fmt.Sprintf("作为一名%s，%s坚持每月进校，随堂听课、查看校园、与师生交流，", in.kind, in.name),
				"发现问题当场反馈，能解决的督促学校立即解决，一时解决不了的列入整改台账。",
				c.x("{ACTION}。"))}
		case 3:
			return []block{para(
				he+"常说：“督导不是挑毛病，而是帮学校把事情做好。”",
				c.x("在{TS}工作中，"+he+"带领督导小组走遍了责任区内的每一所学校，{ACTION}。"))}
		case 4:
			return []block{heading("## 做学校发展的同行者"), c.sentences(g.n(2, 3), "body", bodySentences)}
		default:
			return []block{c.sentences(g.n(2, 3), "body", bodySentences)}
		}
	})
}

// Titles by kind.
var titles = map[string][]string{
	"update": {
		"{SUBJ}扎实推进{T}",
		"{SUBJ}多措并举抓好{TS}工作",
		"{CITYOFF}赴{VD}督导{T}",
		"{DN}{TS}工作取得阶段性成效",
		"{SUBJ}组织开展{TS}工作“回头看”",
		"{SUBJ}召开专题会议研究部署{TS}工作",
	},
	"meeting": {
		"{SUBJ}召开{TS}{MEETING}",
		"{DN}{TS}{MEETING}召开",
	},
	"inspection": {
		"{SUBJ}开展{TS}专项督导",
		"{SUBJ}对{AREA}中小学校{TS}工作进行专项督导",
		"{YEAR}年{SEASON}{TS}专项督导情况通报",
	},
	"experience": {
		"{DN}：{HL}，{HR}",
		"{DN}以{TS}为抓手推动教育高质量发展",
		"{S}{HL}的做法与体会",
	},
	"data": {
		"{YEAR}年{DN}{TS}主要指标监测情况",
		"{DN}{YEAR}年义务教育学校办学条件统计分析",
	},
	"notice": {
		"关于开展{YEAR}年{TS}专项督导的通知",
		"关于做好{YEAR}年{SEASON}{TS}工作的通知",
		"关于{YEAR}年{TS}督导检查情况的通报",
	},
}
