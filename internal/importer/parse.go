package importer

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// The parser reads the lines of a bulletin in one pass, as an editor reads
// the printed page: the masthead (报头) up to the first heading; then 本期要目
// and 编者按 if there are any; then the body, where every line is one of a
// section heading (一、工作动态), a unit heading ((一) 市教督委办, or 1、铜官区
// when it names a district), an item title, a numbered item (1. …), a 作者简介
// label, or text; and from the first 抄报/抄送/共印 line on, the footer (版记).
//
// Text copied from a PDF is broken where the pages and lines ended. A piece
// that ends in the middle of a sentence is joined to the next piece of text
// (across blank lines and page numbers too); a title broken over two lines is
// joined back; page numbers, running heads and rules are dropped. Every such
// repair is recorded for the report, and every line that fits nowhere is kept
// and listed.

var (
	sectionRe     = regexp.MustCompile(`^([一二三四五六七八九十]{1,3})\s*[、.．]\s*(.+)$`)
	unitRe        = regexp.MustCompile(`^[(（]\s*([一二三四五六七八九十]{1,3})\s*[)）]\s*(.+)$`)
	arabicRe      = regexp.MustCompile(`^([0-9０-９]{1,2})\s*[、.．]\s*([^0-9０-９].*)$`)
	arabicParenRe = regexp.MustCompile(`^[(（]\s*([0-9０-９]{1,2})\s*[)）]\s*(.+)$`)
	circledRe     = regexp.MustCompile(`^([①-⑳])\s*(.+)$`)

	contentsRe = regexp.MustCompile(`^[【\[]?(本期要目|本期目录|目录|本期导读|要目)[】\]]?[:]?(.*)$`)
	noteRe     = regexp.MustCompile(`^[【\[]?(编者按|编者的话|编者语|卷首语)[】\]]?[:]?(.*)$`)
	profileRe  = regexp.MustCompile(`^[【\[]?(作者简介|个人简介|督学简介|简介)[】\]]?[:：]?\s*(.*)$`)

	classRe      = regexp.MustCompile(`^(内部资料|内部刊物|内部参阅|内部发行|内部交流|秘密|机密|绝密)`)
	serialRe     = regexp.MustCompile(`(?:编号|No\.?)[:]?(.*)$`)
	totalRe      = regexp.MustCompile(`总第([0-9]+|[一二三四五六七八九十百〇零]+)期`)
	numberRe     = regexp.MustCompile(`第([0-9]+|[一二三四五六七八九十百〇零]+)期`)
	supNumberRe  = regexp.MustCompile(`增刊(?:第)?\(?([0-9]+|[一二三四五六七八九十]+)\)?`)
	yearParenRe  = regexp.MustCompile(`\((\d{4})\)`)
	yearRe       = regexp.MustCompile(`(\d{4})年`)
	subtitleRe   = regexp.MustCompile(`^\((.+)\)$`)
	issuerRe     = regexp.MustCompile(`^(?:主办|编印|编发|主办单位|编印单位|编辑单位|印发单位)[:](.+)$`)
	officeRe     = regexp.MustCompile(`(?:办公室|督导室|督导办|委员会|教育局|教体局|教育体育局|教育和体育局|督学室|督导处|督导科|督导组|教育督导中心)$`)
	afterDateRe  = regexp.MustCompile(`^(?:印发|编印|出版|发布|印)?$`)
	ruleRe       = regexp.MustCompile(`^[-—_=━─﹍＿·.…*~～]{3,}$`)
	pageNumRe    = regexp.MustCompile(`^(?:[-—–~]*\d{1,3}[-—–~]*|第\d{1,3}页(?:,?共\d{1,3}页)?|\d{1,3}/\d{1,3}|-?\d{1,3}-?)$`)
	dateOnlyRe   = regexp.MustCompile(`^(?:\d{4}年)?\d{1,2}月\d{1,2}日$|^\d{4}[-./]\d{1,2}[-./]\d{1,2}$`)
	poemTitleRe  = regexp.MustCompile(`七律|七绝|五律|五绝|律诗|绝句|诗|词|赋|歌|吟|颂|沁园春|念奴娇|水调歌头|满江红|浣溪沙|西江月|蝶恋花|清平乐|卜算子|如梦令|江城子|鹧鸪天`)
	leaderRe     = regexp.MustCompile(`\s*(?:[.…·．。]{2,}|\s)\s*[0-9]{1,3}\s*$|[.…·．]{2,}\s*$`)
	bulletRe     = regexp.MustCompile(`^[●◆■□◇★☆•▪►·\-*]\s*`)
	footerLabels = regexp.MustCompile(`(抄\s*报|抄\s*送|抄\s*发|分\s*送|发\s*送|报\s*送|初\s*稿|修\s*改|审\s*核|发\s*布|签\s*发|责\s*任\s*编\s*辑|编\s*辑|校\s*对)\s*[：:]`)
	copiesRe     = regexp.MustCompile(`[（(]?\s*共\s*印\s*([0-9０-９]+)\s*份\s*[)）]?`)
	footerStart  = regexp.MustCompile(`^(?:(?:抄\s*报|抄\s*送|抄\s*发|分\s*送|发\s*送|报\s*送|初\s*稿|签\s*发|责\s*任\s*编\s*辑)\s*[：:]|[（(]?\s*共\s*印\s*[0-9０-９]+\s*份)`)
)

// sectionWordRe matches how the names of bulletin sections end (工作动态,
// 督学风采, 经验交流), to tell them from an article's own 一、二、 headings
// (加强组织领导) where the numbers alone cannot.
var sectionWordRe = regexp.MustCompile(`(?:动态|风采|简讯|要闻|信息|交流|通报|督导|督查|评估|会议|专栏|文件|提示|数据|监测|经验|考察|通知|公告|情况|之窗|园地|快讯|聚焦|视点|纵横|专题|专刊)$`)

// defaultSection is the section articles go to when the text has no section
// headings at all.
const defaultSection = "工作动态"

type parser struct {
	src  *source
	ds   []*district
	is   *issue
	home *district // the issuing office, when it is one of the districts

	sec          string
	unit         string
	unitText     string
	unitNumbered bool // this section's units are numbered 1、2、
	secNum       int  // the number of the section being read (一 is 1)
	styled       bool // a Word document whose sections are styled Heading 1
	byHome       bool // unit is the issuing office's: no unit heading named one
	i            int  // index of the line being read
	art          *article
	inFooter     bool
	footVal      *string // the footer value a continuation line goes to
	width        float64 // the width of a full line of hard-wrapped text
	all          string  // the fold of every line, run together
	offsets      []int   // where each line starts in all

	unplaced []Line
	layout   []Line
	fixes    []Line
	units    []UnitMatch
	joins    []Join
	notes    []string
}

func parse(src *source, ds []*district) *parser {
	p := &parser{src: src, ds: ds, is: &issue{}}
	p.measure()
	lines := src.lines
	i := p.masthead(0)
	if p.is.issuer != "" {
		p.home, _ = matchDistrict(ds, p.is.issuer)
	}
	if p.home != nil {
		p.unit = p.home.ID
		p.byHome = true
	}
	i = p.front(i)
	for ; i < len(lines); i++ {
		p.i = i
		p.line(lines[i])
	}
	p.closeArticle()
	for k, note := range src.footnotes {
		p.unplaced = append(p.unplaced, Line{No: -(k + 1), Text: note, Why: "Word 的脚注或尾注：网页上没有脚注的位置，请把它写进相应的文章"})
	}
	p.finish()
	return p
}

// measure finds the width of a full line, for text copied from a PDF with a
// line break at the end of every printed line, and runs the whole text
// together for looking ahead.
func (p *parser) measure() {
	var ws []float64
	var b strings.Builder
	for _, l := range p.src.lines {
		if l.style == 1 {
			p.styled = true
		}
		p.offsets = append(p.offsets, b.Len())
		b.WriteString(l.f)
		if runes(l.text) >= 8 {
			ws = append(ws, printWidth(l.text))
		}
	}
	p.all = b.String()
	if len(ws) > 0 && p.src.format == "txt" {
		sort.Float64s(ws)
		p.width = ws[len(ws)*9/10]
	}
}

// wraps reports a line of a hard-wrapped paragraph that goes on in the next
// line: as wide as a full line, with the next line right under it. Such a
// line is never a title, even when it reads like one.
func (p *parser) wraps(l *line) bool {
	if p.src.format != "txt" || p.width == 0 || p.i+1 >= len(p.src.lines) || p.src.lines[p.i] != l {
		return false
	}
	next := p.src.lines[p.i+1]
	return !next.gap && printWidth(l.text) >= 0.85*p.width
}

// after is the folded text of every line after line index i.
func (p *parser) after(i int) string {
	if i+1 >= len(p.offsets) {
		return ""
	}
	return p.all[p.offsets[i+1]:]
}

func (p *parser) unplace(l *line, why string) {
	p.unplaced = append(p.unplaced, Line{No: l.no, Text: l.text, Why: why})
}

func (p *parser) drop(l *line, why string) {
	p.layout = append(p.layout, Line{No: l.no, Text: l.text, Why: why})
}

// orig maps the span [a, b) of fold(s) back to s.
func orig(s string, a, b int) string {
	var m []int
	for i, r := range s {
		if isSpace(r) {
			continue
		}
		f := fold(string(r))
		for range len(f) {
			m = append(m, i)
		}
	}
	m = append(m, len(s))
	if a > len(m)-1 {
		a = len(m) - 1
	}
	if b > len(m)-1 {
		b = len(m) - 1
	}
	return strings.TrimFunc(s[m[a]:m[b]], isSpace)
}

// cellLines turns the cells of a Word table into lines, for tables that only
// lay out a masthead or a footer.
func cellLines(l *line) []*line {
	var out []*line
	for _, row := range l.table.text {
		for _, c := range row {
			if c != "" {
				out = append(out, &line{no: l.no, text: c, md: escapeText(c), f: fold(c), gap: true})
			}
		}
	}
	return out
}

// Masthead.

func (p *parser) masthead(i int) int {
	lines := p.src.lines
	sawDate := false
	for ; i < len(lines); i++ {
		l := lines[i]
		if l.image != nil {
			p.unplace(l, "报头里的图片（多半是徽标），没有放进文章；图片文件已复制到简报文件夹")
			continue
		}
		if l.table != nil {
			cells := cellLines(l)
			known := false
			for _, c := range cells {
				if !p.structural(c) && p.mastheadLine(c, &sawDate, true) {
					known = true
				}
			}
			if !known {
				return i
			}
			for _, c := range cells {
				if !p.mastheadLine(c, &sawDate, false) {
					p.unplace(c, "报头的表格里有这一格，不知道它是什么")
				}
			}
			continue
		}
		if p.structural(l) {
			return i
		}
		if ruleRe.MatchString(l.f) {
			p.drop(l, "横线")
			continue
		}
		if p.mastheadLine(l, &sawDate, false) {
			continue
		}
		if sawDate || p.is.number > 0 && p.is.issuer != "" || looksBody(l) {
			return i
		}
		p.unplace(l, "报头里有这一行，不知道它是什么")
	}
	return i
}

// looksBody reports a line that reads as running text, not a masthead line.
func looksBody(l *line) bool {
	return runes(l.text) > 40 || strings.ContainsAny(l.f, ",;。")
}

// mastheadLine recognises a line of the masthead and records it. With dry
// set it only says whether it would.
func (p *parser) mastheadLine(l *line, sawDate *bool, dry bool) bool {
	is := p.is
	f := l.f
	switch {
	case l.style == styleTitle && is.series == "":
		if !dry {
			is.series = l.text
		}
		return true
	case l.style == styleSubtitle && is.subtitle == "":
		if !dry {
			is.subtitle = strings.Trim(l.text, "()（） ")
		}
		return true
	}
	if m := classRe.FindStringIndex(f); m != nil {
		if dry {
			return true
		}
		rest := f
		if s := serialRe.FindStringSubmatchIndex(f); s != nil {
			is.serial = orig(l.text, s[2], s[3])
			rest = f[:s[0]]
		}
		is.classification = orig(l.text, 0, len(rest))
		return true
	}
	if s := serialRe.FindStringSubmatchIndex(f); s != nil && s[0] == 0 {
		if !dry {
			is.serial = orig(l.text, s[2], s[3])
		}
		return true
	}
	if runes(f) <= 40 && (numberRe.MatchString(f) || strings.Contains(f, "增刊")) {
		if dry {
			return true
		}
		p.issueLine(l)
		return true
	}
	if d, start, end, ok := findDate(f); ok {
		before, after := f[:start], f[end:]
		if runes(before) <= 40 && afterDateRe.MatchString(after) && !strings.ContainsAny(before, ",;。") {
			if dry {
				return true
			}
			is.date = d
			*sawDate = true
			if before != "" {
				if is.issuer == "" {
					is.issuer = orig(l.text, 0, start)
				} else if fold(is.issuer) != before {
					p.unplace(&line{no: l.no, text: orig(l.text, 0, start)}, "报头里日期前的文字，和已认出的编印单位不同")
				}
			}
			return true
		}
	}
	if m := subtitleRe.FindStringSubmatchIndex(f); m != nil && is.subtitle == "" {
		inner := f[m[2]:m[3]]
		if _, numeral := chineseNumber(inner); !numeral && strings.IndexFunc(inner, isHan) >= 0 {
			if !dry {
				is.subtitle = orig(l.text, m[2], m[3])
			}
			return true
		}
	}
	if m := issuerRe.FindStringSubmatchIndex(f); m != nil {
		if !dry {
			is.issuer = orig(l.text, m[2], m[3])
		}
		return true
	}
	if is.series != "" && is.issuer == "" && runes(f) <= 40 && officeRe.MatchString(f) {
		if !dry {
			is.issuer = l.text
		}
		return true
	}
	if footerLabels.MatchString(l.text) && footerLabels.FindStringIndex(l.text)[0] == 0 && !footerStart.MatchString(l.text) {
		// 编辑：… or 审核：… set under the masthead.
		if !dry {
			p.footerFields(l)
		}
		return true
	}
	if is.series == "" && runes(f) <= 40 && !strings.ContainsAny(f, ",;。") {
		if !dry {
			is.series = l.text
		}
		return true
	}
	return false
}

// issueLine reads "(2020) 第 10 期", "总第 14 期", "2021 年增刊第 2 期" and their
// combinations on one line.
func (p *parser) issueLine(l *line) {
	is := p.is
	f := l.f
	rest := f
	if m := totalRe.FindStringSubmatch(rest); m != nil {
		is.total, _ = chineseNumber(m[1])
		rest = strings.Replace(rest, m[0], " ", 1)
	}
	if strings.Contains(rest, "增刊") {
		is.supplement = true
	}
	if m := numberRe.FindStringSubmatch(rest); m != nil {
		is.number, _ = chineseNumber(m[1])
		rest = strings.Replace(rest, m[0], " ", 1)
	} else if m := supNumberRe.FindStringSubmatch(rest); m != nil && m[1] != "" {
		is.number, _ = chineseNumber(m[1])
		rest = strings.Replace(rest, m[0], " 增刊 ", 1)
	}
	if m := yearParenRe.FindStringSubmatch(rest); m != nil {
		is.year, _ = strconv.Atoi(m[1])
		rest = strings.Replace(rest, m[0], " ", 1)
	} else if m := yearRe.FindStringSubmatch(rest); m != nil {
		is.year, _ = strconv.Atoi(m[1])
		rest = strings.Replace(rest, m[0], " ", 1)
	}
	rest = strings.Replace(rest, "增刊", " ", 1)
	left := strings.TrimFunc(strings.Join(strings.Fields(rest), ""), func(r rune) bool {
		return strings.ContainsRune("()（）[]【】〔〕,，、·-—", r) || isSpace(r)
	})
	if left != "" {
		if is.series == "" && strings.HasPrefix(f, left) {
			is.series = orig(l.text, 0, len(left))
		} else {
			p.unplace(l, "期号一行里还有认不出的文字“"+left+"”")
		}
	}
}

func isHan(r rune) bool { return r >= 0x4E00 && r <= 0x9FFF || r >= 0x3400 && r <= 0x4DBF }

// structural reports a line that starts the body, the contents or the
// editor's note, or the footer.
func (p *parser) structural(l *line) bool {
	if l.style >= 1 && l.style <= 9 {
		return true
	}
	if _, _, ok := p.sectionHead(l); ok {
		return true
	}
	if contentsRe.MatchString(l.f) || noteRe.MatchString(l.f) || unitRe.MatchString(l.text) || footerStart.MatchString(l.text) {
		return true
	}
	if m := arabicRe.FindStringSubmatch(l.text); m != nil {
		if d, _ := matchDistrict(p.ds, m[2]); d != nil {
			return true
		}
	}
	return false
}

// sectionName reads a section heading, 一、工作动态 → 工作动态 and 1. It does
// not decide whether the line is one: see sectionHead.
func sectionName(l *line) (string, int, bool) {
	text := l.text
	m := sectionRe.FindStringSubmatch(text)
	if l.style == 1 {
		if m != nil {
			n, _ := chineseNumber(m[1])
			return strings.TrimSpace(m[2]), n, true
		}
		return text, 0, text != ""
	}
	if m == nil || l.style > 1 {
		return "", 0, false
	}
	name := strings.TrimSpace(m[2])
	if runes(name) > 16 || strings.ContainsAny(name, "，,。；;：:") || closed(name) {
		return "", 0, false
	}
	n, _ := chineseNumber(m[1])
	return name, n, true
}

// sectionHead reports whether l starts a section of the bulletin. Articles
// have their own 一、二、 headings too; those restart at 一, or carry on the
// article's own count, or (in a Word document whose sections are styled as
// Heading 1) are plain paragraphs.
func (p *parser) sectionHead(l *line) (string, int, bool) {
	name, n, ok := sectionName(l)
	switch {
	case !ok:
		return "", 0, false
	case l.style == 1:
		if n == 0 {
			n = p.secNum + 1
		}
		return name, n, true
	case p.styled:
		return "", 0, false
	case p.secNum > 0 && n != p.secNum+1:
		return "", 0, false
	case p.art != nil && p.art != p.is.note && p.art.innerNum > 0 && n == p.art.innerNum+1 && !sectionWordRe.MatchString(name):
		return "", 0, false // the article's own next heading
	case p.secNum == 0 && p.art != nil && p.art != p.is.note && len(p.art.paras) > 0 && !sectionWordRe.MatchString(name):
		return "", 0, false // an article before any section, with headings of its own
	}
	return name, n, true
}

// Contents and editor's note.

func (p *parser) front(i int) int {
	lines := p.src.lines
	for i < len(lines) {
		l := lines[i]
		switch {
		case ruleRe.MatchString(l.f) || pageNumRe.MatchString(l.f):
			p.drop(l, "横线或页码")
			i++
		case contentsRe.MatchString(l.f) && l.style != 1:
			i = p.contents(i)
		case noteRe.MatchString(l.f) && l.style != 1:
			i = p.editorNote(i)
		default:
			return i
		}
	}
	return i
}

// contents reads 本期要目. Its entries are the titles of the articles (and
// perhaps the sections), which the site lists again by itself; an entry is a
// line whose text comes again further on.
func (p *parser) contents(i int) int {
	lines := p.src.lines
	head := lines[i]
	p.drop(head, "本期要目的标签；要目由网站根据文章自动生成")
	m := contentsRe.FindStringSubmatch(head.f)
	if strings.TrimSpace(m[2]) != "" {
		p.unplace(head, "本期要目一行里还有文字")
	}
	for i++; i < len(lines); i++ {
		l := lines[i]
		if l.table != nil || l.image != nil {
			return i
		}
		if pageNumRe.MatchString(l.f) || ruleRe.MatchString(l.f) {
			p.drop(l, "横线或页码")
			continue
		}
		if noteRe.MatchString(l.f) {
			return i
		}
		entry := cleanEntry(l.text)
		ef := fold(entry)
		if ef == "" || runes(entry) > 60 || strings.Contains(entry, "。") {
			return i
		}
		later := strings.Contains(p.after(i), ef)
		dressed := bulletRe.MatchString(l.text) || leaderRe.MatchString(l.text)
		if !later && !dressed {
			return i
		}
		p.is.contents = append(p.is.contents, contentsEntry{no: l.no, text: entry})
	}
	return i
}

// cleanEntry takes the bullet, the dot leader and the page number off a
// contents entry.
func cleanEntry(s string) string {
	s = bulletRe.ReplaceAllString(strings.TrimSpace(s), "")
	s = leaderRe.ReplaceAllString(s, "")
	return strings.TrimSpace(s)
}

func (p *parser) editorNote(i int) int {
	lines := p.src.lines
	head := lines[i]
	note := &article{no: head.no, profile: -1}
	p.is.note = note
	p.art = note
	m := noteRe.FindStringSubmatchIndex(head.f)
	if m[4] == m[5] {
		p.drop(head, "编者按的标签；编者按写在 index.md 的正文里")
	} else {
		rest := orig(head.text, m[4], m[5])
		note.paras = append(note.paras, &para{md: escapeText(rest), text: rest, first: head.no, last: head.no, lines: 1, tail: rest})
	}
	for i++; i < len(lines); i++ {
		l := lines[i]
		if p.structural(l) || contentsRe.MatchString(l.f) {
			break
		}
		if p.layoutLine(l) {
			continue
		}
		if l.table != nil || l.image != nil {
			p.addBlock(l)
			continue
		}
		p.addText(l)
	}
	p.art = nil
	return i
}

// Body.

func (p *parser) line(l *line) {
	if p.inFooter {
		p.footerLine(l)
		return
	}
	if l.table != nil {
		if p.footerTable(l) {
			return
		}
		p.addBlock(l)
		return
	}
	if l.image != nil {
		p.addBlock(l)
		return
	}
	if p.layoutLine(l) {
		return
	}
	if footerStart.MatchString(l.text) && l.style == 0 {
		p.closeArticle()
		p.inFooter = true
		p.footerLine(l)
		return
	}
	if name, n, ok := p.sectionHead(l); ok {
		p.startSection(name)
		p.secNum = n
		return
	}
	if p.unitHead(l) || p.profileLabel(l) || p.numberedItem(l) || p.title(l) {
		return
	}
	p.addText(l)
}

// layoutLine drops page numbers, running heads and rules.
func (p *parser) layoutLine(l *line) bool {
	f := l.f
	switch {
	case f == "":
		return false
	case ruleRe.MatchString(f):
		p.drop(l, "横线")
		return true
	case pageNumRe.MatchString(f):
		p.drop(l, "页码")
		return true
	}
	if s := fold(p.is.series); s != "" && strings.HasPrefix(f, s) {
		rest := f[len(s):]
		if rest == "" || numberRe.MatchString(rest) && runes(rest) <= 20 {
			p.drop(l, "页眉")
			return true
		}
	}
	return false
}

func (p *parser) startSection(name string) {
	p.closeArticle()
	p.sec = name
	if !contains(p.is.sections, name) {
		p.is.sections = append(p.is.sections, name)
	}
	p.unit, p.unitText, p.unitNumbered = "", "", false
	if p.home != nil {
		p.unit = p.home.ID
	}
	p.byHome = p.home != nil
}

func (p *parser) ensureSection(l *line) {
	if p.sec != "" {
		return
	}
	p.startSection(defaultSection)
	p.notes = append(p.notes, fmt.Sprintf("%s之前没有“一、工作动态”这样的栏目标题，文章放在“%s”栏目里", p.src.where(l.no), defaultSection))
}

// unitHead recognises a sub-section naming the reporting unit.
func (p *parser) unitHead(l *line) bool {
	var text, num string
	switch {
	case l.style == 2:
		text = l.text
		if m := unitRe.FindStringSubmatch(text); m != nil {
			text, num = m[2], m[1]
		}
		if d, _ := matchDistrict(p.ds, text); d == nil && !orgLike(text) {
			return false
		}
	case l.style == 0:
		if m := unitRe.FindStringSubmatch(l.text); m != nil {
			text, num = m[2], m[1]
			if d, _ := matchDistrict(p.ds, text); d == nil && !orgLike(text) {
				return false
			}
		} else if m := arabicRe.FindStringSubmatch(l.text); m != nil {
			text, num = m[2], m[1]
			if d, _ := matchDistrict(p.ds, text); d == nil && !(p.unitNumbered && orgLike(text)) {
				return false
			}
			p.unitNumbered = true
		} else {
			return false
		}
	default:
		return false
	}
	text = strings.TrimSpace(text)
	p.closeArticle()
	p.ensureSection(l)
	d, how := matchDistrict(p.ds, text)
	u := UnitMatch{No: l.no, Text: text, How: how, Numbered: num}
	if d != nil {
		u.ID, u.Name = d.ID, d.Name
		p.unit, p.unitText = d.ID, ""
	} else {
		p.unit, p.unitText = "", text
	}
	p.byHome = false
	p.units = append(p.units, u)
	return true
}

// profileLabel recognises 作者简介 in an article: the text after it is about
// the author, in prose again after a poem.
func (p *parser) profileLabel(l *line) bool {
	a := p.art
	m := profileRe.FindStringSubmatch(l.text)
	if a == nil || m == nil || m[1] == "简介" && !profileSection(a.section) {
		return false
	}
	a.prose = true
	a.profile = len(a.paras)
	a.paras = append(a.paras, &para{md: l.md, text: l.text, first: l.no, last: l.no, lines: 1, tail: l.text})
	return true
}

// numberedItem recognises an item title with a number: 1. 召开动员会，部署创建工作.
// Inside an article it becomes a sub-heading; where no article is open, or
// where the open article began with the same kind of number, it starts an
// article.
func (p *parser) numberedItem(l *line) bool {
	var marker, text string
	num := 0
	if m := sectionRe.FindStringSubmatch(l.text); m != nil {
		marker, text = "一、", m[2]
		num, _ = chineseNumber(m[1])
	} else if m := unitRe.FindStringSubmatch(l.text); m != nil {
		marker, text = "（一）", m[2]
	} else if m := arabicRe.FindStringSubmatch(l.text); m != nil {
		marker, text = "1.", m[2]
	} else if m := arabicParenRe.FindStringSubmatch(l.text); m != nil {
		marker, text = "（1）", m[2]
	} else if m := circledRe.FindStringSubmatch(l.text); m != nil {
		marker, text = "①", m[2]
	} else {
		return false
	}
	text = strings.TrimSpace(text)
	if runes(text) > 40 || closed(text) || strings.Contains(text, "。") || p.wraps(l) {
		return false // a numbered paragraph, not a title
	}
	a := p.art
	if a != nil && a != p.is.note && a.marker != marker && !a.madeUp {
		p.subHeading(l)
		if marker == "一、" {
			a.innerNum = num
		}
		return true
	}
	p.newArticle(l, text, marker)
	return true
}

func (p *parser) subHeading(l *line) {
	a := p.art
	a.paras = append(a.paras, &para{md: "## " + escapeInline(l.text), text: l.text, first: l.no, last: l.no, heading: true, lines: 1, tail: l.text})
}

// titleLike reports a line that can be a title: short, without sentence
// punctuation (commas are allowed in Word titles set in bold or centred).
func titleLike(l *line, relaxed bool) bool {
	t := l.text
	n := runes(t)
	if n < 2 || n > 60 || closed(t) || strings.Contains(t, "。") {
		return false
	}
	if !relaxed && strings.ContainsAny(t, "，,；;") {
		return false
	}
	if dateOnlyRe.MatchString(l.f) || enumStart.MatchString(l.f) {
		return false
	}
	return true
}

// title recognises the title of an article, or the second line of a title.
func (p *parser) title(l *line) bool {
	strong := l.style >= 2 || l.style == styleTitle || l.bold && l.center
	weak := l.bold || l.center
	if !strong && p.wraps(l) {
		return false
	}
	if !titleLike(l, strong || weak) {
		if !strong || runes(l.text) > 80 || closed(l.text) {
			return false
		}
	}
	a := p.art
	if a == nil || a == p.is.note {
		p.newArticle(l, l.text, "")
		return true
	}
	if a.poem && !a.prose {
		if poemTitleRe.MatchString(l.text) && l.gap && len(a.paras) > 0 && (strong || runes(l.text) >= 4) {
			p.newArticle(l, l.text, "")
			return true
		}
		return false
	}
	if len(a.paras) == 0 && !a.madeUp {
		if !strong && p.src.format == "txt" && runes(l.text) >= 3 && runes(a.title)+runes(l.text) <= 80 {
			a.title = joinText(a.title, l.text)
			a.titleNos = append(a.titleNos, l.no)
			if a.titleJoin == 0 {
				p.joins = append(p.joins, Join{What: "标题"})
				a.titleJoin = len(p.joins)
			}
			p.joins[a.titleJoin-1].Nos = append([]int(nil), a.titleNos...)
			a.poem = profileSection(a.section) && poemTitleRe.MatchString(a.title)
			return true
		}
		p.newArticle(l, l.text, "")
		return true
	}
	last := a.lastPara()
	if strong || (weak || l.gap) && paraClosed(last) && !signature(l) {
		p.newArticle(l, l.text, "")
		return true
	}
	return false
}

// signature reports a line that ends an article rather than starting one: the
// reporting unit's name or a date on its own.
func signature(l *line) bool {
	return orgLike(l.text) || dateOnlyRe.MatchString(l.f)
}

func paraClosed(p *para) bool {
	return p == nil || p.heading || p.block || p.verse || closed(p.text)
}

func (p *parser) newArticle(l *line, title, marker string) {
	p.closeArticle()
	p.ensureSection(l)
	a := &article{no: l.no, titleNos: []int{l.no}, title: title, section: p.sec, unit: p.unit,
		unitText: p.unitText, byHome: p.byHome, marker: marker, profile: -1}
	a.poem = profileSection(p.sec) && poemTitleRe.MatchString(title)
	p.art = a
}

// madeUp starts an article for text that has no title before it.
func (p *parser) madeUp(l *line) *article {
	p.ensureSection(l)
	label := p.unitText
	if p.unit != "" {
		for _, d := range p.ds {
			if d.ID == p.unit && (p.home == nil || d.ID != p.home.ID) {
				label = d.label()
			}
		}
	}
	title := label + p.sec
	p.newArticle(l, title, "")
	p.art.madeUp = true
	p.notes = append(p.notes, fmt.Sprintf("%s起的文字前面没有标题，暂用“%s”作标题，请改成合适的标题", p.src.where(l.no), title))
	return p.art
}

func (p *parser) addBlock(l *line) {
	a := p.art
	if a == nil {
		a = p.madeUp(l)
	}
	a.paras = append(a.paras, &para{md: l.md, text: l.text, first: l.no, last: l.no, block: true, lines: 1})
}

// addText adds a line of text to the open article: to its last paragraph if
// that was cut off in mid-sentence, else as a new paragraph. In a poem every
// line is kept.
func (p *parser) addText(l *line) {
	a := p.art
	if a == nil {
		a = p.madeUp(l)
	}
	last := a.lastPara()
	if a.poem && !a.prose {
		if last != nil && !l.gap && !last.heading && !last.block {
			last.md += "\n" + l.md
			last.text += "\n" + l.text
			last.last, last.tail = l.no, l.text
			last.lines++
			last.verse = true
			return
		}
		a.paras = append(a.paras, &para{md: l.md, text: l.text, first: l.no, last: l.no, lines: 1, tail: l.text})
		return
	}
	if last != nil && p.continues(last, l) {
		if l.gap {
			p.joins = append(p.joins, Join{Nos: []int{last.last, l.no}, What: "正文"})
		}
		if p.src.format == "docx" && !l.gap {
			last.md += "\n" + l.md // a line break inside a Word paragraph: kept in the Markdown
		} else {
			last.md = joinText(last.md, l.md)
		}
		last.text = joinText(last.text, l.text)
		last.last, last.tail = l.no, l.text
		return
	}
	a.paras = append(a.paras, &para{md: l.md, text: l.text, first: l.no, last: l.no, lines: 1, tail: l.text})
}

// continues reports whether line l goes on with paragraph last.
func (p *parser) continues(last *para, l *line) bool {
	if last.heading || last.block || last.verse || enumStart.MatchString(l.f) {
		return false
	}
	if l.gap {
		return !closed(last.text)
	}
	if p.src.format == "docx" {
		return true // a line break inside one Word paragraph
	}
	if closed(last.text) && (l.indent || p.width > 0 && printWidth(last.tail) < 0.8*p.width) {
		return false
	}
	return true
}

func (p *parser) closeArticle() {
	a := p.art
	p.art = nil
	if a == nil || a == p.is.note {
		return
	}
	p.fixPartNumbers(a)
	p.is.articles = append(p.is.articles, a)
}

// fixPartNumbers repairs the numbers of a poem's parts: a PDF often turns the
// first, 一, into a dash.
func (p *parser) fixPartNumbers(a *article) {
	if !a.poem {
		return
	}
	hasTwo := false
	for _, pa := range a.paras {
		if pa.text == "二" {
			hasTwo = true
		}
	}
	if !hasTwo {
		return
	}
	for _, pa := range a.paras {
		if pa.lines == 1 && strings.ContainsAny(pa.text, "—－–―-") && runes(pa.text) == 1 {
			p.fixes = append(p.fixes, Line{No: pa.first, Text: pa.text, Why: "诗第一节的序号“一”在 PDF 里变成了“" + pa.text + "”，已改回“一”"})
			pa.md, pa.text = "一", "一"
			break
		}
	}
}

// Footer.

func (p *parser) footerTable(l *line) bool {
	cells := cellLines(l)
	found := false
	for _, c := range cells {
		if footerStart.MatchString(c.text) {
			found = true
		}
	}
	if !found {
		return false
	}
	p.closeArticle()
	p.inFooter = true
	for _, c := range cells {
		p.footerLine(c)
	}
	return true
}

func (p *parser) footerLine(l *line) {
	if l.table != nil {
		for _, c := range cellLines(l) {
			p.footerLine(c)
		}
		return
	}
	if l.image != nil {
		p.unplace(l, "版记里的图片，没有放进文章")
		return
	}
	if p.layoutLine(l) {
		return
	}
	if p.footerFields(l) {
		return
	}
	if p.footVal != nil && *p.footVal != "" && (strings.ContainsAny(lastRune(*p.footVal), "、，,；;") || !l.gap && strings.Contains(l.text, "、")) {
		*p.footVal = joinText(*p.footVal, l.text)
		p.joins = append(p.joins, Join{Nos: []int{l.no - 1, l.no}, What: "版记"})
		return
	}
	if d, start, end, ok := findDate(l.f); ok && afterDateRe.MatchString(l.f[end:]) {
		before := orig(l.text, 0, start)
		switch {
		case !p.is.date.valid():
			p.is.date = d
			if p.is.issuer == "" {
				p.is.issuer = before
			}
			p.drop(l, "版记里的印发单位和日期，用作本期的编印单位和日期")
			return
		case p.is.date == d && (before == "" || fold(before) == fold(p.is.issuer)):
			p.drop(l, "版记里的印发单位和日期，与报头相同")
			return
		}
	}
	p.unplace(l, "版记里有这一行，不知道它是什么")
}

func lastRune(s string) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) == 0 {
		return ""
	}
	return string(r[len(r)-1])
}

// footerFields reads the labelled fields of a footer line: 抄报：…  初稿：…
// 修改：…, and 共印 N 份 anywhere in it. It reports false if the line has none.
func (p *parser) footerFields(l *line) bool {
	text := l.text
	ft := &p.is.footer
	found := false
	if m := copiesRe.FindStringSubmatchIndex(text); m != nil {
		ft.copies, _ = strconv.Atoi(fold(text[m[2]:m[3]]))
		text = strings.TrimSpace(text[:m[0]] + " " + text[m[1]:])
		found = true
		p.footVal = nil
	}
	locs := footerLabels.FindAllStringSubmatchIndex(text, -1)
	if len(locs) == 0 {
		if found && strings.TrimSpace(text) != "" {
			p.unplace(&line{no: l.no, text: text}, "版记里“共印”一行的其余文字")
		}
		return found
	}
	if lead := strings.TrimSpace(text[:locs[0][0]]); lead != "" {
		p.unplace(&line{no: l.no, text: lead}, "版记里标签前面的文字")
	}
	for i, m := range locs {
		label := strings.Join(strings.Fields(text[m[2]:m[3]]), "")
		end := len(text)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		value := strings.TrimSpace(text[m[1]:end])
		var dst *string
		switch label {
		case "抄报", "报送":
			dst = &ft.reportTo
		case "抄送", "抄发", "分送", "发送":
			if label == "发送" {
				label = "发"
			}
			if ft.sendTo == "" {
				ft.sendLabel = label
			}
			dst = &ft.sendTo
		case "初稿":
			dst = &ft.drafter
		case "修改":
			dst = &ft.reviser
		case "审核":
			dst = &ft.reviewer
		case "发布", "签发":
			dst = &ft.publisher
			if label == "签发" {
				p.notes = append(p.notes, fmt.Sprintf("%s的“签发”写在版记的“发布”（publisher）里", p.src.where(l.no)))
			}
		case "责任编辑", "编辑":
			dst = &ft.editor
		default:
			p.unplace(&line{no: l.no, text: strings.TrimSpace(text[m[0]:end])}, "版记里的“"+label+"”在网站的版记里没有对应的位置")
			p.footVal = nil
			continue
		}
		if *dst != "" && value != "" {
			*dst += "、" + value
		} else if value != "" {
			*dst = value
		}
		p.footVal = dst
	}
	return true
}

// finish works out what the whole issue needs: kinds, meetings, profiles,
// file names, and the contents matched to the articles.
func (p *parser) finish() {
	is := p.is
	if is.year == 0 && is.date.valid() {
		is.year = is.date.Y
	}
	for i, a := range is.articles {
		a.order = i + 1
		a.kind = kindOf(a.section, a.title)
		if a.kind == "meeting" {
			p.meeting(a)
		}
		if a.profile >= 0 || a.kind == "profile" {
			p.profile(a)
		}
		a.keywords = keywords(a, p.ds)
		name := a.unit
		if name == "" {
			name = a.kind
		}
		a.file = fmt.Sprintf("%02d-%s.md", a.order, name)
		if len(a.paras) == 0 {
			p.notes = append(p.notes, fmt.Sprintf("%s的文章“%s”没有正文", p.src.where(a.no), a.title))
		}
	}
	for k := range is.contents {
		e := &is.contents[k]
		ef := fold(bulletRe.ReplaceAllString(e.text, ""))
		for _, a := range is.articles {
			if strings.Contains(fold(a.title), ef) || strings.Contains(ef, fold(a.title)) {
				e.match = a.title
				break
			}
		}
		if e.match == "" {
			for _, s := range is.sections {
				if strings.HasSuffix(ef, fold(s)) {
					e.match = s
				}
			}
		}
		if e.match == "" {
			p.unplaced = append(p.unplaced, Line{No: e.no, Text: e.text, Why: "本期要目里的这一条，正文里没有标题和它对得上"})
		}
	}
	sort.SliceStable(p.unplaced, func(i, j int) bool {
		a, b := p.unplaced[i].No, p.unplaced[j].No
		if (a < 0) != (b < 0) {
			return b < 0 // footnotes last
		}
		if a < 0 {
			return a > b
		}
		return a < b
	})
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
