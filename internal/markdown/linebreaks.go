package markdown

import (
	"github.com/yuin/goldmark/ast"
)

// lineBreaks is walk 2. goldmark parses a line break inside a paragraph as
// a soft break on the text before it, which its renderer writes as "\n" (a
// space, to a browser). Here each one is decided:
//
//   - with HardWraps it becomes a hard break (<br>);
//   - between two East Asian characters it is removed, so Chinese lines
//     join without a space; anywhere else it stays a space. This is
//     goldmark's "Simple" East Asian line-break style, except that it looks
//     past emphasis, links and code spans to find the next character
//     (goldmark's renderer only looks at a following plain-text node and
//     otherwise drops the break, gluing "English\n**bold**" into
//     "English<strong>bold</strong>"), and that punctuation such as curly
//     quotes counts as East Asian when its other neighbour is (see
//     joinsLineBreak).
func (p *pass) lineBreaks(doc ast.Node) {
	var leaves []leaf
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || !hasInlines(n) {
			return ast.WalkContinue, nil
		}
		leaves = p.collectLeaves(n, leaves[:0])
		for i, l := range leaves {
			t := l.text
			if t == nil || !t.SoftLineBreak() || t.HardLineBreak() {
				continue
			}
			if p.opt.HardWraps {
				t.SetHardLineBreak(true)
				continue
			}
			before, beforeFar := runesBefore(leaves, i)
			after, afterFar := runesAfter(leaves, i+1)
			if joinsLineBreak(before, beforeFar) && joinsLineBreak(after, afterFar) {
				t.SetSoftLineBreak(false)
			}
		}
		return ast.WalkSkipChildren, nil
	})
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

// runesBefore returns the last character up to and including leaves[i] and
// the one before it.
func runesBefore(leaves []leaf, i int) (last, prev rune) {
	for ; i >= 0 && !leaves[i].opaque; i-- {
		if len(leaves[i].value) == 0 {
			continue
		}
		l, p := lastRunes(leaves[i].value)
		if last == 0 {
			last = l
			if p == 0 {
				continue
			}
			return last, p
		}
		return last, l
	}
	return last, 0
}

// runesAfter returns the first character from leaves[i] on and the one
// after it.
func runesAfter(leaves []leaf, i int) (first, next rune) {
	for ; i < len(leaves) && !leaves[i].opaque; i++ {
		if len(leaves[i].value) == 0 {
			continue
		}
		f, n := firstRunes(leaves[i].value)
		if first == 0 {
			first = f
			if n == 0 {
				continue
			}
			return first, n
		}
		return first, f
	}
	return first, 0
}
