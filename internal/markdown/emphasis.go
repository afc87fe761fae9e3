package markdown

import (
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// emphasisPriority is the priority of our emphasis parser. goldmark runs
// inline parsers with lower numbers first and registers its own emphasis
// parser at 500; New leaves goldmark's parser out altogether, so this value
// only matters if someone adds it back.
const emphasisPriority = 499

// emphasisDelimiters is the parser.DelimiterProcessor for '*' and '_'.
type emphasisDelimiters struct{}

func (emphasisDelimiters) IsDelimiter(b byte) bool { return b == '*' || b == '_' }

func (emphasisDelimiters) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	return opener.Char == closer.Char
}

func (emphasisDelimiters) OnMatch(consumes int) ast.Node { return ast.NewEmphasis(consumes) }

var theEmphasisDelimiters emphasisDelimiters

// emphasisParser replaces goldmark's emphasis parser. It scans a delimiter
// run exactly like goldmark does and then recomputes whether the run can
// open or close emphasis with CJK-aware flanking rules (see flanking).
type emphasisParser struct{}

func (emphasisParser) Trigger() []byte { return []byte{'*', '_'} }

func (emphasisParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	before := block.PrecendingCharacter()
	line, segment := block.PeekLine()
	d := parser.ScanDelimiter(line, before, 1, theEmphasisDelimiters)
	if d == nil {
		return nil
	}
	n := d.OriginalLength
	after, afterFar := rune(' '), rune(' ')
	if n < len(line) {
		after, afterFar = firstRunes(line[n:])
		if afterFar == 0 {
			afterFar = ' '
		}
	}
	beforeFar := rune(' ')
	if src := block.Source(); before != '\n' && segment.Start <= len(src) {
		if _, size := utf8.DecodeLastRune(src[:segment.Start]); size > 0 && size <= segment.Start {
			if r, s := utf8.DecodeLastRune(src[:segment.Start-size]); s > 0 {
				beforeFar = r
			}
		}
	}
	d.CanOpen, d.CanClose = flanking(d.Char, beforeFar, before, after, afterFar)
	d.Segment = segment.WithStop(segment.Start + n)
	block.Advance(n)
	pc.PushDelimiter(d)
	return d
}

// flanking computes CanOpen and CanClose for a delimiter run of char c,
// preceded by before (and beforeFar in front of it) and followed by after
// (and afterFar behind it). It is CommonMark's definition of left- and
// right-flanking delimiter runs with one change: punctuation next to the run
// that punctAsLetter accepts counts as a letter. So "**加粗：**后文" and
// "前文**“引号”**后文" close and open as a reader expects, while text without
// CJK characters is classified exactly as CommonMark says.
//
// '_' stays strict inside words: it can neither open nor close when both
// neighbours are genuine letters or digits (CommonMark classes, so CJK
// punctuation still breaks a word), which keeps snake_case_name and
// 中文_中文_中文 literal. '*' needs no extra relaxation: CommonMark already
// lets it work inside words, as in 中文*强调*中文.
func flanking(c byte, beforeFar, before, after, afterFar rune) (canOpen, canClose bool) {
	beforeSpace := util.IsSpaceRune(before)
	afterSpace := util.IsSpaceRune(after)
	beforePunctStrict := util.IsPunctRune(before)
	afterPunctStrict := util.IsPunctRune(after)
	beforePunct := beforePunctStrict && !punctAsLetter(before, after, beforeFar)
	afterPunct := afterPunctStrict && !punctAsLetter(after, before, afterFar)

	left := !afterSpace && (!afterPunct || beforeSpace || beforePunct)
	right := !beforeSpace && (!beforePunct || afterSpace || afterPunct)
	if c != '_' {
		return left, right
	}
	// CommonMark's "left && (!right || before is punctuation)" is the same
	// as "left && not between two letters"; stating it that way lets the
	// word test use the strict classes while flanking uses the relaxed ones.
	intraword := !beforeSpace && !afterSpace && !beforePunctStrict && !afterPunctStrict
	return left && !intraword, right && !intraword
}
