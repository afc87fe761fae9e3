package markdown

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

// collect is walk 3: it gives every heading its ID, records the headings
// and returns the plain text of the document.
//
// The text has one line per paragraph, heading, list item, table row or
// line of code; hard line breaks also start a new line, table cells are
// separated by a space. Runs of white space are collapsed and empty lines
// left out. Images, footnote reference numbers and task-list check boxes
// contribute nothing; the footnotes themselves come last, as on the page.
func (p *pass) collect(doc ast.Node, limit int) string {
	w := textWriter{limit: limit}
	p.blockText(doc, &w)
	return normalizeText(w.b.String(), "\n")
}

func (p *pass) blockText(n ast.Node, w *textWriter) {
	switch n := n.(type) {
	case *ast.Heading:
		var hw textWriter
		p.inlineText(n, &hw)
		text := normalizeText(hw.b.String(), " ")
		id := string(p.ids.Generate([]byte(text), n.Kind()))
		n.SetAttributeString("id", []byte(id))
		p.headings = append(p.headings, Heading{Level: n.Level, ID: id, Text: text})
		w.line(text)
		return
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		if w.full() {
			return
		}
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			w.line(string(seg.Value(p.source)))
		}
		return
	case *safeHTMLBlock:
		w.line(n.text)
		return
	case *extast.TableCell:
		w.brk(' ')
		p.inlineText(n, w)
		w.brk(' ')
		return
	case *extast.TableRow, *extast.TableHeader:
		w.brk('\n')
		p.children(n, w)
		w.brk('\n')
		return
	}
	if hasInlines(n) {
		w.brk('\n')
		p.inlineText(n, w)
		w.brk('\n')
		return
	}
	p.children(n, w)
}

func (p *pass) children(n ast.Node, w *textWriter) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		p.blockText(c, w)
	}
}

func (p *pass) inlineText(n ast.Node, w *textWriter) {
	if w.full() {
		return
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Value(p.source)
			if !c.IsRaw() {
				v = decodeText(v)
			}
			w.write(string(v))
			if c.HardLineBreak() {
				w.brk('\n')
			} else if c.SoftLineBreak() {
				w.brk(' ')
			}
		case *ast.String:
			v := c.Value
			if !c.IsCode() && !c.IsRaw() {
				v = decodeText(v)
			}
			w.write(string(v))
		case *safeHTML:
			w.write(c.text)
		case *ast.Image, *extast.FootnoteLink, *extast.FootnoteBacklink, *extast.TaskCheckBox:
		default:
			p.inlineText(c, w)
		}
	}
}

// decodeText resolves backslash escapes and character references, as
// goldmark's HTML writer does for text.
func decodeText(v []byte) []byte {
	v = util.UnescapePunctuations(v)
	v = util.ResolveNumericReferences(v)
	return util.ResolveEntityNames(v)
}

// textWriter accumulates plain text with pending separators, so that
// separators never pile up or start the text.
type textWriter struct {
	b       strings.Builder
	pending byte // 0, ' ' or '\n'
	limit   int  // stop writing past this many bytes; 0: no limit
}

// full reports whether the writer has all the text it wants.
func (w *textWriter) full() bool { return w.limit > 0 && w.b.Len() >= w.limit }

func (w *textWriter) write(s string) {
	if s == "" || w.full() {
		return
	}
	if w.pending != 0 && w.b.Len() > 0 {
		w.b.WriteByte(w.pending)
	}
	w.pending = 0
	w.b.WriteString(s)
}

// brk asks for a separator before the next text; '\n' wins over ' '.
func (w *textWriter) brk(c byte) {
	if w.pending != '\n' {
		w.pending = c
	}
}

// line writes s on a line of its own.
func (w *textWriter) line(s string) {
	w.brk('\n')
	w.write(s)
	w.brk('\n')
}

// normalizeText collapses white space within each line, drops empty lines
// and joins the rest with sep.
func normalizeText(s, sep string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, sep)
}
