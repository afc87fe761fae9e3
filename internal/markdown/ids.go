package markdown

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
)

// headingIDs is the parser.IDs of one document. It turns heading text into
// IDs that keep Chinese (and every other script): "第3章：数据" becomes
// "第3章数据", "Hello World" becomes "hello-world". Repeated IDs get "-1",
// "-2", … and text without letters or digits falls back to "section".
type headingIDs struct {
	used map[string]bool
}

var _ parser.IDs = (*headingIDs)(nil)

func newHeadingIDs() *headingIDs { return &headingIDs{used: map[string]bool{}} }

// Generate implements parser.IDs. value is the heading's plain text.
func (s *headingIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	base := slug(string(value))
	if base == "" {
		base = "section"
	}
	id := base
	for i := 1; s.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	s.used[id] = true
	return []byte(id)
}

// Put implements parser.IDs: it reserves an ID chosen elsewhere.
func (s *headingIDs) Put(value []byte) { s.used[string(value)] = true }

// slug keeps letters, digits and combining marks of any script, lower-cases
// ASCII letters, turns whitespace and hyphen-like characters (including '_')
// into '-', drops everything else, and collapses and trims the '-'.
func slug(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	dash := false
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
		case unicode.IsSpace(r) || isHyphen(r):
			dash = b.Len() > 0
			continue
		default:
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isHyphen(r rune) bool {
	switch r {
	case '-', '_', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015',
		'\u2212', '\u2E3A', '\u2E3B', '\u301C', '\uFE58', '\uFE63', '\uFF0D', '\uFF3F':
		return true
	}
	return false
}
