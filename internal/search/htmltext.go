package search

import (
	"html"
	"strings"
)

// blockTags end a line of text; cellTags a cell of a table row.
var (
	blockTags = map[string]bool{
		"p": true, "div": true, "br": true, "hr": true, "li": true, "ul": true, "ol": true,
		"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
		"blockquote": true, "pre": true, "table": true, "thead": true, "tbody": true, "tr": true,
		"dl": true, "dt": true, "dd": true, "figure": true, "figcaption": true, "section": true,
		"details": true, "summary": true, "caption": true,
	}
	cellTags = map[string]bool{"td": true, "th": true}
)

// HTMLText returns the plain text of a rendered body: one line for each
// paragraph, heading, list item or table row, table cells separated by a
// space, character references decoded, runs of white space collapsed, and
// nothing of footnote reference marks. The search index reads the text of
// each page from the body the site already holds, so that a build never
// keeps a second copy of every page's text.
func HTMLText(body string) string {
	var b strings.Builder
	b.Grow(len(body)) // the text is shorter than its HTML
	space := false    // a space is due before the next text
	newline := true   // at the start of a line (nothing written on it yet)
	pre := 0          // inside <pre>: keep line breaks
	skip := ""        // inside an element whose text is left out
	brk := func() {
		if !newline {
			b.WriteByte('\n')
			newline = true
		}
		space = false
	}
	for i := 0; i < len(body); {
		if body[i] == '<' {
			end := tagEnd(body, i)
			tag := body[i+1 : end]
			i = end + 1
			closing := strings.HasPrefix(tag, "/")
			name := strings.ToLower(tagName(strings.TrimPrefix(tag, "/")))
			switch {
			case skip != "":
				if closing && name == skip {
					skip = ""
				}
			case !closing && (strings.Contains(tag, `id="fnref`) || strings.Contains(tag, "footnote-backref")):
				skip = name // a footnote's number, or its way back
			case blockTags[name]:
				if name == "pre" {
					if closing {
						pre--
					} else {
						pre++
					}
				}
				brk()
			case cellTags[name]:
				space = !newline
			}
			continue
		}
		j := strings.IndexByte(body[i:], '<')
		if j < 0 {
			j = len(body) - i
		}
		text := body[i : i+j]
		i += j
		if skip != "" {
			continue
		}
		if strings.IndexByte(text, '&') >= 0 {
			text = strings.ReplaceAll(html.UnescapeString(text), "\u00a0", " ")
		}
		for k := 0; k < len(text); {
			c := text[k]
			switch {
			case c == '\n' && pre > 0:
				brk()
				k++
			case c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f':
				space = !newline
				k++
			default:
				end := k + 1
				for end < len(text) && !isSpace(text[end]) {
					end++
				}
				if space {
					b.WriteByte(' ')
					space = false
				}
				b.WriteString(text[k:end])
				newline = false
				k = end
			}
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// tagEnd returns the index of the '>' that ends the tag starting at i,
// passing over quoted attribute values; len(s)-1 if there is none.
func tagEnd(s string, i int) int {
	quote := byte(0)
	for j := i + 1; j < len(s); j++ {
		c := s[j]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return j
		}
	}
	return len(s) - 1
}

func tagName(tag string) string {
	for i := 0; i < len(tag); i++ {
		if c := tag[i]; c == ' ' || c == '/' || c == '\t' || c == '\n' || c == '>' {
			return tag[:i]
		}
	}
	return tag
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'
}
