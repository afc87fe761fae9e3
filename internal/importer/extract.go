package importer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// What an article is, and the facts that can be read off it where they are
// plain to read: a meeting's date, place, chair and the people named at its
// opening; an author's profile after 作者简介.

func profileSection(section string) bool { return strings.Contains(section, "风采") }

var (
	meetingTitleRe    = regexp.MustCompile(`会议|座谈会|会召开|会举行|会在|[^委学协工]会$`)
	inspectionTitleRe = regexp.MustCompile(`专项督导|问题清单|问题通报|督查通报|专项检查|督导检查|督导评估|挂牌督导`)
	experienceTitleRe = regexp.MustCompile(`考察|经验交流|学习交流|观摩|经验做法`)
	dataTitleRe       = regexp.MustCompile(`数据|统计|监测结果|差异系数`)
	noticeTitleRe     = regexp.MustCompile(`通知|公告|公示`)

	inspectionSectionRe = regexp.MustCompile(`专项督导|问题|督查|督导检查`)
)

// kindOf is the kind of an article from its section, else from its title.
func kindOf(section, title string) string {
	switch {
	case profileSection(section):
		return "profile"
	case strings.Contains(section, "会议"), meetingTitleRe.MatchString(title):
		return "meeting"
	case inspectionSectionRe.MatchString(section):
		return "inspection"
	case strings.Contains(section, "经验") || strings.Contains(section, "考察"):
		return "experience"
	case strings.Contains(section, "数据") || strings.Contains(section, "监测"):
		return "data"
	case strings.Contains(section, "通知") || strings.Contains(section, "公告"):
		return "notice"
	case inspectionTitleRe.MatchString(title):
		return "inspection"
	case experienceTitleRe.MatchString(title):
		return "experience"
	case dataTitleRe.MatchString(title):
		return "data"
	case noticeTitleRe.MatchString(title):
		return "notice"
	}
	return "update"
}

var (
	monthDayRe = regexp.MustCompile(`(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日`)
	placeRe    = regexp.MustCompile(`在([^，。；、,;]{2,30}?)(?:隆重|组织|顺利|专门|集中)?(?:召开|举行|举办|开幕|组织召开)`)
	chairRe    = regexp.MustCompile(`(?:长|书记|主任|督学|委员|由)(\p{Han}{2,3}?)(?:同志)?主持`)
	officialRe = regexp.MustCompile(`(?:书记|区长|县长|市长|镇长|局长|主任|督学|部长|校长|组长|主席|处长|科长|负责人|委员|厅长|园长)(\p{Han}{2,3})(?:同志)?(?:出席|参加|主持|讲话|致辞|到会|作|做|分别|等|，|、|。|；|和|及|与|,)`)
	moreNameRe = regexp.MustCompile(`^[、和及与](\p{Han}{2,3})(?:同志)?(?:出席|参加|主持|讲话|致辞|到会|作|做|分别|等|，|、|。|；|和|及|与|,)`)
)

// notNames are words the name pattern can catch that are not names.
var notNames = map[string]bool{"同志": true, "出席": true, "参加": true, "主持": true, "讲话": true, "一行": true, "等人": true, "全体": true, "相关": true, "有关": true}

// meeting reads the date, place, chair and the people named in the opening
// paragraph of a meeting report.
func (p *parser) meeting(a *article) {
	var first *para
	for _, pa := range a.paras {
		if !pa.heading && !pa.block {
			first = pa
			break
		}
	}
	if first == nil {
		return
	}
	text := first.text
	sentence := text
	if i := strings.Index(text, "。"); i >= 0 {
		sentence = text[:i]
	}
	if m := monthDayRe.FindStringSubmatch(sentence); m != nil {
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		y := p.is.year
		if m[1] != "" {
			y, _ = strconv.Atoi(m[1])
		} else if p.is.date.valid() {
			y = p.is.date.Y
			if mo > p.is.date.M {
				y-- // a December meeting reported in a January issue
			}
		}
		if dd := (ymd{y, mo, d}); dd.valid() {
			a.held = dd
		}
	}
	if m := placeRe.FindStringSubmatch(sentence); m != nil {
		a.place = m[1]
	}
	if m := chairRe.FindStringSubmatch(text); m != nil && !notNames[m[1]] {
		a.chair = m[1]
	}
	seen := map[string]bool{}
	add := func(n string) {
		if !notNames[n] && !seen[n] && n != a.chair {
			seen[n] = true
			a.attendees = append(a.attendees, n)
		}
	}
	for _, m := range officialRe.FindAllStringSubmatchIndex(text, -1) {
		add(text[m[2]:m[3]])
		rest := text[m[3]:]
		for {
			mm := moreNameRe.FindStringSubmatchIndex(rest)
			if mm == nil {
				break
			}
			add(rest[mm[2]:mm[3]])
			rest = rest[mm[3]:]
		}
	}
}

var (
	nameRe       = regexp.MustCompile(`^(\p{Han}{2,4})[，,]`)
	genderRe     = regexp.MustCompile(`[，,](男|女)[，,。]`)
	bornRe       = regexp.MustCompile(`(\d{4})\s*年\s*(\d{1,2})\s*月\s*(?:出)?生`)
	bornYRe      = regexp.MustCompile(`(\d{4})\s*年\s*(?:出)?生`)
	partyRe      = regexp.MustCompile(`中共党员|中共预备党员|中国共产党党员|共青团员|民盟盟员|民进会员|九三学社社员|农工党党员|致公党党员|民建会员|民革党员|台盟盟员|无党派人士|群众`)
	titleRe      = regexp.MustCompile(`[，,]((?:正高级|副高级|高级|一级|二级|三级|中学高级|中学一级|小学高级|小学一级|幼儿园高级)[^，,。]{0,6}?(?:教师|讲师)|[^，,。]{0,8}(?:教授|特级教师))[，,。]`)
	schoolRe     = regexp.MustCompile(`(?:分配到|调入|调到|任教于|工作于|就职于|在)([^，,。]{2,30}?(?:学校|中学|小学|学院|幼儿园|中心校|完小|教育局|教体局))(?:任教|工作|任职)?`)
	roleRe       = regexp.MustCompile(`现任([^，,。；]+)`)
	sinceRe      = regexp.MustCompile(`(\d{4})\s*年(?:开始|起)?(?:担任|受聘|被聘|聘为|任|开始担任|起担任)`)
	inspKindR    = regexp.MustCompile(`(专职督学|兼职督学|责任督学|挂牌督学|特约督学|督学)`)
	provinceR    = regexp.MustCompile(`^\p{Han}{2,3}省`)
	roleSchoolRe = regexp.MustCompile(`^\p{Han}+?(?:学校|中学|小学|学院|幼儿园|中心校)`)
)

// profile makes an inspector profile from the 作者简介 of a 督学风采 article,
// or from its first paragraph when that reads like one ("伍德宝，男，1962年…").
func (p *parser) profile(a *article) {
	start := a.profile
	if start >= 0 {
		start++ // the paragraph after the label, unless the label holds the text
		if start-1 < len(a.paras) {
			if m := profileRe.FindStringSubmatch(a.paras[start-1].text); m != nil && strings.TrimSpace(m[2]) != "" {
				start--
			}
		}
	} else {
		for i, pa := range a.paras {
			if !pa.heading && !pa.block && !pa.verse && nameRe.MatchString(pa.text) && genderRe.MatchString(pa.text) {
				start = i
				break
			}
		}
	}
	if start < 0 || start >= len(a.paras) {
		return
	}
	var texts, mds []string
	for _, pa := range a.paras[start:] {
		texts = append(texts, pa.text)
		mds = append(mds, pa.md)
	}
	if m := profileRe.FindStringSubmatch(mds[0]); m != nil {
		mds[0] = m[2] // 作者简介：伍德宝，… on one line
	}
	text := strings.Join(texts, "\n")
	if m := profileRe.FindStringSubmatch(text); m != nil {
		text = m[2]
	}
	m := nameRe.FindStringSubmatch(text)
	if m == nil {
		p.notes = append(p.notes, fmt.Sprintf("%s的作者简介里没有找到姓名（应以“姓名，”开头），没有建督学简介", p.src.where(a.paras[start].first)))
		return
	}
	in := &inspector{name: m[1], unit: a.unit, text: strings.Join(mds, "\n\n")}
	if m := genderRe.FindStringSubmatch(text); m != nil {
		in.gender = m[1]
	}
	if m := bornRe.FindStringSubmatch(text); m != nil {
		mo, _ := strconv.Atoi(m[2])
		in.born = m[1] + "-" + pad2(mo)
	} else if m := bornYRe.FindStringSubmatch(text); m != nil {
		in.born = m[1]
	}
	in.party = partyRe.FindString(text)
	if m := titleRe.FindStringSubmatch(text); m != nil {
		in.title = m[1]
	}
	if m := schoolRe.FindStringSubmatch(text); m != nil {
		in.school = provinceR.ReplaceAllString(m[1], "")
	}
	if m := roleRe.FindStringSubmatch(text); m != nil {
		in.role = m[1]
		if in.school == "" {
			in.school = roleSchoolRe.FindString(in.role)
		}
	}
	if m := sinceRe.FindStringSubmatch(text); m != nil {
		in.since, _ = strconv.Atoi(m[1])
	}
	if m := inspKindR.FindStringSubmatch(text); m != nil {
		in.kind = m[1]
	}
	a.inspector = in
	a.author = in.name
}

// vocabulary is the small set of supervision terms an article's keywords are
// taken from, in the order they are tried.
var vocabulary = []string{
	"优质均衡", "基本均衡", "普及普惠", "专项督导", "责任督学", "挂牌督导", "督学风采", "问题清单", "迎检",
	"包保", "动员会", "推进会", "整改", "评估", "复核", "自评", "学前教育", "双减", "课后服务",
	"校园安全", "开学", "考察", "督导",
}

// keywords are the vocabulary words in the title, then in the body (four at
// most), and the district the article is about.
func keywords(a *article, ds []*district) []string {
	var out []string
	seen := map[string]bool{}
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	body := a.plain()
	for _, src := range []string{a.title, body} {
		for _, w := range vocabulary {
			if len(out) < 4 && strings.Contains(src, w) {
				add(w)
			}
		}
	}
	for _, d := range ds {
		if d.ID == a.unit && d.Kind != "office" {
			add(d.Name)
		}
	}
	return out
}
