package markdown

import (
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/util"
)

// Character classes used by the emphasis parser and the line-break pass.

// isEastAsianPunct reports whether r is punctuation (or a symbol) from the
// East Asian blocks: CJK Symbols and Punctuation (U+3000–U+303F), Vertical
// Forms (U+FE10–U+FE1F), CJK Compatibility Forms and Small Form Variants
// (U+FE30–U+FE6F), and the punctuation of Halfwidth and Fullwidth Forms
// (U+FF01–U+FF65). The ideographic space U+3000 is whitespace, not
// punctuation.
func isEastAsianPunct(r rune) bool {
	switch {
	case r >= 0x3001 && r <= 0x303F,
		r >= 0xFE10 && r <= 0xFE1F,
		r >= 0xFE30 && r <= 0xFE6F,
		r >= 0xFF01 && r <= 0xFF65:
		return util.IsPunctRune(r)
	}
	return false
}

// isCJK reports whether r is a Chinese, Japanese or Korean character:
// Han, kana, Hangul, Bopomofo, or anything from the East Asian punctuation and
// full-width blocks.
func isCJK(r rune) bool {
	if r < 0x1100 {
		return false
	}
	switch {
	case r >= 0x3000 && r <= 0x303F, // CJK symbols and punctuation
		r >= 0x3040 && r <= 0x30FF, // kana, including ー and ・
		r >= 0xFE10 && r <= 0xFE1F,
		r >= 0xFE30 && r <= 0xFE6F,
		r >= 0xFF00 && r <= 0xFFEF: // halfwidth and fullwidth forms
		return true
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana,
		unicode.Hangul, unicode.Bopomofo)
}

// punctAsLetter decides, for a punctuation character p standing next to a
// delimiter run, whether the flanking rules should treat it as an ordinary
// letter. East Asian punctuation always is one; any other punctuation
// (curly quotes, …, —, ·, and ASCII punctuation too) is one only when it is
// used in CJK context: the character on the other side of the delimiter run
// (other) or the character beyond p (far) is CJK. Text without CJK
// characters therefore gets exactly the CommonMark classification.
func punctAsLetter(p, other, far rune) bool {
	return isEastAsianPunct(p) || isCJK(other) || isCJK(far)
}

// dropLineBreak decides a soft line break between before and after
// (beforeFar precedes before, afterFar follows after). The break is removed,
// instead of becoming a space, when
//
//   - both sides are East Asian (goldmark's "Simple" rule), where
//     punctuation such as curly quotes or an ASCII comma counts as East
//     Asian when its other neighbour is: “引号”⏎后文 joins like 引号⏎后文;
//   - or either side is East Asian punctuation, which carries its own
//     spacing: 中文，⏎English and 工作要点，⏎10月 join too (the same idea as
//     CSS Text 3's segment break rules, which goldmark's CSS3Draft style
//     applies to every punctuation character, ASCII included, and so
//     would glue "Hello,⏎world").
//
// Hangul never joins: Korean separates words with spaces.
func dropLineBreak(beforeFar, before, after, afterFar rune) bool {
	if unicode.Is(unicode.Hangul, before) || unicode.Is(unicode.Hangul, after) {
		return false
	}
	if isEastAsianPunct(before) || isEastAsianPunct(after) {
		return true
	}
	return eastAsianSide(before, beforeFar) && eastAsianSide(after, afterFar)
}

// eastAsianSide reports whether r, with neighbour far away from the line
// break, is on the East Asian side of a break.
func eastAsianSide(r, far rune) bool {
	if isCJK(r) || util.IsEastAsianWideRune(r) {
		return !unicode.Is(unicode.Hangul, r)
	}
	return util.IsPunctRune(r) && isCJK(far) && !unicode.Is(unicode.Hangul, far)
}

// lastRunes returns the last rune of b and the one before it (0 when absent).
func lastRunes(b []byte) (last, prev rune) {
	if len(b) == 0 {
		return 0, 0
	}
	last, n := utf8.DecodeLastRune(b)
	if n < len(b) {
		prev, _ = utf8.DecodeLastRune(b[:len(b)-n])
	}
	return last, prev
}

// firstRunes returns the first rune of b and the one after it (0 when absent).
func firstRunes(b []byte) (first, next rune) {
	if len(b) == 0 {
		return 0, 0
	}
	first, n := utf8.DecodeRune(b)
	if n < len(b) {
		next, _ = utf8.DecodeRune(b[n:])
	}
	return first, next
}
