package markdown

import (
	"strings"
	"unicode"

	"github.com/yuin/goldmark/util"
)

// safeURL reports whether a link or image destination may be used. u is the
// destination as the browser will see it (escapes and character references
// already decoded). The policy is an allow-list:
//
//   - no scheme (relative paths, "/abs", "//host/x", "?q", "#frag"): safe;
//   - http, https, mailto, tel: safe;
//   - data: only for images, and only data:image/png, jpeg, gif or webp;
//   - anything else (javascript:, vbscript:, file:, data:text/html, unknown
//     schemes): unsafe.
//
// To see through tricks such as "java\tscript:", " JaVaScRiPt:" or
// "java\x00script:", whitespace, control and format characters are removed
// from the text before the first ':' and it is lower-cased. If what is left
// is not valid scheme syntax (ASCII letter, then letters, digits, '+', '-',
// '.'), browsers cannot read a scheme either (they remove fewer characters
// than we do), so the destination is relative: "第3章:数据.html" is kept.
func safeURL(u string, image bool) bool {
	end := strings.IndexAny(u, "/?#")
	if end < 0 {
		end = len(u)
	}
	colon := strings.IndexByte(u[:end], ':')
	if colon < 0 {
		return true
	}
	scheme := cleanScheme(u[:colon])
	if !validScheme(scheme) {
		return true
	}
	switch scheme {
	case "http", "https", "mailto", "tel":
		return true
	case "data":
		if !image {
			return false
		}
		rest := strings.ToLower(cleanScheme(u[colon+1:]))
		for _, t := range []string{"image/png", "image/jpeg", "image/gif", "image/webp"} {
			if strings.HasPrefix(rest, t) && len(rest) > len(t) && (rest[len(t)] == ';' || rest[len(t)] == ',') {
				return true
			}
		}
	}
	return false
}

func validScheme(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// cleanScheme lower-cases s and drops whitespace, control and format
// characters from it.
func cleanScheme(s string) string {
	return strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f || unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// decodeDestination turns a Markdown destination as written in the source
// into the URL it stands for: backslash escapes removed, numeric and named
// character references resolved.
func decodeDestination(raw []byte) string {
	v := util.UnescapePunctuations(raw)
	v = util.ResolveNumericReferences(v)
	v = util.ResolveEntityNames(v)
	return string(v)
}

// encodeDestination is the inverse of decodeDestination for goldmark's HTML
// renderer, which decodes link destinations once more before it
// percent-encodes them: a destination we have already decoded (and
// resolved) must come out unchanged.
func encodeDestination(u string) []byte {
	if !strings.ContainsAny(u, `\&`) {
		return []byte(u)
	}
	r := strings.NewReplacer(`\`, `\\`, `&`, `&amp;`)
	return []byte(r.Replace(u))
}
