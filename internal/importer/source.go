package importer

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dudao/dudao/internal/textfile"
)

// line is one unit the parser reads: a line of a text file, or a line of a
// Word paragraph (a paragraph with line breaks in it gives several), or a
// whole Word table or picture.
type line struct {
	no     int      // line number in the text file, paragraph number in the .docx
	text   string   // the plain text, tidied
	md     string   // the same as Markdown: escaped, with Word's bold and italic
	f      string   // fold(text), what the recognisers read
	gap    bool     // a blank line, a page break or a paragraph end came before it
	indent bool     // it starts indented: a new paragraph in text copied from a PDF
	style  int      // Word: heading level 1–9, or styleTitle, styleSubtitle
	bold   bool     // Word: all its text is bold
	center bool     // Word: the paragraph is centred
	table  *table   // Word: a table (md is its Markdown)
	image  *picture // Word: a picture (md is its Markdown)
}

// Word paragraph styles that are not numbered headings.
const (
	styleTitle    = -1
	styleSubtitle = -2
)

// source is a file read into lines.
type source struct {
	name      string            // the file name, for the report
	format    string            // "txt" or "docx"
	enc       textfile.Encoding // text files: the encoding found
	lines     []*line
	count     int        // lines (text) or paragraphs (Word) in the file
	images    []*picture // Word: pictures to copy into the bulletin folder
	footnotes []string   // Word: the text of its footnotes and endnotes
	notes     []string   // problems met while reading, for the report
}

// where names a position for the editor: 第 12 行 in a text file, 第 12 段
// in a Word document.
func (s *source) where(no int) string {
	if no < 0 {
		return fmt.Sprintf("第 %d 条脚注", -no)
	}
	if s.format == "docx" {
		return fmt.Sprintf("第 %d 段", no)
	}
	return fmt.Sprintf("第 %d 行", no)
}

// readText reads a text file: UTF-8 (with or without BOM), GBK/GB18030 or
// UTF-16, with any line endings. A form feed (a page break some PDF tools
// write) counts as a blank line.
func readText(name string, raw []byte) (*source, error) {
	text, enc, err := textfile.Decode(raw)
	if err != nil {
		var te *textfile.Error
		if errors.As(err, &te) && te.Line > 0 {
			return nil, &ContentError{Msg: fmt.Sprintf("%s 第 %d 行：%s", name, te.Line, te.Msg)}
		}
		return nil, &ContentError{Msg: fmt.Sprintf("%s：%v", name, err)}
	}
	src := &source{name: name, format: "txt", enc: enc}
	raw2 := strings.Split(text, "\n")
	src.count = len(raw2)
	if src.count > 0 && raw2[src.count-1] == "" {
		src.count--
	}
	gap := true
	for i, l := range raw2 {
		for j, piece := range strings.Split(l, "\f") {
			if j > 0 {
				gap = true
			}
			trimmed := strings.TrimFunc(piece, isSpace)
			if trimmed == "" {
				gap = true
				continue
			}
			first := []rune(piece)[0]
			t := tidy(trimmed)
			src.lines = append(src.lines, &line{
				no: i + 1, text: t, md: escapeText(t), f: fold(t), gap: gap,
				indent: isSpace(first),
			})
			gap = false
		}
	}
	if len(src.lines) == 0 {
		return nil, &ContentError{Msg: name + " 里没有文字"}
	}
	return src, nil
}
