package markdown

import (
	"testing"

	"github.com/yuin/goldmark/parser"
)

// TestFlankingMatchesCommonMark compares our flanking rules with goldmark's
// (CommonMark's) for every pair of neighbours drawn from ASCII and from
// non-CJK Unicode letters, spaces and punctuation, including the curly
// quotes, dashes and dots that get special treatment next to CJK: without
// CJK around, nothing may change.
func TestFlankingMatchesCommonMark(t *testing.T) {
	var chars []rune
	for r := rune(0x20); r < 0x7f; r++ {
		chars = append(chars, r)
	}
	chars = append(chars, '\n', '\t', 0xa0, 'é', 'ß', 'Ω', '“', '”', '‘', '’', '…', '—', '–', '·', '«', '»', '¡', '€', '\u2009')
	far := []rune{' ', 'a', '.', '“', 'é'}
	for _, c := range []byte{'*', '_'} {
		for _, before := range chars {
			for _, after := range chars {
				if after == rune(c) {
					continue // part of the run
				}
				line := []byte(string(c) + string(after) + "\n")
				d := parser.ScanDelimiter(line, before, 1, theEmphasisDelimiters)
				for _, bf := range far {
					for _, af := range far {
						open, close := flanking(c, bf, before, after, af)
						if open != d.CanOpen || close != d.CanClose {
							t.Fatalf("%q between %q and %q (far %q, %q): got open=%v close=%v, CommonMark open=%v close=%v",
								c, before, after, bf, af, open, close, d.CanOpen, d.CanClose)
						}
					}
				}
			}
		}
	}
}

func TestFlankingCJK(t *testing.T) {
	tests := []struct {
		c                     byte
		bf, before, after, af rune
		wantOpen, wantClose   bool
	}{
		{'*', '粗', '：', '后', '文', true, true},   // **加粗：**后文 closes
		{'*', '前', '文', '“', '引', true, true},   // 前文**“引号 opens
		{'*', '号', '”', '后', '文', true, true},   // 引号”**后文 closes
		{'*', ' ', ' ', '强', '调', true, false},  // line start
		{'*', '强', '调', '，', '后', true, true},   // 强调*，后文
		{'_', '文', '中', '中', '文', false, false}, // 中文_中文 stays literal
		{'_', '（', '（', '强', '调', true, true},   // （_强调 opens
		{'_', '线', '：', '后', '文', true, true},   // 下划线：_后文 closes
		{'*', 'd', 'r', '“', 'q', false, true},  // word**“quote: CommonMark, no CJK
	}
	for _, tt := range tests {
		open, close := flanking(tt.c, tt.bf, tt.before, tt.after, tt.af)
		if open != tt.wantOpen || close != tt.wantClose {
			t.Errorf("%q between %q%q and %q%q: open=%v close=%v, want %v %v",
				tt.c, tt.bf, tt.before, tt.after, tt.af, open, close, tt.wantOpen, tt.wantClose)
		}
	}
}
