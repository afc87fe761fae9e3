package importer

import (
	"strconv"

	"github.com/dudao/dudao/internal/frontmatter"
)

// The files are written in the form of the example site's hand-made issue
// (content/bulletins/2020-10/): every field present, in the same order, so
// that an editor who knows one knows the other.

// indexText is content/bulletins/SLUG/index.md.
func (r *Result) indexText() string {
	is := r.p.is
	w := &frontmatter.Writer{}
	w.Line("+++")
	w.String("series", is.series)
	w.String("subtitle", is.subtitle)
	if is.year > 0 {
		w.Int("year", is.year)
	} else {
		w.Line("# year = 2020                       # 没有认出年份：请填写，再删掉开头的 #")
	}
	if is.number > 0 {
		w.Int("number", is.number)
	} else {
		w.Line("# number = 1                        # 没有认出期号：请填写，再删掉开头的 #")
	}
	w.Int("total", is.total)
	w.Raw("supplement", strconv.FormatBool(is.supplement))
	if is.date.valid() {
		w.Raw("date", is.date.String())
	} else {
		w.Line("# date = 2020-12-31                 # 没有认出印发日期：请填写，再删掉开头的 #")
	}
	w.String("issuer", is.issuer)
	w.String("classification", is.classification)
	w.String("serial", is.serial)
	w.Raw("sections", frontmatter.List(is.sections))
	w.Line("")
	f := is.footer
	label := f.sendLabel
	if label == "" {
		label = "抄送"
	}
	w.Line("[footer]")
	w.String("report_to", f.reportTo)
	w.String("send_label", label)
	w.String("send_to", f.sendTo)
	w.Int("copies", f.copies)
	w.String("drafter", f.drafter)
	w.String("reviser", f.reviser)
	w.String("reviewer", f.reviewer)
	w.String("publisher", f.publisher)
	w.String("editor", f.editor)
	if len(r.p.unplaced) > 0 {
		w.Line("")
		w.Line("[params]")
		w.Line("# 导入时没能归位的文字（注释里是原文件的%s号）。网站不显示它们：", map[bool]string{true: "段", false: "行"}[r.src.format == "docx"])
		w.Line("# 请把每一条移到合适的位置（报头字段、文章或版记），再删掉这一段。")
		w.Line("unplaced = [")
		for _, u := range r.p.unplaced {
			w.Line("  %s, # %s：%s", frontmatter.Quote(u.Text), r.src.where(u.No), u.Why)
		}
		w.Line("]")
	}
	w.Line("+++")
	if n := is.note; n != nil && len(n.paras) > 0 {
		w.Line("%s", n.body())
	}
	return w.Text()
}

// articleText is one article's file.
func (r *Result) articleText(a *article) string {
	is := r.p.is
	w := &frontmatter.Writer{}
	w.Line("+++")
	w.String("title", a.title)
	w.String("section", a.section)
	w.String("unit", a.unit)
	w.String("kind", a.kind)
	if is.date.valid() {
		w.Raw("date", is.date.String())
	}
	w.Int("order", a.order)
	w.Raw("keywords", frontmatter.List(a.keywords))
	source := is.issuer
	if a.unitText != "" {
		source = a.unitText
	}
	w.String("source", source)
	w.String("author", a.author)
	if a.kind == "meeting" {
		if a.held.valid() {
			w.Raw("held", a.held.String())
		}
		w.String("place", a.place)
		w.String("chair", a.chair)
		w.Raw("attendees", frontmatter.List(a.attendees))
	}
	if a.inspectorID != "" {
		w.String("inspector", a.inspectorID)
	}
	if a.verse() {
		w.Raw("verse", "true")
	}
	w.Line("+++")
	if body := a.body(); body != "" {
		w.Line("%s", body)
	}
	return w.Text()
}

// verse reports whether the article keeps its line breaks: a poem with lines.
func (a *article) verse() bool {
	for _, p := range a.paras {
		if p.verse {
			return true
		}
	}
	return false
}

// inspectorText is content/inspectors/ID.md.
func inspectorText(in *inspector) string {
	w := &frontmatter.Writer{}
	w.Line("+++")
	w.String("name", in.name)
	w.String("gender", in.gender)
	w.String("born", in.born)
	w.String("party", in.party)
	w.String("title", in.title)
	w.String("school", in.school)
	w.String("role", in.role)
	w.Int("since", in.since)
	w.String("kind", in.kind)
	w.String("unit", in.unit)
	w.Line("+++")
	w.Line("%s", in.text)
	return w.Text()
}
