package content

import (
	"fmt"
	"net/url"
	"path"
	"strings"
	"unicode"
)

// checkSegment returns an error if s cannot be one segment of an output path:
// slugs, file names and ids become folder names in the site, so they must not
// climb out of it or break a URL.
func checkSegment(s string) error {
	switch {
	case s == "":
		return fmt.Errorf("不能为空")
	case s == "." || s == ".." || strings.Contains(s, ".."):
		return fmt.Errorf("“%s”不能含有 ..", s)
	case strings.HasPrefix(s, "."):
		return fmt.Errorf("“%s”不能以点开头", s)
	}
	for _, r := range s {
		if r == '/' || r == '\\' || r == '?' || r == '#' || r == '%' || r == '"' || r == '<' || r == '>' ||
			r == '|' || r == '*' || r == ':' || r == '\'' || r == '`' || unicode.IsControl(r) || unicode.IsSpace(r) {
			return fmt.Errorf("“%s”里不能有空格或字符 %q（网址中会出错）", s, r)
		}
	}
	return nil
}

// keywordSegment makes a keyword usable as a folder name, keeping Chinese.
func keywordSegment(k string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(k) {
		switch {
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			b.WriteRune(unicode.ToLower(r))
		case r == '-' || r == '_' || r == '·':
			b.WriteRune(r)
		default:
			b.WriteRune('-')
		}
	}
	s := strings.Trim(b.String(), "-")
	if s == "" || s == "." || s == ".." {
		return "keyword"
	}
	return s
}

// Rel returns the relative URL that leads from the page at from (a site URL
// such as "bulletins/2020-10/") to the site URL to. Directory URLs keep their
// trailing slash; Chinese and other special characters are percent-encoded.
func Rel(from, to string) string {
	fromDir := from
	if !strings.HasSuffix(fromDir, "/") {
		fromDir = path.Dir(fromDir) + "/"
		if fromDir == "./" {
			fromDir = ""
		}
	}
	depth := strings.Count(fromDir, "/")
	var frag string
	if i := strings.IndexByte(to, '#'); i >= 0 {
		to, frag = to[:i], to[i:]
	}
	// Drop the common leading directories.
	fromParts := strings.Split(strings.TrimSuffix(fromDir, "/"), "/")
	if fromDir == "" {
		fromParts = nil
	}
	toParts := strings.Split(to, "/")
	i := 0
	for i < len(fromParts) && i < len(toParts)-1 && fromParts[i] == toParts[i] {
		i++
	}
	up := depth - i
	var b strings.Builder
	for j := 0; j < up; j++ {
		b.WriteString("../")
	}
	rest := toParts[i:]
	for j, p := range rest {
		if j > 0 {
			b.WriteByte('/')
		}
		b.WriteString(url.PathEscape(p))
	}
	s := b.String()
	if s == "" {
		s = "./"
	}
	return s + frag
}
