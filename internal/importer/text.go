package importer

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// fold is the form of a line the recognisers look at: full-width letters,
// digits and ASCII punctuation made half-width, the ideographic space made a
// space, and then every space removed ("(2020) 第 10 期" and "（２０２０）第１０期"
// both become "(2020)第10期"). The text that is written out keeps its own
// characters; only the layout is normalised there (see tidy).
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == '〔' || r == '【':
			r = '('
		case r == '〕' || r == '】':
			r = ')'
		case r == '○' || r == 'Ｏ':
			r = '〇'
		}
		if isSpace(r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isSpace reports layout whitespace, including the ideographic and no-break
// spaces and the zero-width characters PDF copies leave behind.
func isSpace(r rune) bool {
	switch r {
	case '\u00a0', '\u3000', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return true
	}
	return unicode.IsSpace(r)
}

// wide reports a character of Chinese text: Han, CJK and full-width
// punctuation, and the quotes, dashes and dots set with them. A space between
// two of these is a layout accident (a PDF line end, a justified line).
func wide(r rune) bool {
	switch {
	case unicode.Is(unicode.Han, r):
		return true
	case r >= 0x3000 && r <= 0x303F, r >= 0xFF01 && r <= 0xFF60, r >= 0xFE30 && r <= 0xFE4F:
		return true
	case r == '“' || r == '”' || r == '‘' || r == '’' || r == '—' || r == '…' || r == '·' || r == '・':
		return true
	}
	return false
}

// tidy returns the text of a line as it is published: zero-width characters
// and the indentation dropped, runs of spaces made one, and a space between
// two Chinese characters removed ("国家义务教育 优质均衡" → "国家义务教育优质均衡").
// Spaces next to digits or Latin letters stay ("2020 年 10 月").
func tidy(s string) string {
	rs := make([]rune, 0, len(s))
	for _, r := range s {
		switch r {
		case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
			continue
		}
		if isSpace(r) {
			r = ' '
		}
		rs = append(rs, r)
	}
	var out []rune
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r != ' ' {
			out = append(out, r)
			continue
		}
		j := i
		for j < len(rs) && rs[j] == ' ' {
			j++
		}
		if len(out) > 0 && j < len(rs) && !(wide(out[len(out)-1]) && wide(rs[j])) {
			out = append(out, ' ')
		}
		i = j - 1
	}
	return string(out)
}

// joinText joins two pieces of one sentence that a line break cut apart:
// Chinese text runs on without a space, Latin words keep one.
func joinText(a, b string) string {
	if a == "" || b == "" {
		return a + b
	}
	last, _ := utf8.DecodeLastRuneInString(a)
	first, _ := utf8.DecodeRuneInString(b)
	if last < utf8.RuneSelf && first < utf8.RuneSelf && (isAlnum(last) || last == ',' || last == ';') && isAlnum(first) {
		return a + " " + b
	}
	return a + b
}

func isAlnum(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}

// runes is the length of s in characters.
func runes(s string) int { return utf8.RuneCountInString(s) }

// printWidth is the printed width of s in Chinese characters: half-width
// characters count a half.
func printWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r < 0x2E80 {
			w += 0.5
		} else {
			w++
		}
	}
	return w
}

// terminal is what a sentence or a paragraph may end with.
const terminal = "。！？!?…；;：:”’」』"

// closed reports whether text ends a sentence, so that what follows a page
// break starts a new paragraph rather than continuing this one.
func closed(s string) bool {
	s = strings.TrimRightFunc(s, isSpace)
	r, _ := utf8.DecodeLastRuneInString(s)
	if strings.ContainsRune(terminal, r) {
		return true
	}
	if r == '"' || r == '）' || r == ')' || r == '】' || r == '*' {
		// A closing quote or bracket ends a sentence when a full stop is
		// inside it: …”  …。）
		t := strings.TrimRight(s, "\"）)】*")
		p, _ := utf8.DecodeLastRuneInString(t)
		return strings.ContainsRune(terminal, p)
	}
	return false
}

// enumStart matches the start of an enumerated item, which never continues
// the paragraph before it.
var enumStart = regexp.MustCompile(`^(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[，,、]|首先|其次|再次|[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．]|[(（][一二三四五六七八九十\d]{1,3}[)）]|[①-⑳]|[●◆■□◇★☆•▪►])`)

// Chinese numerals.

var digitOf = map[rune]int{
	'〇': 0, '零': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
}

// chineseNumber reads 一 … 九十九 (and 一百 …), or Arabic digits.
func chineseNumber(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(s); err == nil {
		return n, true
	}
	total, cur := 0, -1
	for _, r := range s {
		switch r {
		case '十':
			if cur < 0 {
				cur = 1
			}
			total += cur * 10
			cur = -1
		case '百':
			if cur < 0 {
				cur = 1
			}
			total += cur * 100
			cur = -1
		default:
			d, ok := digitOf[r]
			if !ok {
				return 0, false
			}
			cur = d
		}
	}
	if cur > 0 {
		total += cur
	}
	return total, true
}

// chineseYear reads a year written digit by digit: 二〇二〇.
func chineseYear(s string) (int, bool) {
	n := 0
	count := 0
	for _, r := range s {
		d, ok := digitOf[r]
		if !ok {
			return 0, false
		}
		n = n*10 + d
		count++
	}
	return n, count == 4
}

// ymd is a calendar date as the text gives it.
type ymd struct{ Y, M, D int }

func (d ymd) valid() bool {
	return d.Y >= 1949 && d.Y <= 2200 && d.M >= 1 && d.M <= 12 && d.D >= 1 && d.D <= 31
}

// String is the TOML form, 2020-12-31.
func (d ymd) String() string {
	return strconv.Itoa(d.Y) + "-" + pad2(d.M) + "-" + pad2(d.D)
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

var (
	dateNumRe = regexp.MustCompile(`(\d{4})年(\d{1,2})月(\d{1,2})日`)
	dateSepRe = regexp.MustCompile(`(\d{4})[-./](\d{1,2})[-./](\d{1,2})`)
	dateCnRe  = regexp.MustCompile(`([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日`)
)

// findDate finds the first full date in folded text, in any of the forms
// bulletins print: 2020年12月31日, 2020-12-31, 2020.12.31, 二〇二〇年十二月三十一日.
// It returns the date and where it stands in f.
func findDate(f string) (ymd, int, int, bool) {
	type cand struct {
		d          ymd
		start, end int
	}
	var best *cand
	try := func(loc []int, d ymd) {
		if loc == nil || !d.valid() {
			return
		}
		if best == nil || loc[0] < best.start {
			best = &cand{d, loc[0], loc[1]}
		}
	}
	if m := dateNumRe.FindStringSubmatchIndex(f); m != nil {
		y, _ := strconv.Atoi(f[m[2]:m[3]])
		mo, _ := strconv.Atoi(f[m[4]:m[5]])
		d, _ := strconv.Atoi(f[m[6]:m[7]])
		try(m, ymd{y, mo, d})
	}
	if m := dateSepRe.FindStringSubmatchIndex(f); m != nil {
		y, _ := strconv.Atoi(f[m[2]:m[3]])
		mo, _ := strconv.Atoi(f[m[4]:m[5]])
		d, _ := strconv.Atoi(f[m[6]:m[7]])
		try(m, ymd{y, mo, d})
	}
	if m := dateCnRe.FindStringSubmatchIndex(f); m != nil {
		y, _ := chineseYear(f[m[2]:m[3]])
		mo, _ := chineseNumber(f[m[4]:m[5]])
		d, _ := chineseNumber(f[m[6]:m[7]])
		try(m, ymd{y, mo, d})
	}
	if best == nil {
		return ymd{}, 0, 0, false
	}
	return best.d, best.start, best.end, true
}

// Markdown escaping. Text from a bulletin is published as it is: characters
// that Markdown would read as markup are escaped so that they show.

var (
	inlineEscaper = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`,
		"<", `\<`, ">", `\>`, "~", `\~`, "|", `\|`, "&", `\&`)
	listStartRe = regexp.MustCompile(`^(\d{1,9})([.)])(\s)`)
)

// escapeInline escapes the inline markup characters of plain text.
func escapeInline(s string) string { return inlineEscaper.Replace(s) }

// escapeLineStart escapes what would make a line a heading, list, quote or
// rule. s is already escapeInline'd.
func escapeLineStart(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '#', '+', '-', '=':
		return `\` + s
	}
	if m := listStartRe.FindStringSubmatchIndex(s); m != nil {
		return s[:m[3]] + `\` + s[m[4]:]
	}
	return s
}

// escapeText is the Markdown for one line of plain text.
func escapeText(s string) string { return escapeLineStart(escapeInline(s)) }

// ASCII identifiers.

// slugPart keeps the ASCII letters, digits and dashes of s, lower-cased.
func slugPart(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			b.WriteRune(r)
		}
	}
	return strings.Trim(b.String(), "-")
}
