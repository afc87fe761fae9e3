package importer

import "strings"

// issue is the bulletin as recognised: the fields of index.md, its articles
// and the editor's note.
type issue struct {
	series, subtitle       string
	year, number, total    int
	supplement             bool
	date                   ymd
	issuer                 string
	classification, serial string
	sections               []string
	note                   *article // 编者按: its paragraphs become the body of index.md
	footer                 footer
	articles               []*article
	contents               []contentsEntry // 本期要目, which the site makes again from the articles
}

// footer is the 版记.
type footer struct {
	reportTo, sendLabel, sendTo                   string
	copies                                        int
	drafter, reviser, reviewer, publisher, editor string
}

// contentsEntry is a line of 本期要目.
type contentsEntry struct {
	no    int
	text  string // as printed, without bullets, leaders and page numbers
	match string // the article title or section it names; "" if none
}

// article is one item of the bulletin.
type article struct {
	no        int      // line of its title
	titleNos  []int    // every line the title was put together from
	titleJoin int      // 1 + the index of the title's entry in the joins, 0 if none
	title     string   // plain text
	madeUp    bool     // the text had no title: this one was made up
	section   string   // section name
	unit      string   // district id; "" if none or unknown
	unitText  string   // an unknown unit as the text names it
	byHome    bool     // unit is the issuing office's because no unit heading named one
	marker    string   // the numbering it was started from ("1." items), "" for a plain title
	innerNum  int      // the last of its own 一、二、 headings
	paras     []*para  // the body
	poem      bool     // a poem: line breaks are kept until 作者简介
	prose     bool     // after 作者简介: prose again
	profile   int      // index of the first paragraph of the 作者简介, -1 if none
	kind      string   // update, meeting, …
	order     int      // 1, 2, … in the issue
	file      string   // 01-office.md
	keywords  []string // from a small vocabulary, plus the district
	author    string

	// Meetings.
	held                ymd
	place, chair        string
	attendees           []string
	inspector           *inspector
	inspectorID         string
	inspectorExists     bool // the profile was there already: linked, not written
	inspectorExistsName string
}

// para is a paragraph of an article's body.
type para struct {
	md          string // Markdown; a verse paragraph keeps its line breaks
	text        string // plain text
	first, last int    // lines it came from
	heading     bool   // a sub-heading (## 1. 召开动员会…)
	block       bool   // a table or a picture
	verse       bool   // lines of a poem, kept as they are
	lines       int    // how many lines it has
	tail        string // its last line as read (to tell a full line from a short one)
}

func (a *article) lastPara() *para {
	if len(a.paras) == 0 {
		return nil
	}
	return a.paras[len(a.paras)-1]
}

// body is the Markdown of the article.
func (a *article) body() string {
	var parts []string
	for _, p := range a.paras {
		parts = append(parts, p.md)
	}
	return strings.Join(parts, "\n\n")
}

// plain is the article's text, paragraphs one to a line.
func (a *article) plain() string {
	var parts []string
	for _, p := range a.paras {
		parts = append(parts, p.text)
	}
	return strings.Join(parts, "\n")
}

// inspector is a 督学简介 made from a 作者简介.
type inspector struct {
	name, gender, born, party, title, school, role, kind, unit string
	since                                                      int
	text                                                       string // the 简介 paragraph(s), Markdown
}

// Line is a line of the input the report tells the editor about.
type Line struct {
	No   int    // line (text file) or paragraph (Word) number
	Text string // the text as it was
	Why  string // what was done, or why it could not be placed
}

// UnitMatch is a unit heading and the district it was matched to.
type UnitMatch struct {
	No       int
	Text     string // the unit as the heading names it: 市教督委办
	ID       string // district id, "" if no district matched
	Name     string // the district's name
	How      string // 名称, 简称, or 名称开头
	Numbered string // the heading's own numbering, 一 or 1
}

// Join is a place where lines were put back together.
type Join struct {
	Nos  []int  // the lines joined
	What string // 标题 or 正文
}
