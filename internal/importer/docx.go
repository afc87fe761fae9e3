package importer

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// A .docx is a zip of XML parts. What a bulletin needs is in three of them:
// word/document.xml (the text), word/styles.xml (which paragraph style is a
// heading) and word/_rels/document.xml.rels (where the pictures are), plus
// word/numbering.xml for automatic numbering such as 一、 and 1. that Word
// keeps out of the text. Everything is read with encoding/xml by local
// element name, so Word, WPS and LibreOffice files read alike.

// picture is a picture of the document, copied into the bulletin folder.
type picture struct {
	zipPath string // word/media/image1.png
	name    string // file name in the bulletin folder
	alt     string
	data    []byte
	para    int // paragraph number
}

// table is a Word table: its Markdown, and its cells' text for when the table
// is only layout (a masthead or a footer set in a table).
type table struct {
	rows [][]string // Markdown of each cell
	text [][]string // plain text of each cell
}

// markdown writes the table as a GFM table, the first row as its head.
func (t *table) markdown() string {
	cols := 0
	for _, r := range t.rows {
		if len(r) > cols {
			cols = len(r)
		}
	}
	var b strings.Builder
	for i, r := range t.rows {
		b.WriteString("|")
		for c := 0; c < cols; c++ {
			cell := ""
			if c < len(r) {
				cell = r[c]
			}
			b.WriteString(" " + cell + " |")
		}
		b.WriteString("\n")
		if i == 0 {
			b.WriteString("|" + strings.Repeat(" --- |", cols) + "\n")
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// webImage lists the picture formats a browser shows and the site copies.
var webImage = map[string]bool{".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true, ".svg": true}

type styleInfo struct {
	name, basedOn string
	outline       int // outline level + 1, 0 if none
	bold          bool
	numID, ilvl   string
}

type numLevel struct {
	format, text string
	start        int
}

type docx struct {
	zr        *zip.Reader
	name      string
	styles    map[string]*styleInfo
	rels      map[string]string // relationship id → zip path ("" for external)
	abstract  map[string]map[int]numLevel
	nums      map[string]string // numId → abstractNumId
	counters  map[string]map[int]int
	src       *source
	para      int // paragraphs read so far
	usedNames map[string]bool
}

// readDocx reads a Word document into lines.
func readDocx(name string, raw []byte) (*source, error) {
	bad := func(why string) error {
		return &ContentError{Msg: fmt.Sprintf("%s 不是能读的 Word 文档（.docx）：%s。请在 Word 或 WPS 里打开它，另存为 .docx 后再导入", name, why)}
	}
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		if bytes.HasPrefix(raw, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
			return nil, bad("它是旧版 .doc 格式或加了密码")
		}
		return nil, bad("文件已损坏或不是 zip 格式")
	}
	d := &docx{zr: zr, name: name, styles: map[string]*styleInfo{}, rels: map[string]string{},
		abstract: map[string]map[int]numLevel{}, nums: map[string]string{}, counters: map[string]map[int]int{},
		usedNames: map[string]bool{}}
	d.src = &source{name: name, format: "docx"}
	main := d.file("word/document.xml")
	if main == nil {
		return nil, bad("里面没有 word/document.xml")
	}
	if b := d.read("word/styles.xml"); b != nil {
		d.readStyles(b)
	}
	if b := d.read("word/numbering.xml"); b != nil {
		d.readNumbering(b)
	}
	if b := d.read("word/_rels/document.xml.rels"); b != nil {
		d.readRels(b)
	}
	body, err := readZip(main)
	if err != nil {
		return nil, bad(err.Error())
	}
	if err := d.readBody(body); err != nil {
		return nil, bad("正文的 XML 有错（" + err.Error() + "）")
	}
	d.src.count = d.para
	for _, part := range []string{"word/footnotes.xml", "word/endnotes.xml"} {
		if b := d.read(part); b != nil {
			d.src.footnotes = append(d.src.footnotes, notesText(b)...)
		}
	}
	if len(d.src.lines) == 0 {
		return nil, &ContentError{Msg: name + " 里没有文字"}
	}
	return d.src, nil
}

// notesText returns the text of each footnote or endnote of the part b,
// leaving out the separators Word keeps there.
func notesText(b []byte) []string {
	dec := xml.NewDecoder(bytes.NewReader(b))
	var out []string
	var cur *strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "footnote", "endnote":
				if typ, _ := attr(t, "type"); typ == "" || typ == "normal" {
					cur = &strings.Builder{}
				}
			case "t":
				var s string
				if dec.DecodeElement(&s, &t) == nil && cur != nil {
					cur.WriteString(s)
				}
			}
		case xml.EndElement:
			if (t.Name.Local == "footnote" || t.Name.Local == "endnote") && cur != nil {
				if text := tidy(strings.TrimFunc(cur.String(), isSpace)); text != "" {
					out = append(out, text)
				}
				cur = nil
			}
		}
	}
}

func (d *docx) file(name string) *zip.File {
	for _, f := range d.zr.File {
		if strings.EqualFold(f.Name, name) {
			return f
		}
	}
	return nil
}

func (d *docx) read(name string) []byte {
	f := d.file(name)
	if f == nil {
		return nil
	}
	b, err := readZip(f)
	if err != nil {
		return nil
	}
	return b
}

func readZip(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, 512<<20))
}

func attr(e xml.StartElement, local string) (string, bool) {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

// on reports whether a toggle property such as <w:b/> or <w:b w:val="0"/> is on.
func on(e xml.StartElement) bool {
	v, ok := attr(e, "val")
	return !ok || (v != "0" && v != "false" && v != "off" && v != "none")
}

func (d *docx) readStyles(b []byte) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	var cur *styleInfo
	inRPr := false
	for {
		tok, err := dec.Token()
		if err != nil {
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "style":
				id, _ := attr(t, "styleId")
				cur = &styleInfo{}
				d.styles[id] = cur
			case "name":
				if cur != nil {
					cur.name, _ = attr(t, "val")
				}
			case "basedOn":
				if cur != nil {
					cur.basedOn, _ = attr(t, "val")
				}
			case "outlineLvl":
				if cur != nil {
					v, _ := attr(t, "val")
					if n, err := strconv.Atoi(v); err == nil && n < 9 {
						cur.outline = n + 1
					}
				}
			case "rPr":
				inRPr = true
			case "b":
				if cur != nil && inRPr {
					cur.bold = on(t)
				}
			case "numId":
				if cur != nil {
					cur.numID, _ = attr(t, "val")
				}
			case "ilvl":
				if cur != nil {
					cur.ilvl, _ = attr(t, "val")
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "style":
				cur = nil
			case "rPr":
				inRPr = false
			}
		}
	}
}

var headingNameRe = regexp.MustCompile(`^(?:heading|标题)\s*(\d)$`)

// styleLevel is the heading level of a paragraph style, following basedOn.
func (d *docx) styleLevel(id string) int {
	for depth := 0; id != "" && depth < 10; depth++ {
		s := d.styles[id]
		name := strings.ToLower(id)
		if s != nil {
			name = strings.ToLower(strings.TrimSpace(s.name))
		}
		if m := headingNameRe.FindStringSubmatch(strings.ReplaceAll(name, " ", "")); m != nil {
			n, _ := strconv.Atoi(m[1])
			return n
		}
		if m := headingNameRe.FindStringSubmatch(strings.ToLower(id)); m != nil {
			n, _ := strconv.Atoi(m[1])
			return n
		}
		switch name {
		case "title", "标题":
			return styleTitle
		case "subtitle", "副标题":
			return styleSubtitle
		}
		if s == nil {
			return 0
		}
		if s.outline > 0 {
			return s.outline
		}
		id = s.basedOn
	}
	return 0
}

func (d *docx) styleBold(id string) bool {
	for depth := 0; id != "" && depth < 10; depth++ {
		s := d.styles[id]
		if s == nil {
			return false
		}
		if s.bold {
			return true
		}
		id = s.basedOn
	}
	return false
}

func (d *docx) styleNum(id string) (string, string) {
	for depth := 0; id != "" && depth < 10; depth++ {
		s := d.styles[id]
		if s == nil {
			return "", ""
		}
		if s.numID != "" {
			return s.numID, s.ilvl
		}
		id = s.basedOn
	}
	return "", ""
}

func (d *docx) readNumbering(b []byte) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	var abs map[int]numLevel
	var lvl = -1
	var cur numLevel
	var numID string
	for {
		tok, err := dec.Token()
		if err != nil {
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "abstractNum":
				id, _ := attr(t, "abstractNumId")
				abs = map[int]numLevel{}
				d.abstract[id] = abs
			case "lvl":
				v, _ := attr(t, "ilvl")
				lvl, _ = strconv.Atoi(v)
				cur = numLevel{start: 1}
			case "start":
				v, _ := attr(t, "val")
				if n, err := strconv.Atoi(v); err == nil {
					cur.start = n
				}
			case "numFmt":
				cur.format, _ = attr(t, "val")
			case "lvlText":
				cur.text, _ = attr(t, "val")
			case "num":
				numID, _ = attr(t, "numId")
			case "abstractNumId":
				if numID != "" {
					d.nums[numID], _ = attr(t, "val")
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "lvl":
				if abs != nil && lvl >= 0 {
					abs[lvl] = cur
				}
				lvl = -1
			case "abstractNum":
				abs = nil
			case "num":
				numID = ""
			}
		}
	}
}

// number returns the automatic number Word shows before a paragraph of list
// numID at level ilvl ("一、", "1.", "（1）"), counting as Word does.
func (d *docx) number(numID, ilvl string) string {
	if numID == "" || numID == "0" {
		return ""
	}
	levels := d.abstract[d.nums[numID]]
	if levels == nil {
		return ""
	}
	lv, _ := strconv.Atoi(ilvl)
	c := d.counters[numID]
	if c == nil {
		c = map[int]int{}
		d.counters[numID] = c
	}
	if _, ok := c[lv]; ok {
		c[lv]++
	} else {
		c[lv] = levels[lv].start
	}
	for k := range c {
		if k > lv {
			delete(c, k)
		}
	}
	l := levels[lv]
	if l.format == "bullet" || l.format == "none" || l.text == "" {
		return ""
	}
	out := l.text
	for k := 0; k <= lv; k++ {
		n, ok := c[k]
		if !ok {
			n = levels[k].start
		}
		out = strings.ReplaceAll(out, "%"+strconv.Itoa(k+1), formatNumber(n, levels[k].format))
	}
	return out
}

func formatNumber(n int, format string) string {
	switch format {
	case "chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographTraditional",
		"japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand", "ideographDigital":
		if format == "ideographTraditional" && n >= 1 && n <= 10 {
			return string([]rune("甲乙丙丁戊己庚辛壬癸")[n-1])
		}
		return chineseNumeral(n)
	case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
		if n >= 1 && n <= 20 {
			return string(rune('①' + n - 1))
		}
	case "upperLetter":
		if n >= 1 && n <= 26 {
			return string(rune('A' + n - 1))
		}
	case "lowerLetter":
		if n >= 1 && n <= 26 {
			return string(rune('a' + n - 1))
		}
	case "upperRoman", "lowerRoman":
		r := roman(n)
		if format == "lowerRoman" {
			r = strings.ToLower(r)
		}
		return r
	}
	return strconv.Itoa(n)
}

func roman(n int) string {
	if n <= 0 || n >= 4000 {
		return strconv.Itoa(n)
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}

// chineseNumeral writes 1–99 as 一 … 九十九.
func chineseNumeral(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n <= 0 || n >= 100:
		return strconv.Itoa(n)
	case n < 10:
		return digits[n]
	case n < 20:
		if n == 10 {
			return "十"
		}
		return "十" + digits[n-10]
	case n%10 == 0:
		return digits[n/10] + "十"
	default:
		return digits[n/10] + "十" + digits[n%10]
	}
}

func (d *docx) readRels(b []byte) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := dec.Token()
		if err != nil {
			return
		}
		if t, ok := tok.(xml.StartElement); ok && t.Name.Local == "Relationship" {
			id, _ := attr(t, "Id")
			target, _ := attr(t, "Target")
			if mode, _ := attr(t, "TargetMode"); strings.EqualFold(mode, "External") {
				d.rels[id] = ""
				continue
			}
			if strings.HasPrefix(target, "/") {
				target = strings.TrimPrefix(target, "/")
			} else {
				target = path.Join("word", target)
			}
			d.rels[id] = target
		}
	}
}

// readBody reads the paragraphs and tables of document.xml in order.
func (d *docx) readBody(b []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		t, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch t.Name.Local {
		case "p":
			if err := d.paragraph(dec); err != nil {
				return err
			}
		case "tbl":
			if err := d.table(dec); err != nil {
				return err
			}
		case "Fallback", "del", "moveFrom":
			if err := dec.Skip(); err != nil {
				return err
			}
		}
	}
}

// seg is a piece of a paragraph's text with its formatting.
type seg struct {
	text         string
	bold, italic bool
}

// wpara is a paragraph as read, before it becomes lines.
type wpara struct {
	style, jc    string
	numID, ilvl  string
	outline      int
	segs         []seg
	images       []*picture
	boxes        [][]seg // text boxes inside the paragraph, read as paragraphs after it
	externalPics int
}

func (d *docx) readParagraph(dec *xml.Decoder) (*wpara, error) {
	p := &wpara{}
	var bold, italic, inRPr, inPPr bool
	alt := ""
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "pPr":
				inPPr = true
			case "pStyle":
				if inPPr {
					p.style, _ = attr(t, "val")
				}
			case "jc":
				if inPPr && !inRPr {
					p.jc, _ = attr(t, "val")
				}
			case "numId":
				if inPPr {
					p.numID, _ = attr(t, "val")
				}
			case "ilvl":
				if inPPr {
					p.ilvl, _ = attr(t, "val")
				}
			case "outlineLvl":
				if inPPr {
					v, _ := attr(t, "val")
					if n, err := strconv.Atoi(v); err == nil && n < 9 {
						p.outline = n + 1
					}
				}
			case "r":
				bold, italic = false, false
			case "rPr":
				inRPr = true
			case "b":
				if inRPr && !inPPr {
					bold = on(t)
				}
			case "i":
				if inRPr && !inPPr {
					italic = on(t)
				}
			case "t":
				var s string
				if err := dec.DecodeElement(&s, &t); err != nil {
					return nil, err
				}
				p.segs = append(p.segs, seg{s, bold, italic})
			case "tab", "ptab":
				p.segs = append(p.segs, seg{" ", bold, italic})
			case "noBreakHyphen":
				p.segs = append(p.segs, seg{"-", bold, italic})
			case "br":
				if typ, _ := attr(t, "type"); typ != "page" && typ != "column" {
					p.segs = append(p.segs, seg{"\n", bold, italic})
				}
			case "cr":
				p.segs = append(p.segs, seg{"\n", bold, italic})
			case "docPr":
				alt, _ = attr(t, "descr")
				if alt == "" {
					alt, _ = attr(t, "title")
				}
			case "blip", "imagedata":
				id, ok := attr(t, "embed")
				if !ok {
					id, _ = attr(t, "id")
				}
				target, known := d.rels[id]
				if known && target == "" || !known && id != "" {
					p.externalPics++
				} else if target != "" {
					p.images = append(p.images, &picture{zipPath: target, alt: alt})
				}
				alt = ""
			case "txbxContent":
				box, err := d.textBox(dec)
				if err != nil {
					return nil, err
				}
				p.boxes = append(p.boxes, box...)
			case "del", "moveFrom", "Fallback", "instrText", "delText":
				if err := dec.Skip(); err != nil {
					return nil, err
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "p":
				return p, nil
			case "pPr":
				inPPr = false
			case "rPr":
				inRPr = false
			}
		}
	}
}

// textBox reads the paragraphs of a text box (mastheads are often set in
// one) as plain segments, one slice per paragraph.
func (d *docx) textBox(dec *xml.Decoder) ([][]seg, error) {
	var out [][]seg
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "p" {
				p, err := d.readParagraph(dec)
				if err != nil {
					return nil, err
				}
				out = append(out, p.segs)
				out = append(out, p.boxes...)
			}
		case xml.EndElement:
			if t.Name.Local == "txbxContent" {
				return out, nil
			}
		}
	}
}

// paragraph reads a <w:p> into lines: one per line break, then its pictures.
func (d *docx) paragraph(dec *xml.Decoder) error {
	p, err := d.readParagraph(dec)
	if err != nil {
		return err
	}
	d.para++
	no := d.para
	level := 0
	if p.style != "" {
		level = d.styleLevel(p.style)
	}
	if p.outline > 0 {
		level = p.outline
	}
	numID, ilvl := p.numID, p.ilvl
	if numID == "" && p.style != "" {
		numID, ilvl = d.styleNum(p.style)
	}
	prefix := d.number(numID, ilvl)
	styleBold := p.style != "" && d.styleBold(p.style)
	d.addLines(no, prefix, p.segs, level, styleBold, p.jc == "center")
	for _, box := range p.boxes {
		d.addLines(no, "", box, 0, false, true)
	}
	for _, img := range p.images {
		d.addImage(no, img)
	}
	if p.externalPics > 0 {
		d.src.notes = append(d.src.notes, fmt.Sprintf("第 %d 段有 %d 张链接到外部的图片，文档里没有它们，没有导入", no, p.externalPics))
	}
	return nil
}

// addLines turns the segments of a paragraph into lines.
func (d *docx) addLines(no int, prefix string, segs []seg, level int, styleBold, center bool) {
	var lines [][]seg
	cur := []seg{}
	for _, s := range segs {
		parts := strings.Split(s.text, "\n")
		for i, part := range parts {
			if i > 0 {
				lines = append(lines, cur)
				cur = []seg{}
			}
			if part != "" {
				cur = append(cur, seg{part, s.bold, s.italic})
			}
		}
	}
	lines = append(lines, cur)
	first := true
	for _, l := range lines {
		if first && prefix != "" {
			l = append([]seg{{prefix, false, false}}, l...)
		}
		text, md, bold := renderSegs(l)
		if text == "" {
			continue
		}
		d.src.lines = append(d.src.lines, &line{
			no: no, text: text, md: md, f: fold(text), gap: first, style: level,
			bold: bold || styleBold, center: center,
		})
		first = false
	}
}

// renderSegs returns a line's tidied plain text, its Markdown, and whether all
// of its text is bold.
func renderSegs(segs []seg) (string, string, bool) {
	// Merge neighbours with the same formatting: Word splits runs anywhere.
	var merged []seg
	for _, s := range segs {
		if n := len(merged); n > 0 && merged[n-1].bold == s.bold && merged[n-1].italic == s.italic {
			merged[n-1].text += s.text
			continue
		}
		merged = append(merged, s)
	}
	var plain strings.Builder
	for _, s := range merged {
		plain.WriteString(s.text)
	}
	text := tidy(strings.TrimFunc(plain.String(), isSpace))
	if text == "" {
		return "", "", false
	}
	allBold, anyMarked := true, false
	for _, s := range merged {
		if strings.TrimFunc(s.text, isSpace) == "" {
			continue
		}
		if !s.bold {
			allBold = false
		}
		if s.bold || s.italic {
			anyMarked = true
		}
	}
	if !anyMarked {
		return text, escapeText(text), false
	}
	var md strings.Builder
	for _, s := range merged {
		core := strings.TrimFunc(s.text, isSpace)
		if core == "" {
			md.WriteString(" ")
			continue
		}
		lead := s.text[:strings.Index(s.text, core)]
		trail := s.text[len(lead)+len(core):]
		mark := ""
		switch {
		case s.bold && s.italic:
			mark = "***"
		case s.bold:
			mark = "**"
		case s.italic:
			mark = "*"
		}
		if lead != "" {
			md.WriteString(" ")
		}
		md.WriteString(mark + escapeInline(tidy(core)) + mark)
		if trail != "" {
			md.WriteString(" ")
		}
	}
	m := tidyMarked(md.String())
	return text, escapeLineStart(m), allBold
}

// tidyMarked trims a Markdown line and removes the spaces between Chinese
// characters that run boundaries left, as tidy does for plain text.
func tidyMarked(s string) string {
	s = strings.TrimSpace(s)
	rs := []rune(s)
	var out []rune
	for i, r := range rs {
		if r == ' ' && i > 0 && i+1 < len(rs) {
			prev, next := rs[i-1], rs[i+1]
			// Look through the emphasis markers on either side.
			for j := i - 1; j >= 0 && prev == '*'; j-- {
				prev = rs[j]
			}
			for j := i + 1; j < len(rs) && next == '*'; j++ {
				next = rs[j]
			}
			if wide(prev) && wide(next) {
				continue
			}
		}
		out = append(out, r)
	}
	return string(out)
}

func (d *docx) addImage(no int, img *picture) {
	ext := strings.ToLower(path.Ext(img.zipPath))
	if !webImage[ext] {
		d.src.notes = append(d.src.notes, fmt.Sprintf("第 %d 段的图片是 %s 格式，网页显示不了，没有导入；请在 Word 里把它另存为 PNG 或 JPG，放进简报文件夹，在文章里写 ![说明](文件名)", no, strings.TrimPrefix(ext, ".")))
		return
	}
	f := d.file(img.zipPath)
	if f == nil {
		d.src.notes = append(d.src.notes, fmt.Sprintf("第 %d 段的图片在文档里找不到（%s），没有导入", no, img.zipPath))
		return
	}
	data, err := readZip(f)
	if err != nil {
		d.src.notes = append(d.src.notes, fmt.Sprintf("第 %d 段的图片读不出来（%v），没有导入", no, err))
		return
	}
	base := slugPart(strings.TrimSuffix(path.Base(img.zipPath), path.Ext(img.zipPath)))
	if base == "" {
		base = "image"
	}
	name := base + ext
	for i := 2; d.usedNames[name]; i++ {
		name = base + "-" + strconv.Itoa(i) + ext
	}
	d.usedNames[name] = true
	img.name, img.data, img.para = name, data, no
	alt := img.alt
	if alt == "" {
		alt = "图片"
	}
	d.src.images = append(d.src.images, img)
	d.src.lines = append(d.src.lines, &line{no: no, text: "", md: "![" + escapeInline(tidy(alt)) + "](" + name + ")", f: "", gap: true, image: img})
}

// table reads a <w:tbl>. Merged cells are written as empty cells so that the
// columns stay in line.
func (d *docx) table(dec *xml.Decoder) error {
	d.para++
	no := d.para
	t := &table{}
	var rowMD, rowText []string
	var cellMD, cellText []string
	span := 1
	depth := 0 // nested tables are read into the cell's text
	for {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "tbl":
				depth++
			case "tr":
				if depth == 0 {
					rowMD, rowText = nil, nil
				}
			case "tc":
				if depth == 0 {
					cellMD, cellText, span = nil, nil, 1
				}
			case "gridSpan":
				if depth == 0 {
					v, _ := attr(e, "val")
					if n, err := strconv.Atoi(v); err == nil && n > 1 && n < 64 {
						span = n
					}
				}
			case "p":
				p, err := d.readParagraph(dec)
				if err != nil {
					return err
				}
				segs := p.segs
				for _, b := range p.boxes {
					segs = append(append(segs, seg{text: " "}), b...)
				}
				flat := make([]seg, len(segs))
				for i, s := range segs {
					flat[i] = seg{strings.ReplaceAll(s.text, "\n", " "), s.bold, s.italic}
				}
				if text, md, _ := renderSegs(flat); text != "" {
					cellText = append(cellText, text)
					cellMD = append(cellMD, md)
				}
				if len(p.images) > 0 {
					d.src.notes = append(d.src.notes, fmt.Sprintf("第 %d 段（表格）里的 %d 张图片没有导入：网页的表格里放不了图片，请把它移到表格外", no, len(p.images)))
				}
			case "Fallback", "del", "moveFrom":
				if err := dec.Skip(); err != nil {
					return err
				}
			}
		case xml.EndElement:
			switch e.Name.Local {
			case "tc":
				if depth == 0 {
					rowMD = append(rowMD, strings.Join(cellMD, " "))
					rowText = append(rowText, strings.Join(cellText, " "))
					for i := 1; i < span; i++ {
						rowMD = append(rowMD, "")
						rowText = append(rowText, "")
					}
				}
			case "tr":
				if depth == 0 {
					t.rows = append(t.rows, rowMD)
					t.text = append(t.text, rowText)
				}
			case "tbl":
				if depth == 0 {
					var all []string
					for _, r := range t.text {
						for _, c := range r {
							if c != "" {
								all = append(all, c)
							}
						}
					}
					if len(all) == 0 {
						return nil
					}
					text := strings.Join(all, " ")
					d.src.lines = append(d.src.lines, &line{no: no, text: text, md: t.markdown(), f: fold(text), gap: true, table: t})
					return nil
				}
				depth--
			}
		}
	}
}
