package search

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Kind is what a token is made of.
type Kind uint8

// The kinds of token. The index keeps every kind; a query uses the ones that
// make its terms exact (see Terms).
const (
	Han1  Kind = iota + 1 // one Han character: 督
	Han2                  // two adjacent Han characters: 督导
	Han3                  // three adjacent Han characters: 督导组
	Word                  // a run of letters and digits other than Han: 2020, pisa, rex
	Joint                 // a word and the Han character right after or before it: 127条, 第3
)

// MaxWord is the most characters of a word that count; longer words (a
// pasted URL, a serial number) are cut to this many in the index and in
// queries alike.
const MaxWord = 24

// Normalize returns s as the index and the browser see it: NFC, full-width
// letters and digits (Ａ ａ ０) folded to ASCII, and every character
// lower-cased on its own (simple case mapping: the first character of
// JavaScript's toLowerCase). Full-width punctuation stays as it is: it
// separates tokens as ASCII punctuation does.
func Normalize(s string) string {
	same := true // s is NFC and nothing folds
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				same = false
			}
			i++
			continue
		}
		r, size := decode(s, i)
		i += size
		if 0x4E00 <= r && r <= 0x9FFF {
			continue
		}
		if !nfcStable(r) {
			s = norm.NFC.String(s)
			same = false
			break
		}
		if same && fold(r) != r {
			same = false
		}
	}
	if same {
		return s
	}
	b := make([]byte, 0, len(s))
	for _, r := range s {
		b = utf8.AppendRune(b, fold(r))
	}
	return string(b)
}

// nfcStable reports whether r is one of the characters, common in Chinese
// text, that NFC leaves as they are whatever surrounds them (no
// decomposition, combining class 0, never combines with what comes before):
// checking these is much faster than normalizing.
func nfcStable(r rune) bool {
	switch {
	case r < 0x300, // ASCII, Latin-1, Latin Extended-A and -B, IPA
		0x4E00 <= r && r <= 0x9FFF, // CJK unified ideographs
		0x3000 <= r && r <= 0x3029, // CJK symbols and punctuation
		0x2010 <= r && r <= 0x2027, // dashes, quotation marks, ellipsis
		0x2030 <= r && r <= 0x205E, // per mille, primes, more punctuation
		0x2200 <= r && r <= 0x22FF, // mathematical operators: ≤ ≥
		0x2460 <= r && r <= 0x25FF, // ① ⑴ ⒈, box drawing, ■ □ ▲ ●
		0x3300 <= r && r <= 0x33FF, // CJK compatibility: ㎡ ㎞
		0xFF01 <= r && r <= 0xFF5E: // full-width forms
		return true
	}
	return false
}

// fold maps one character: full-width letters and digits to ASCII, then
// to lower case.
func fold(r rune) rune {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	case 0xFF10 <= r && r <= 0xFF19, 0xFF41 <= r && r <= 0xFF5A:
		return r - 0xFEE0
	case 0xFF21 <= r && r <= 0xFF3A:
		return r - 0xFEE0 + 'a' - 'A'
	case 0x3000 <= r && r <= 0x9FFF, 0xFF00 <= r && r <= 0xFFEF, isHan(r):
		return r // CJK punctuation, kana, Han, full-width signs: no case
	}
	return unicode.ToLower(r)
}

// isHan reports whether r is a Han character (JavaScript: /\p{Script=Han}/u).
func isHan(r rune) bool {
	if r < 0x2E80 {
		return false
	}
	if 0x4E00 <= r && r <= 0x9FFF {
		return true
	}
	return unicode.Is(unicode.Han, r)
}

// isWord reports whether r belongs to a word: a letter, decimal digit or
// combining mark that is not Han (JavaScript: /[\p{L}\p{Nd}\p{M}]/u).
func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.Is(unicode.Nd, r) || unicode.IsMark(r)
}

// Tokens calls emit for every token of s, which must be normalized:
//
//   - every Han character (Han1), every two (Han2) and three (Han3)
//     adjacent Han characters;
//   - every maximal run of other letters and digits (Word), cut to MaxWord
//     characters;
//   - a word together with the Han character directly before or after it,
//     with nothing between them (Joint: 127条).
//
// Anything else (spaces, punctuation) separates tokens and breaks runs.
// Tokens are substrings of s. The JavaScript in static/assets/js/search.js
// does exactly the same.
func Tokens(s string, emit func(tok string, k Kind)) {
	scan(s, func(tok string, _ uint64, k Kind) { emit(tok, k) })
}

// decode is utf8.DecodeRuneInString, faster for the three-byte characters
// of Chinese text.
func decode(s string, i int) (rune, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	if c&0xF0 == 0xE0 && i+2 < len(s) {
		c1, c2 := s[i+1], s[i+2]
		r := rune(c&0x0F)<<12 | rune(c1&0x3F)<<6 | rune(c2&0x3F)
		if c1&0xC0 == 0x80 && c2&0xC0 == 0x80 && r >= 0x800 && (r < 0xD800 || r > 0xDFFF) {
			return r, 3
		}
	}
	return utf8.DecodeRuneInString(s[i:])
}

// hanKey packs the code points of a Han token, 21 bits each, the first
// highest; it is never 0.
func hanKey(tok string) uint64 {
	var key uint64
	for _, r := range tok {
		key = key<<21 | uint64(r)
	}
	return key
}

// scan is Tokens, also giving the hanKey of Han tokens (0 for the others).
func scan(s string, emit func(tok string, key uint64, k Kind)) {
	// h1, h2: starts of the previous two Han characters of the current run
	// (-1 if none), r1, r2 those characters; wordStart, wordEnd: the word
	// just before (wordEnd == i when it ends right here).
	h1, h2 := -1, -1
	var r1, r2 uint64
	wordStart, wordEnd := -1, -1
	for i := 0; i < len(s); {
		r, size := decode(s, i)
		switch {
		case r >= 0x2E80 && isHan(r):
			end := i + size
			k := uint64(r)
			emit(s[i:end], k, Han1)
			if h1 >= 0 {
				emit(s[h1:end], r1<<21|k, Han2)
				if h2 >= 0 {
					emit(s[h2:end], r2<<42|r1<<21|k, Han3)
				}
			} else if wordEnd == i {
				emit(s[wordStart:end], 0, Joint)
			}
			h2, h1 = h1, i
			r2, r1 = r1, k
			i = end
		case isWord(r):
			start := i
			n := 0
			end := i
			for i < len(s) {
				r, size := decode(s, i)
				if !isWord(r) || r >= 0x2E80 && isHan(r) {
					break
				}
				i += size
				if n < MaxWord {
					end = i
					n++
				}
			}
			emit(s[start:end], 0, Word)
			if h1 >= 0 {
				emit(s[h1:end], 0, Joint)
			}
			h1, h2 = -1, -1
			wordStart, wordEnd = start, i
			if end != i {
				wordEnd = -1 // cut: no joint token after it
			}
		default:
			h1, h2 = -1, -1
			i += size
		}
	}
}

// Hash is FNV-1a (32 bits) of the token's UTF-8 bytes: the shard a token's
// postings are in is Hash(tok) % shards.
func Hash(tok string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(tok); i++ {
		h ^= uint32(tok[i])
		h *= 16777619
	}
	return h
}
