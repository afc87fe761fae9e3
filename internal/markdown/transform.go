package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
)

// pass holds the per-document state of one Convert call. After goldmark
// has parsed the document, Convert runs three walks over the tree:
//
//  1. transform: check and resolve link and image destinations, sanitize
//     or remove raw HTML (and the content of <script> and the like);
//  2. lineBreaks: decide every soft line break (East Asian rule or
//     HardWraps);
//  3. collect: heading IDs, the heading list and the plain text.
//
// Then goldmark's HTML renderer writes the tree out.
type pass struct {
	source   []byte
	opt      ConvertOptions
	san      sanitizer
	ids      *headingIDs
	dropped  []string
	headings []Heading
}

func newPass(source []byte, opt ConvertOptions, allowHTML bool) *pass {
	p := &pass{source: source, opt: opt, ids: newHeadingIDs()}
	p.san.check = func(u string, image bool) (string, bool) { return p.checkURL(u, u, image) }
	p.san.discard = !allowHTML
	return p
}

// checkURL checks a destination (already decoded), runs it through Resolve
// and checks the result again. A rejected destination is recorded in
// dropped, as written in the source (raw), and false is returned.
func (p *pass) checkURL(u, raw string, image bool) (string, bool) {
	if !safeURL(u, image) {
		p.dropped = append(p.dropped, raw)
		return "", false
	}
	if p.opt.Resolve != nil {
		r := p.opt.Resolve(u)
		if !safeURL(r, image) {
			p.dropped = append(p.dropped, raw)
			return "", false
		}
		u = r
	}
	return u, true
}

// transform is walk 1.
func (p *pass) transform(doc ast.Node) {
	p.walkChildren(doc)
	if b := p.san.closeAll(); b != nil {
		doc.AppendChild(doc, &safeHTMLBlock{html: b})
	}
}

func (p *pass) walkChildren(n ast.Node) {
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling() // c may be removed or replaced
		if c.Type() == ast.TypeInline {
			p.visitInline(n, c)
		} else {
			p.visitBlock(n, c)
		}
		c = next
	}
}

func (p *pass) visitBlock(parent, n ast.Node) {
	switch n := n.(type) {
	case *ast.HTMLBlock:
		p.rawBlock(parent, n)
		return
	case *extast.FootnoteList:
		// Elements left open in the body end before the footnotes.
		if b := p.san.closeScope(parent); b != nil {
			parent.InsertBefore(parent, n, &safeHTMLBlock{html: b})
		}
	}
	inlines := hasInlines(n)
	p.walkChildren(n)
	if inlines {
		if b := p.san.closeScope(n); b != nil {
			n.AppendChild(n, &safeHTML{html: b})
		}
		p.san.endBlock()
		if n.Kind() == ast.KindParagraph && n.ChildCount() == 0 {
			parent.RemoveChild(parent, n) // it held only removed raw HTML
		}
		return
	}
	if b := p.san.closeScope(n); b != nil {
		n.AppendChild(n, &safeHTMLBlock{html: b})
	}
}

func (p *pass) visitInline(parent, n ast.Node) {
	if p.san.skipping() {
		// Inside <script> or the like: drop the content, but keep looking
		// for the end tag inside emphasis.
		switch n.Kind() {
		case ast.KindRawHTML:
		case ast.KindEmphasis, extast.KindStrikethrough:
			p.walkChildren(n)
			return
		default:
			parent.RemoveChild(parent, n)
			return
		}
	}
	switch n := n.(type) {
	case *ast.RawHTML:
		p.rawInline(parent, n)
	case *ast.Link:
		ok := p.destination(&n.Destination, false)
		p.walkChildren(n)
		if !ok {
			unwrap(parent, n) // the link shows as its text
		}
	case *ast.Image:
		ok := p.destination(&n.Destination, true)
		removeRawHTML(n) // the alt attribute cannot hold markup
		p.walkChildren(n)
		if !ok {
			unwrap(parent, n) // the image shows as its alt text
		}
	case *ast.AutoLink:
		p.autoLink(parent, n)
	default:
		p.walkChildren(n)
	}
}

// destination checks and resolves a Markdown link or image destination in
// place.
func (p *pass) destination(dest *[]byte, image bool) bool {
	u, ok := p.checkURL(decodeDestination(*dest), string(*dest), image)
	if ok {
		*dest = encodeDestination(u)
	}
	return ok
}

// autoLink turns <scheme:...> and <user@host> into an ordinary link so that
// its destination can be resolved, or into plain text if it is unsafe.
func (p *pass) autoLink(parent ast.Node, n *ast.AutoLink) {
	url := string(n.URL(p.source))
	if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(url), "mailto:") {
		url = "mailto:" + url
	}
	label := ast.NewString(n.Label(p.source))
	label.SetRaw(true) // an autolink's text is literal
	u, ok := p.checkURL(url, url, false)
	if !ok {
		parent.ReplaceChild(parent, n, label)
		return
	}
	link := ast.NewLink()
	link.Destination = encodeDestination(u)
	link.AppendChild(link, label)
	parent.ReplaceChild(parent, n, link)
}

func (p *pass) rawInline(parent ast.Node, n *ast.RawHTML) {
	scope := parent
	for scope.Type() != ast.TypeBlock {
		scope = scope.Parent()
	}
	var raw []byte
	for i := 0; i < n.Segments.Len(); i++ {
		seg := n.Segments.At(i)
		raw = append(raw, seg.Value(p.source)...)
	}
	out, text := p.san.sanitize(raw, scope)
	if len(out) == 0 {
		parent.RemoveChild(parent, n)
		return
	}
	parent.ReplaceChild(parent, n, &safeHTML{html: out, text: text})
}

func (p *pass) rawBlock(parent ast.Node, n *ast.HTMLBlock) {
	var raw []byte
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		raw = append(raw, seg.Value(p.source)...)
	}
	if n.HasClosure() {
		raw = append(raw, n.ClosureLine.Value(p.source)...)
	}
	out, text := p.san.sanitize(raw, parent)
	out = dropBlankLines(out)
	if len(out) == 0 {
		parent.RemoveChild(parent, n)
		return
	}
	parent.ReplaceChild(parent, n, &safeHTMLBlock{html: out, text: text})
}

// dropBlankLines removes the blank lines that removed elements leave in a
// sanitized HTML block. An HTML block only has blank lines inside when it
// started with an element like <pre> or <script>, which are gone, so no
// meaning is lost.
func dropBlankLines(b []byte) []byte {
	var out []byte
	for len(b) > 0 {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line = b[:i+1]
		}
		b = b[len(line):]
		if len(bytes.TrimSpace(line)) > 0 {
			out = append(out, line...)
		}
	}
	return out
}

// removeRawHTML removes the raw HTML inside n.
func removeRawHTML(n ast.Node) {
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		if c.Kind() == ast.KindRawHTML {
			n.RemoveChild(n, c)
		} else {
			removeRawHTML(c)
		}
		c = next
	}
}

// unwrap replaces n by its children.
func unwrap(parent, n ast.Node) {
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}

// hasInlines reports whether block n holds inline content (paragraph,
// heading, table cell…) rather than other blocks.
func hasInlines(n ast.Node) bool {
	c := n.FirstChild()
	return c != nil && c.Type() == ast.TypeInline
}
