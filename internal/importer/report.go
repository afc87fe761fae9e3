package importer

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/dudao/dudao/internal/textfile"
)

// Unplaced is every line the import could not place, in order.
func (r *Result) Unplaced() []Line { return append([]Line(nil), r.p.unplaced...) }

// Layout is every line dropped or changed as layout: page numbers, running
// heads, rules, the contents and the editor's note labels.
func (r *Result) Layout() []Line { return append([]Line(nil), r.p.layout...) }

// Fixes is every line whose text was corrected.
func (r *Result) Fixes() []Line { return append([]Line(nil), r.p.fixes...) }

// Units is every unit heading and the district it matched.
func (r *Result) Units() []UnitMatch { return append([]UnitMatch(nil), r.p.units...) }

// Joins is every place where broken lines were put back together.
func (r *Result) Joins() []Join { return append([]Join(nil), r.p.joins...) }

var kindNames = map[string]string{
	"update": "工作动态", "meeting": "会议", "inspection": "专项督导", "experience": "经验交流",
	"profile": "督学风采", "data": "数据", "notice": "通知公告",
}

// Report tells the editor, in Chinese, what the import recognised, what it
// repaired, and every line it could not place.
func (r *Result) Report() string {
	is := r.p.is
	src := r.src
	var b strings.Builder
	pr := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }

	what := "文本文件，" + string(src.enc) + " 编码，共 " + strconv.Itoa(src.count) + " 行"
	if src.format == "docx" {
		what = "Word 文档，共 " + strconv.Itoa(src.count) + " 段"
	}
	pr("已导入 %s（%s）→ %s", src.name, what, slashDir(r.Dir))
	if src.enc == textfile.GB18030 || src.enc == textfile.UTF16LE || src.enc == textfile.UTF16BE {
		pr("  文件是 %s 编码，已自动转换；写出的文件都是 UTF-8。", src.enc)
	}
	if r.noSite {
		pr("  提醒：%s 里没有 site.toml，它不像 dudao 网站的文件夹（用 -s 指定网站文件夹）。", r.site)
	}
	pr("")

	// Masthead.
	pr("报头")
	head := is.series
	if head == "" {
		head = "（没有认出期刊名称）"
	}
	if is.subtitle != "" {
		head += "（" + is.subtitle + "）"
	}
	pr("  期刊：%s", head)
	num := "（没有认出期号）"
	if is.number > 0 {
		num = fmt.Sprintf("第 %d 期", is.number)
		if is.supplement {
			num = "增刊" + num
		}
		if is.year > 0 {
			num = fmt.Sprintf("(%d) %s", is.year, num)
		}
	}
	if is.total > 0 {
		num += fmt.Sprintf("，总第 %d 期", is.total)
	}
	pr("  期号：%s", num)
	date := "（没有认出印发日期）"
	if is.date.valid() {
		date = fmt.Sprintf("%d 年 %d 月 %d 日", is.date.Y, is.date.M, is.date.D)
	}
	issuer := is.issuer
	if issuer == "" {
		issuer = "（没有认出编印单位）"
	}
	pr("  编印：%s，%s", issuer, date)
	if is.classification != "" || is.serial != "" {
		pr("  密级和编号：%s %s", or(is.classification, "—"), or(is.serial, "—"))
	}
	if len(is.contents) > 0 {
		pr("  本期要目：%d 条，网站会根据文章自动生成，不另外保存", len(is.contents))
	}
	if is.note != nil && len(is.note.paras) > 0 {
		pr("  编者按：%d 段，写在 index.md 的正文里", len(is.note.paras))
	}
	pr("")

	// Sections and articles.
	count := map[string]int{}
	for _, a := range is.articles {
		count[a.section]++
	}
	var secs []string
	for i, s := range is.sections {
		secs = append(secs, fmt.Sprintf("%s、%s（%d 篇）", chineseNumeral(i+1), s, count[s]))
	}
	pr("栏目 %d 个：%s", len(is.sections), strings.Join(secs, "；"))
	pr("文章 %d 篇：", len(is.articles))
	for _, a := range is.articles {
		unit := ""
		switch {
		case a.unitText != "":
			unit = "【" + a.unitText + "？】"
		case a.unit != "":
			unit = "【" + r.unitLabel(a.unit) + "】"
		}
		pr("  %-16s %s%s（%s）", a.file, unit, a.title, kindNames[a.kind])
		if a.kind == "meeting" {
			var facts []string
			if a.held.valid() {
				facts = append(facts, "时间 "+a.held.String())
			}
			if a.place != "" {
				facts = append(facts, "地点 "+a.place)
			}
			if a.chair != "" {
				facts = append(facts, "主持 "+a.chair)
			}
			if len(a.attendees) > 0 {
				facts = append(facts, "出席 "+strings.Join(a.attendees, "、"))
			}
			if len(facts) == 0 {
				facts = append(facts, "开头一段没有读出时间、地点和人员，请在文件里填写 held、place、attendees")
			}
			pr("  %-16s 会议：%s", "", strings.Join(facts, "，"))
		}
		if a.inspector != nil {
			path := slashDir(r.inspectorPath(a.inspectorID))
			switch {
			case a.inspectorExists:
				pr("  %-16s 作者 %s：链接到已有的督学简介 %s（没有改动）", "", a.inspector.name, path)
			case a.inspectorExistsName != "":
				pr("  %-16s 作者 %s：督学简介写在 %s（覆盖了原来“%s”的简介）", "", a.inspector.name, path, a.inspectorExistsName)
			default:
				pr("  %-16s 作者 %s：新建督学简介 %s，请核对姓名、出生年月、职称等", "", a.inspector.name, path)
			}
		}
	}
	pr("")

	// Units.
	if len(r.p.units) > 0 {
		var ok, unknown []string
		seen := map[string]bool{}
		for _, u := range r.p.units {
			if u.ID == "" {
				unknown = append(unknown, fmt.Sprintf("  %s“%s”", src.where(u.No), u.Text))
				continue
			}
			key := u.Text + "→" + u.ID
			if !seen[key] {
				seen[key] = true
				ok = append(ok, fmt.Sprintf("%s → %s（按%s）", u.Text, u.ID, u.How))
			}
		}
		if n := r.byHome(); n > 0 {
			ok = append(ok, fmt.Sprintf("没有单位小标题的 %d 篇 → %s（编印单位）", n, r.p.home.ID))
		}
		if len(ok) > 0 {
			pr("单位：%s", strings.Join(ok, "；"))
		}
		if len(unknown) > 0 {
			pr("不认识的单位 %d 个（%s 里没有，名称和简称都对不上）：", len(unknown), districtsFile)
			for _, u := range unknown {
				pr("%s", u)
			}
			pr("  这些文章的 unit 空着，单位名写在 source（来源）里，正文一字未动。")
			pr("  如果它是一个区县或单位，请在 %s 里加上它，再把文章的 unit 改成它的 id。", districtsFile)
		}
	} else if r.byHome() > 0 {
		pr("单位：没有单位小标题，文章都算编印单位的（%s）", r.p.home.ID)
	}

	// Footer.
	f := is.footer
	var foot []string
	if f.reportTo != "" {
		foot = append(foot, "抄报")
	}
	if f.sendTo != "" {
		foot = append(foot, or(f.sendLabel, "抄送"))
	}
	if f.copies > 0 {
		foot = append(foot, fmt.Sprintf("共印 %d 份", f.copies))
	}
	for _, c := range []struct{ v, n string }{{f.drafter, "初稿"}, {f.reviser, "修改"}, {f.reviewer, "审核"}, {f.publisher, "发布"}, {f.editor, "责任编辑"}} {
		if c.v != "" {
			foot = append(foot, c.n)
		}
	}
	if len(foot) > 0 {
		pr("版记：%s", strings.Join(foot, "、"))
	} else {
		pr("版记：没有找到（抄报、抄送、共印 N 份等）")
	}
	pr("")

	// Repairs.
	var joins []string
	for _, j := range r.p.joins {
		joins = append(joins, fmt.Sprintf("%s %s", j.What, rangeOf(j.Nos)))
	}
	unit := "行"
	if src.format == "docx" {
		unit = "段"
	}
	if len(joins) > 0 {
		pr("接上了 %d 处被分页或换行打断的文字（数字是%s号），请核对：", len(joins), unit)
		pr("  %s", strings.Join(joins, "；"))
	}
	if len(r.p.layout) > 0 {
		var drops []string
		for _, l := range r.p.layout {
			drops = append(drops, fmt.Sprintf("%d（%s）", l.No, l.Why))
		}
		pr("按版式处理、不进正文的%s：%s", unit, strings.Join(drops, "；"))
	}
	for _, f := range r.p.fixes {
		pr("改正了%s的文字：%s", src.where(f.No), f.Why)
	}
	notes := append(append([]string(nil), src.notes...), r.p.notes...)
	if len(notes) > 0 {
		pr("请留意：")
		for _, n := range notes {
			pr("  · %s", n)
		}
	}
	if len(joins) > 0 || len(r.p.layout) > 0 || len(r.p.fixes) > 0 || len(notes) > 0 {
		pr("")
	}

	// Unplaced.
	if len(r.p.unplaced) == 0 {
		pr("没能归位的%s：没有。", unit)
	} else {
		pr("没能归位的%s %d 处（原文一字不差地保存在 index.md 的 [params] unplaced 里，网站不显示，请移到合适的位置）：", unit, len(r.p.unplaced))
		for _, u := range r.p.unplaced {
			pr("  %s：“%s”——%s", src.where(u.No), u.Text, u.Why)
		}
	}
	pr("")
	pr("下一步：打开这些文件核对一遍，然后运行 dudao check，没有错误再 dudao build。")
	return b.String()
}

// byHome counts the articles that belong to the issuing office because no
// unit heading named their unit.
func (r *Result) byHome() int {
	n := 0
	for _, a := range r.p.is.articles {
		if a.byHome {
			n++
		}
	}
	return n
}

func (r *Result) unitLabel(id string) string {
	for _, u := range r.p.units {
		if u.ID == id {
			return u.Text
		}
	}
	for _, d := range r.p.ds {
		if d.ID == id {
			return d.label()
		}
	}
	return id
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// rangeOf writes line numbers as 21、23 or 27—29.
func rangeOf(nos []int) string {
	if len(nos) == 0 {
		return ""
	}
	consecutive := true
	for i := 1; i < len(nos); i++ {
		if nos[i] != nos[i-1]+1 {
			consecutive = false
		}
	}
	if consecutive && len(nos) > 2 {
		return fmt.Sprintf("%d—%d", nos[0], nos[len(nos)-1])
	}
	parts := make([]string, len(nos))
	for i, n := range nos {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, "、")
}

func slashDir(p string) string {
	p = filepath.ToSlash(filepath.Clean(p))
	p = strings.TrimPrefix(p, "./")
	return p
}
