package markdown

import (
	"github.com/yuin/goldmark/ast"
)

// lineBreaks is walk 2. goldmark parses a line break inside a paragraph as
// a soft break on the text before it, which its renderer writes as "\n" (a
// space, to a browser). Here each one is decided:
//
//   - with HardWraps it becomes a hard break (<br>);
//   - between two East Asian characters, or next to full-width
//     punctuation, it is removed, so Chinese lines join without a space;
//     anywhere else (Latin–Latin, Chinese–Latin, Chinese–digit) it stays a
//     space. This is goldmark's "Simple" East Asian line-break style with
//     the refinements described at dropLineBreak, and it looks past
//     emphasis, links and code spans to find the next character (goldmark's
//     renderer only looks at a following plain-text node and otherwise
//     drops the break, gluing "English\n**bold**" into
//     "English<strong>bold</strong>").
func (p *pass) lineBreaks(doc ast.Node) {
	var leaves []leaf
	var before, after []runePair
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || !hasInlines(n) {
			return ast.WalkContinue, nil
		}
		leaves = p.collectLeaves(n, leaves[:0])
		before, after = neighbours(leaves, before, after)
		for i, l := range leaves {
			t := l.text
			if t == nil || !t.SoftLineBreak() || t.HardLineBreak() {
				continue
			}
			if p.opt.HardWraps {
				t.SetHardLineBreak(true)
				continue
			}
			b, a := before[i], after[i+1]
			if dropLineBreak(b.far, b.near, a.near, a.far) {
				t.SetSoftLineBreak(false)
			}
		}
		return ast.WalkSkipChildren, nil
	})
}

// runePair is the character next to a position (near) and the one beyond
// it (far); 0 where there is none.
type runePair struct{ near, far rune }

// neighbours computes, for every leaf i, the last two characters of the
// text up to and including leaf i (before[i]) and the first two from leaf
// i on (after[i]; after[len(leaves)] is empty). Opaque leaves cut the text.
func neighbours(leaves []leaf, before, after []runePair) ([]runePair, []runePair) {
	before = before[:0]
	var cur runePair
	for _, l := range leaves {
		switch {
		case l.opaque:
			cur = runePair{}
		case len(l.value) > 0:
			last, prev := lastRunes(l.value)
			if prev == 0 {
				prev = cur.near
			}
			cur = runePair{last, prev}
		}
		before = append(before, cur)
	}
	after = append(after[:0], make([]runePair, len(leaves)+1)...)
	cur = runePair{}
	for i := len(leaves) - 1; i >= 0; i-- {
		l := leaves[i]
		switch {
		case l.opaque:
			cur = runePair{}
		case len(l.value) > 0:
			first, next := firstRunes(l.value)
			if next == 0 {
				next = cur.near
			}
			cur = runePair{first, next}
		}
		after[i] = cur
	}
	return before, after
}

// leaf is a piece of inline text in document order. opaque leaves (images,
// raw HTML, footnote references) stop the search for neighbouring
// characters.
type leaf struct {
	text   *ast.Text // nil for other kinds of leaves
	value  []byte
	opaque bool
}

func (p *pass) collectLeaves(n ast.Node, leaves []leaf) []leaf {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			leaves = append(leaves, leaf{text: c, value: c.Value(p.source)})
		case *ast.String:
			leaves = append(leaves, leaf{value: c.Value})
		default:
			if c.HasChildren() && c.Kind() != ast.KindImage {
				leaves = p.collectLeaves(c, leaves)
			} else {
				leaves = append(leaves, leaf{opaque: true})
			}
		}
	}
	return leaves
}
