package importer

import (
	"fmt"
	"strconv"
	"strings"
)

// The files are written in the form of the example site's hand-made issue
// (content/bulletins/2020-10/): every field present, in the same order, so
// that an editor who knows one knows the other.

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

func tomlList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = tomlString(x)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

type tomlWriter struct{ b strings.Builder }

func (w *tomlWriter) str(key, v string) { fmt.Fprintf(&w.b, "%s = %s\n", key, tomlString(v)) }
func (w *tomlWriter) num(key string, n int) {
	fmt.Fprintf(&w.b, "%s = %d\n", key, n)
}
func (w *tomlWriter) raw(key, v string) { fmt.Fprintf(&w.b, "%s = %s\n", key, v) }
func (w *tomlWriter) line(format string, args ...any) {
	fmt.Fprintf(&w.b, format+"\n", args...)
}

// indexText is content/bulletins/SLUG/index.md.
func (r *Result) indexText() string {
	is := r.p.is
	w := &tomlWriter{}
	w.line("+++")
	w.str("series", is.series)
	w.str("subtitle", is.subtitle)
	if is.year > 0 {
		w.num("year", is.year)
	} else {
		w.line("# year = 2020                       # 没有认出年份：请填写，再删掉开头的 #")
	}
	if is.number > 0 {
		w.num("number", is.number)
	} else {
		w.line("# number = 1                        # 没有认出期号：请填写，再删掉开头的 #")
	}
	w.num("total", is.total)
	w.raw("supplement", strconv.FormatBool(is.supplement))
	if is.date.valid() {
		w.raw("date", is.date.String())
	} else {
		w.line("# date = 2020-12-31                 # 没有认出印发日期：请填写，再删掉开头的 #")
	}
	w.str("issuer", is.issuer)
	w.str("classification", is.classification)
	w.str("serial", is.serial)
	w.raw("sections", tomlList(is.sections))
	w.line("")
	f := is.footer
	label := f.sendLabel
	if label == "" {
		label = "抄送"
	}
	w.line("[footer]")
	w.str("report_to", f.reportTo)
	w.str("send_label", label)
	w.str("send_to", f.sendTo)
	w.num("copies", f.copies)
	w.str("drafter", f.drafter)
	w.str("reviser", f.reviser)
	w.str("reviewer", f.reviewer)
	w.str("publisher", f.publisher)
	w.str("editor", f.editor)
	if len(r.p.unplaced) > 0 {
		w.line("")
		w.line("[params]")
		w.line("# 导入时没能归位的文字（注释里是原文件的%s号）。网站不显示它们：", map[bool]string{true: "段", false: "行"}[r.src.format == "docx"])
		w.line("# 请把每一条移到合适的位置（报头字段、文章或版记），再删掉这一段。")
		w.line("unplaced = [")
		for _, u := range r.p.unplaced {
			w.line("  %s, # %s：%s", tomlString(u.Text), r.src.where(u.No), u.Why)
		}
		w.line("]")
	}
	w.line("+++")
	if n := is.note; n != nil && len(n.paras) > 0 {
		w.line("%s", n.body())
	}
	return w.b.String()
}

// articleText is one article's file.
func (r *Result) articleText(a *article) string {
	is := r.p.is
	w := &tomlWriter{}
	w.line("+++")
	w.str("title", a.title)
	w.str("section", a.section)
	w.str("unit", a.unit)
	w.str("kind", a.kind)
	if is.date.valid() {
		w.raw("date", is.date.String())
	}
	w.num("order", a.order)
	w.raw("keywords", tomlList(a.keywords))
	source := is.issuer
	if a.unitText != "" {
		source = a.unitText
	}
	w.str("source", source)
	w.str("author", a.author)
	if a.kind == "meeting" {
		if a.held.valid() {
			w.raw("held", a.held.String())
		}
		w.str("place", a.place)
		w.str("chair", a.chair)
		w.raw("attendees", tomlList(a.attendees))
	}
	if a.inspectorID != "" {
		w.str("inspector", a.inspectorID)
	}
	if a.verse() {
		w.raw("verse", "true")
	}
	w.line("+++")
	if body := a.body(); body != "" {
		w.line("%s", body)
	}
	return w.b.String()
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
	w := &tomlWriter{}
	w.line("+++")
	w.str("name", in.name)
	w.str("gender", in.gender)
	w.str("born", in.born)
	w.str("party", in.party)
	w.str("title", in.title)
	w.str("school", in.school)
	w.str("role", in.role)
	w.num("since", in.since)
	w.str("kind", in.kind)
	w.str("unit", in.unit)
	w.line("+++")
	w.line("%s", in.text)
	return w.b.String()
}
