package importer

import (
	"fmt"
	"github.com/dudao/dudao/internal/frontmatter"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/width"

	"github.com/dudao/dudao"
	"github.com/dudao/dudao/internal/build"
	"github.com/dudao/dudao/internal/config"
	"github.com/dudao/dudao/internal/content"
	"github.com/dudao/dudao/internal/diag"
	"github.com/dudao/dudao/internal/textfile"
)

// seed000 is the Tongling bulletin the example site's issue 2020-10 was made
// from by hand.
const seed000 = "../../../shared/seeds/000_accfb1db0a76431f.txt"

// seedPath finds seed 000: beside the repository in the shared folder, or
// where DUDAO_SEED000 says.
func seedPath(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("DUDAO_SEED000"), seed000, "/work/shared/seeds/000_accfb1db0a76431f.txt"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Skip("seed 000 not found (set DUDAO_SEED000)")
	return ""
}

// newSite makes a site with the example site's site.toml and
// data/districts.toml and nothing else.
func newSite(t *testing.T) string {
	t.Helper()
	site := t.TempDir()
	copyFile(t, "../../site.toml", filepath.Join(site, "site.toml"))
	copyFile(t, "../../data/districts.toml", filepath.Join(site, "data", "districts.toml"))
	return site
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func mustImport(t *testing.T, opt Options) *Result {
	t.Helper()
	res, err := Import(opt)
	if err != nil {
		t.Fatalf("import %s: %v", opt.File, err)
	}
	return res
}

// buildSite builds site with the real pipeline and returns the output folder.
func buildSite(t *testing.T, site string) string {
	t.Helper()
	dest := t.TempDir()
	res, err := build.Build(build.Options{SiteDir: site, Dest: dest, Theme: dudao.Theme})
	if err != nil {
		t.Fatalf("the imported site does not build:\n%v", err)
	}
	for _, w := range res.Warnings {
		if !strings.Contains(w.Msg, "base_url") {
			t.Logf("build warning: %s", w)
		}
	}
	return dest
}

// loadSite loads a site with internal/content, as a build does.
func loadSite(t *testing.T, dir string) *content.Site {
	t.Helper()
	list := &diag.List{}
	cfg := config.Load(dir, list)
	s := content.Load(dir, cfg, list)
	if err := list.Err(); err != nil {
		t.Fatalf("loading %s:\n%v", dir, err)
	}
	return s
}

func issueOf(t *testing.T, s *content.Site, slug string) *content.Issue {
	t.Helper()
	for _, is := range s.Issues {
		if is.Slug == slug {
			return is
		}
	}
	t.Fatalf("no issue %s in %s", slug, s.Dir)
	return nil
}

func readString(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// inputLine is a line (or Word paragraph) of an input and its number.
type inputLine struct {
	no   int
	text string
}

// textLines reads a text file into numbered lines, independently of the
// importer's own reading.
func textLines(t *testing.T, path string) []inputLine {
	t.Helper()
	text, _, err := textfile.Decode([]byte(readString(t, path)))
	if err != nil {
		t.Fatal(err)
	}
	var out []inputLine
	for i, l := range strings.Split(text, "\n") {
		out = append(out, inputLine{i + 1, l})
	}
	return out
}

// norm is the test's own layout normalisation: full-width forms made
// half-width, every kind of space removed, and the bracket shapes unified.
func norm(s string) string {
	s = width.Narrow.String(s)
	s = strings.NewReplacer("〔", "(", "〕", ")", "【", "(", "】", ")").Replace(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' {
			return -1
		}
		return r
	}, s)
}

var (
	tagRe        = regexp.MustCompile(`(?s)<[^>]*>`)
	numberingRe  = regexp.MustCompile(`^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十0-9]{1,3}\)|[0-9]{1,2}[、.]|[①-⑳]|[●◆■□◇★☆•▪►·])`)
	wordRe       = regexp.MustCompile(`[\p{L}\p{N}]+`)
	testPageRe   = regexp.MustCompile(`^[-—–~]*(?:第)?[0-9]{1,3}(?:页)?[-—–~]*$`)
	testRuleRe   = regexp.MustCompile(`^[-—_=━─·.…*~]{3,}$`)
	testIssueNum = regexp.MustCompile(`第[0-9]+期`)
)

// arabicDate writes a date in Chinese numerals, 二〇二一年六月十日, in figures,
// 2021年6月10日; "" if s is not one.
func arabicDate(s string) string {
	m := regexp.MustCompile(`^([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$`).FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	digit := func(r rune) int {
		for i, d := range []rune("〇一二三四五六七八九") {
			if d == r {
				return i
			}
		}
		return -1
	}
	year := ""
	for _, r := range m[1] {
		if r == '○' || r == '零' {
			r = '〇'
		}
		year += fmt.Sprint(digit(r))
	}
	small := func(s string) int {
		rs := []rune(s)
		switch {
		case len(rs) == 1 && rs[0] == '十':
			return 10
		case len(rs) == 1:
			return digit(rs[0])
		case rs[0] == '十':
			return 10 + digit(rs[1])
		case len(rs) == 2:
			return digit(rs[0]) * 10
		default:
			return digit(rs[0])*10 + digit(rs[2])
		}
	}
	return fmt.Sprintf("%s年%d月%d日", year, small(m[2]), small(m[3]))
}

// pageText is the text of the issue page as the site publishes it.
func pageText(t *testing.T, public, slug string) string {
	t.Helper()
	page := readString(t, filepath.Join(public, "bulletins", slug, "index.html"))
	return norm(html.UnescapeString(tagRe.ReplaceAllString(page, " ")))
}

// checkNoWordLost checks the promise of the import: every non-blank piece of
// the input is in the published issue page, in the input's order, except
// what the import reported as layout. Each such line is checked here to be
// what the report says it is (a page number, a rule, a running head, a unit
// heading whose district the article names, a contents entry, a line kept in
// index.md), so the report cannot hide a lost word.
//
// A piece is looked for whole; if it is not there whole (a label the site
// prints differently, "编者按：" before the note), each of its words (runs of
// letters and digits) must be there in order.
func checkNoWordLost(t *testing.T, in []inputLine, res *Result, public string) {
	t.Helper()
	for _, p := range noWordLost(t, in, res, public) {
		t.Error(p)
	}
}

// noWordLost returns the problems checkNoWordLost reports.
func noWordLost(t *testing.T, in []inputLine, res *Result, public string) []string {
	t.Helper()
	var problems []string
	errorf := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	page := pageText(t, public, res.Slug)
	index := readString(t, filepath.Join(res.Dir, "index.md"))
	series := norm(res.p.is.series)

	skip := map[int]bool{}
	remove := map[int][]string{}
	byNo := map[int]string{}
	for _, l := range in {
		byNo[l.no] = l.text
	}
	for _, l := range res.Layout() {
		n := norm(l.Text)
		ok := false
		switch {
		case strings.Contains(l.Why, "页码"), strings.Contains(l.Why, "横线"):
			ok = testPageRe.MatchString(n) || testRuleRe.MatchString(n)
		case strings.Contains(l.Why, "页眉"):
			ok = series != "" && strings.HasPrefix(n, series) && (n == series || testIssueNum.MatchString(n))
		case strings.Contains(l.Why, "本期要目"):
			ok = strings.Contains(n, "要目") || strings.Contains(n, "目录")
		case strings.Contains(l.Why, "编者按"):
			ok = strings.Contains(n, "编者按")
		}
		if !ok {
			errorf("line %d %q was dropped as %q, which it is not", l.No, l.Text, l.Why)
		}
		skip[l.No] = true
	}
	for _, f := range res.Fixes() {
		if runes(norm(f.Text)) != 1 {
			errorf("line %d %q was changed: %s", f.No, f.Text, f.Why)
		}
		skip[f.No] = true
	}
	for _, e := range res.p.is.contents {
		if e.match == "" {
			continue // kept as an unplaced line: checked below
		}
		if !strings.Contains(norm(e.match), norm(e.text)) && !strings.Contains(norm(e.text), norm(e.match)) {
			errorf("contents entry %q (line %d) is said to name %q", e.text, e.no, e.match)
		}
		skip[e.no] = true
	}
	for _, u := range res.Units() {
		ok := false
		if u.ID == "" {
			for _, f := range res.Files {
				if strings.Contains(readString(t, f), `source = "`+u.Text+`"`) {
					ok = true
				}
			}
		} else {
			for _, d := range res.p.ds {
				if d.ID == u.ID && (strings.HasPrefix(norm(u.Text), norm(d.Name)) || d.Short != "" && strings.HasPrefix(norm(u.Text), norm(d.Short))) {
					ok = true
				}
			}
		}
		if !ok {
			errorf("unit heading %q (line %d) is not kept: matched %q", u.Text, u.No, u.ID)
		}
		skip[u.No] = true
	}
	for _, u := range res.Unplaced() {
		if !strings.Contains(index, frontmatter.Quote(u.Text)) {
			errorf("unplaced line %d %q is not kept in index.md", u.No, u.Text)
		}
		if strings.TrimSpace(byNo[u.No]) == strings.TrimSpace(u.Text) {
			skip[u.No] = true
		} else {
			remove[u.No] = append(remove[u.No], u.Text)
		}
	}

	pos := 0
	for _, l := range in {
		if skip[l.no] {
			continue
		}
		text := l.text
		for _, r := range remove[l.no] {
			text = strings.Replace(text, r, " ", 1)
		}
		for _, piece := range strings.Fields(text) {
			tok := norm(piece)
			for {
				loc := numberingRe.FindStringIndex(tok)
				if loc == nil || loc[1] == 0 {
					break
				}
				tok = tok[loc[1]:]
			}
			if tok == "" {
				continue
			}
			if i := strings.Index(page[pos:], tok); i >= 0 {
				pos += i + len(tok)
				continue
			}
			if d := arabicDate(tok); d != "" {
				// A date in Chinese numerals, printed by the site in figures.
				if i := strings.Index(page[pos:], d); i >= 0 {
					pos += i + len(d)
					continue
				}
			}
			for _, w := range wordRe.FindAllString(tok, -1) {
				i := strings.Index(page[pos:], w)
				if i < 0 {
					near := page[pos:]
					if len(near) > 120 {
						near = near[:120]
					}
					errorf("line %d: %q (of %q) is missing from the published issue after position %d (%q…)", l.no, w, piece, pos, near)
					return problems
				}
				pos += i + len(w)
			}
		}
	}
	return problems
}
