// Package tomlpos decodes TOML (site.toml, data files, front matter) and turns
// every problem into a diag.Problem with the line and column of the key it is
// about: parse errors, values of the wrong type, unknown keys (with a "did you
// mean"), and the checks callers make on decoded values (Pos gives them the
// line of any key).
package tomlpos

import (
	"encoding"
	"errors"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/dudao/dudao/internal/diag"
)

// Doc is a decoded TOML text with the position of every key in it.
type Doc struct {
	Path   string
	offset int                 // lines before the TOML text in its file (front matter)
	pos    map[string]Position // "footer.copies", "district[1].id" and "district.id" (first)
}

// Position is a key's place in the file, 1-based.
type Position struct{ Line, Col int }

var (
	lineRe    = regexp.MustCompile(`line (\d+)`)
	lastKeyRe = regexp.MustCompile(`last key "([^"]*)"`)
)

// Decode decodes src into v. src starts at line offset+1 of the file at path.
// Problems go to list; Decode returns false if any was an error. Keys of src
// that v has no field for are errors naming the nearest known key.
func Decode(path string, src []byte, offset int, v any, list *diag.List) (*Doc, bool) {
	doc := &Doc{Path: path, offset: offset, pos: scanKeys(string(src))}
	md, err := toml.NewDecoder(strings.NewReader(string(src))).Decode(v)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			line, col := pe.Position.Line, runeCol(src, pe.Position.Line, pe.Position.Col)
			if line == 0 && pe.LastKey != "" {
				p := doc.Pos(pe.LastKey)
				line, col = p.Line-offset, p.Col
			}
			list.Errorf(path, line+offset, col, "%s", describe(pe))
			return doc, false
		}
		// Type mismatches come back as plain errors naming the line and key.
		msg := err.Error()
		line, col := 0, 0
		if m := lastKeyRe.FindStringSubmatch(msg); m != nil {
			p := doc.Pos(m[1])
			line, col = p.Line, p.Col
		}
		if line == 0 {
			if m := lineRe.FindStringSubmatch(msg); m != nil {
				n, _ := strconv.Atoi(m[1])
				line = n + offset
			}
		}
		list.Errorf(path, line, col, "%s", translateTypeError(msg))
		return doc, false
	}
	ok := true
	for _, k := range md.Undecoded() {
		known := fieldNames(reflect.TypeOf(v), "")
		name := k.String()
		p := doc.Pos(name)
		hint := ""
		if s := nearest(name, known); s != "" {
			hint = "，是不是想写 " + s + "？"
		}
		list.Errorf(path, p.Line, p.Col, "不认识的字段 %s%s", name, hint)
		ok = false
	}
	return doc, ok
}

// Pos returns the position of a dotted key ("date", "footer.copies",
// "district[2].id") in the whole file; for an unknown key it returns the
// first line of the TOML text, so an error still points into the right part.
func (d *Doc) Pos(key string) Position {
	if p, ok := d.pos[key]; ok {
		return Position{p.Line + d.offset, p.Col}
	}
	return Position{d.offset + 1, 1}
}

// Has reports whether the key is written in the text.
func (d *Doc) Has(key string) bool {
	_, ok := d.pos[key]
	return ok
}

func describe(pe toml.ParseError) string {
	msg := pe.Message
	if msg == "" {
		msg = pe.Error()
	}
	return "TOML 格式错误：" + msg
}

func translateTypeError(msg string) string {
	msg = strings.TrimPrefix(msg, "toml: ")
	if m := lastKeyRe.FindStringSubmatch(msg); m != nil {
		if i := strings.Index(msg, "): "); i >= 0 {
			msg = msg[i+3:]
		}
		return "字段 " + m[1] + " 的值类型不对（" + msg + "）"
	}
	return "TOML 值类型不对：" + msg
}

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

// fieldNames lists the keys a Go value accepts ("title", "footer.copies"),
// from its fields' toml tags.
func fieldNames(t reflect.Type, prefix string) []string {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	var out []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if f.Anonymous && name == "" {
			out = append(out, fieldNames(f.Type, prefix)...)
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, prefix+name)
		// Tables, but not values that read themselves from text (dates).
		if f.Type.Kind() == reflect.Struct && !reflect.PointerTo(f.Type).Implements(textUnmarshaler) {
			out = append(out, fieldNames(f.Type, prefix+name+".")...)
		}
	}
	return out
}

// nearest suggests a decoded key within edit distance 2 of name.
func nearest(name string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := editDistance(name, k); d < bestD && d > 0 {
			best, bestD = k, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// scanKeys finds where each key is assigned. It reads the TOML line by line,
// well enough for positions: table headers, arrays of tables (indexed), dotted
// and quoted keys, and multi-line strings and arrays, which it skips.
func scanKeys(src string) map[string]Position {
	pos := map[string]Position{}
	table := ""
	counts := map[string]int{}
	inString := "" // the closing delimiter of a multi-line string being skipped
	depth := 0     // open brackets of a multi-line array or inline table
	for i, line := range strings.Split(src, "\n") {
		n := i + 1
		if inString != "" {
			if strings.Contains(line, inString) {
				inString = ""
			}
			continue
		}
		if depth > 0 {
			depth += bracketDelta(line)
			continue
		}
		trimmed := strings.TrimSpace(line)
		indent := len(line) - len(strings.TrimLeft(line, " \t"))
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "#"):
			continue
		case strings.HasPrefix(trimmed, "[["):
			name := normalizeKey(strings.TrimSuffix(strings.TrimPrefix(stripComment(trimmed), "[["), "]]"))
			idx := counts[name]
			counts[name]++
			table = name + "[" + strconv.Itoa(idx) + "]"
			record(pos, table, Position{n, indent + 1})
			continue
		case strings.HasPrefix(trimmed, "["):
			table = normalizeKey(strings.TrimSuffix(strings.TrimPrefix(stripComment(trimmed), "["), "]"))
			record(pos, table, Position{n, indent + 1})
			continue
		}
		eq := keyEnd(trimmed)
		if eq < 0 {
			continue
		}
		key := normalizeKey(trimmed[:eq])
		if table != "" {
			key = table + "." + key
		}
		record(pos, key, Position{n, indent + 1})
		value := strings.TrimSpace(trimmed[eq+1:])
		for _, q := range []string{`"""`, `'''`} {
			if strings.HasPrefix(value, q) && !strings.Contains(value[3:], q) {
				inString = q
			}
		}
		if inString == "" {
			depth = bracketDelta(value)
			if depth < 0 {
				depth = 0
			}
		}
	}
	return pos
}

// record stores key and, for keys inside arrays of tables, also the key without
// indexes, so "district.id" finds the first district's id.
func record(pos map[string]Position, key string, p Position) {
	if _, ok := pos[key]; !ok {
		pos[key] = p
	}
	if strings.Contains(key, "[") {
		plain := indexRe.ReplaceAllString(key, "")
		if _, ok := pos[plain]; !ok {
			pos[plain] = p
		}
	}
}

var indexRe = regexp.MustCompile(`\[\d+\]`)

// keyEnd returns the index of the '=' that ends the key on a key/value line.
func keyEnd(s string) int {
	quote := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '=':
			return i
		}
	}
	return -1
}

func normalizeKey(k string) string {
	parts := strings.Split(k, ".")
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if len(p) >= 2 && (p[0] == '"' || p[0] == '\'') && p[len(p)-1] == p[0] {
			p = p[1 : len(p)-1]
		}
		parts[i] = p
	}
	return strings.Join(parts, ".")
}

func stripComment(s string) string {
	if i := strings.Index(s, "#"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// bracketDelta counts [ and { minus ] and } outside strings.
func bracketDelta(s string) int {
	d := 0
	quote := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#':
			return d
		case c == '[' || c == '{':
			d++
		case c == ']' || c == '}':
			d--
		}
	}
	return d
}

// runeCol turns the parser's column, counted in bytes, into one counted in
// characters, as editors count them: a line of Chinese has three bytes a
// character.
func runeCol(src []byte, line, col int) int {
	if line < 1 || col < 1 {
		return col
	}
	lines := strings.SplitN(string(src), "\n", line+1)
	if line > len(lines) {
		return col
	}
	text := lines[line-1]
	if col-1 > len(text) {
		return col
	}
	return utf8.RuneCountInString(text[:col-1]) + 1
}
