package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"golang.org/x/net/html"
)

// allowedTags are the elements raw HTML may use when Options.AllowHTML is
// set. Every other element is dropped; its content is kept as text, except
// for the elements in dropContent.
var allowedTags = map[string]bool{
	"a": true, "abbr": true, "blockquote": true, "br": true, "caption": true,
	"col": true, "colgroup": true, "dd": true, "del": true, "details": true,
	"div": true, "dl": true, "dt": true, "figcaption": true, "figure": true,
	"hr": true, "img": true, "ins": true, "kbd": true, "li": true,
	"mark": true, "ol": true, "p": true, "small": true, "span": true,
	"sub": true, "summary": true, "sup": true, "table": true, "tbody": true,
	"td": true, "tfoot": true, "th": true, "thead": true, "tr": true,
	"u": true, "ul": true,
}

// maxOpen limits how deeply sanitized elements nest; start tags beyond it
// are dropped. It keeps hostile input from building a huge stack.
const maxOpen = 100

// voidTags have no end tag.
var voidTags = map[string]bool{"br": true, "col": true, "hr": true, "img": true}

// allowedAttrs may appear on any allowed element (span is colgroup's and
// col's, start is ol's). href (on a) and src (on img) are handled
// separately, and open is a boolean attribute of details.
var allowedAttrs = map[string]bool{
	"class": true, "title": true, "colspan": true, "rowspan": true,
	"align": true, "alt": true, "width": true, "height": true, "lang": true,
	"span": true, "start": true,
}

// dropContent are elements whose content is removed along with the tags:
// scripts, styles, embedded documents and form controls, whose text was
// never meant to be read as part of the article.
var dropContent = map[string]bool{
	"script": true, "style": true, "template": true, "iframe": true,
	"frame": true, "frameset": true, "object": true, "applet": true,
	"noscript": true, "noembed": true, "noframes": true, "textarea": true,
	"title": true, "xmp": true, "plaintext": true, "select": true,
	"svg": true, "math": true, "head": true,
}

// blockTags start a new line in Result.Text.
var blockTags = map[string]bool{
	"blockquote": true, "br": true, "caption": true, "dd": true, "details": true,
	"div": true, "dl": true, "dt": true, "figcaption": true, "figure": true,
	"hr": true, "li": true, "ol": true, "p": true, "summary": true,
	"table": true, "tr": true, "ul": true,
}

// openElement is an element whose start tag the sanitizer has written.
// scope is the Markdown node it belongs to: the block holding an inline tag,
// or the container (document, list item, blockquote…) of an HTML block. An
// element is closed by an end tag in the same scope or, failing that, when
// the scope ends, so sanitized HTML is always balanced and can never close
// elements of the page template.
type openElement struct {
	name  string
	scope ast.Node
}

// sanitizer filters the raw HTML of one document through an allow-list. It
// is fed the raw HTML pieces in document order and keeps state between
// them: the open elements and whether it is inside an element whose
// content is dropped (goldmark hands inline HTML over one tag at a time, so
// "<script>alert(1)</script>" in a paragraph arrives in three pieces).
//
// With discard set (Options.AllowHTML off) it emits nothing and only keeps
// track of dropped content, so that the text of an inline <script> does not
// show up either.
type sanitizer struct {
	// check vets, resolves and reports a URL (see pass.checkURL).
	check     func(u string, image bool) (string, bool)
	discard   bool
	open      []openElement
	skip      string // element whose content is being dropped, or ""
	skipDepth int
}

// sanitize filters one piece of raw HTML. It returns the HTML to emit and
// the plain text it contains.
func (s *sanitizer) sanitize(raw []byte, scope ast.Node) (out []byte, text string) {
	var buf bytes.Buffer
	var tb strings.Builder
	z := html.NewTokenizer(bytes.NewReader(raw))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		tok := z.Token()
		if s.skip != "" {
			s.skipToken(tok)
			continue
		}
		if s.discard {
			if (tt == html.StartTagToken || tt == html.SelfClosingTagToken) && dropContent[tok.Data] {
				s.startSkip(tt, tok.Data)
			}
			continue
		}
		switch tt {
		case html.TextToken:
			data := strings.ReplaceAll(tok.Data, "\x00", "")
			buf.WriteString(html.EscapeString(data))
			tb.WriteString(data)
		case html.StartTagToken, html.SelfClosingTagToken:
			name := tok.Data
			if dropContent[name] {
				s.startSkip(tt, name)
				continue
			}
			if !allowedTags[name] || len(s.open) >= maxOpen && !voidTags[name] {
				continue
			}
			if !s.startTag(&buf, tok) {
				continue
			}
			textBreak(&tb, name)
			if !voidTags[name] {
				s.open = append(s.open, openElement{name, scope})
			}
		case html.EndTagToken:
			if s.closeTo(&buf, tok.Data, scope) {
				textBreak(&tb, tok.Data)
			}
		}
		// Comments, doctypes and everything else are dropped.
	}
	return buf.Bytes(), tb.String()
}

// startSkip starts dropping the content of element name.
func (s *sanitizer) startSkip(tt html.TokenType, name string) {
	// The tokenizer reads "<script/>" like "<script>", as browsers do;
	// only svg and math really close themselves.
	if tt == html.StartTagToken || name != "svg" && name != "math" {
		s.skip, s.skipDepth = name, 1
	}
}

// textBreak separates the plain text at element boundaries: block
// elements start a new line, table cells are set apart by a space.
func textBreak(tb *strings.Builder, name string) {
	switch {
	case blockTags[name]:
		tb.WriteByte('\n')
	case name == "td" || name == "th":
		tb.WriteByte(' ')
	}
}

// skipToken handles a token inside an element whose content is dropped.
func (s *sanitizer) skipToken(tok html.Token) {
	if tok.Data != s.skip {
		return
	}
	switch tok.Type {
	case html.StartTagToken:
		s.skipDepth++
	case html.EndTagToken:
		s.skipDepth--
		if s.skipDepth == 0 {
			s.skip = ""
		}
	}
}

// startTag writes an allowed start tag with its allowed attributes. It
// returns false, writing nothing, for a link or image whose URL is unsafe:
// the link then shows as its text and the image disappears.
func (s *sanitizer) startTag(buf *bytes.Buffer, tok html.Token) bool {
	var attrs bytes.Buffer
	seen := map[string]bool{}
	for _, a := range tok.Attr {
		key := a.Key
		if a.Namespace != "" || seen[key] {
			continue
		}
		seen[key] = true
		switch {
		case key == "href" && tok.Data == "a", key == "src" && tok.Data == "img":
			// a.Val is already entity-decoded by the tokenizer.
			u, ok := s.check(a.Val, tok.Data == "img")
			if !ok {
				return false
			}
			writeAttr(&attrs, key, u)
		case key == "open" && tok.Data == "details":
			attrs.WriteString(" open")
		case allowedAttrs[key]:
			writeAttr(&attrs, key, a.Val)
		}
	}
	buf.WriteByte('<')
	buf.WriteString(tok.Data)
	buf.Write(attrs.Bytes())
	buf.WriteByte('>')
	return true
}

func writeAttr(buf *bytes.Buffer, key, val string) {
	buf.WriteByte(' ')
	buf.WriteString(key)
	buf.WriteString(`="`)
	buf.WriteString(html.EscapeString(strings.ReplaceAll(val, "\x00", "")))
	buf.WriteByte('"')
}

// closeTo handles an end tag: if an element of that name is open in scope,
// it and every element opened after it are closed; otherwise the end tag is
// dropped. It reports whether anything was written.
func (s *sanitizer) closeTo(buf *bytes.Buffer, name string, scope ast.Node) bool {
	for i := len(s.open) - 1; i >= 0 && s.open[i].scope == scope; i-- {
		if s.open[i].name == name {
			s.closeFrom(buf, i)
			return true
		}
	}
	return false
}

// closeScope closes every element still open in scope and returns the end
// tags, or nil.
func (s *sanitizer) closeScope(scope ast.Node) []byte {
	i := len(s.open)
	for i > 0 && s.open[i-1].scope == scope {
		i--
	}
	if i == len(s.open) {
		return nil
	}
	var buf bytes.Buffer
	s.closeFrom(&buf, i)
	return buf.Bytes()
}

// closeAll closes every open element.
func (s *sanitizer) closeAll() []byte {
	if len(s.open) == 0 {
		return nil
	}
	var buf bytes.Buffer
	s.closeFrom(&buf, 0)
	return buf.Bytes()
}

func (s *sanitizer) closeFrom(buf *bytes.Buffer, i int) {
	for j := len(s.open) - 1; j >= i; j-- {
		buf.WriteString("</")
		buf.WriteString(s.open[j].name)
		buf.WriteByte('>')
	}
	s.open = s.open[:i]
}

// skipping reports whether content is being dropped.
func (s *sanitizer) skipping() bool { return s.skip != "" }

// endBlock is called when a block of inline content ends: content dropping
// started there (an unclosed <script>) goes no further.
func (s *sanitizer) endBlock() { s.skip, s.skipDepth = "", 0 }
