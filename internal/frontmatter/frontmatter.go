// Package frontmatter writes the TOML front matter of content files, for the
// code that makes them rather than people: `dudao import` and the benchmark
// corpus. Values are quoted so that any text, Chinese or hostile, reads back
// exactly; the content loader (internal/content) is the reader.
package frontmatter

import (
	"fmt"
	"strings"
	"time"
)

// Quote writes s as a TOML basic string.
func Quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// List writes xs as a TOML array of strings.
func List(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = Quote(x)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// Writer collects key = value lines.
type Writer struct{ b strings.Builder }

func (w *Writer) String(key, v string)           { w.Raw(key, Quote(v)) }
func (w *Writer) Int(key string, n int)          { w.Raw(key, fmt.Sprint(n)) }
func (w *Writer) Bool(key string, v bool)        { w.Raw(key, fmt.Sprint(v)) }
func (w *Writer) Strings(key string, v []string) { w.Raw(key, List(v)) }
func (w *Writer) Date(key string, t time.Time)   { w.Raw(key, t.Format("2006-01-02")) }

// DateTime writes a local date-time, which the loader reads as China time.
func (w *Writer) DateTime(key string, t time.Time) { w.Raw(key, t.Format("2006-01-02T15:04:05")) }

// Raw writes a value already in TOML form.
func (w *Writer) Raw(key, v string) { fmt.Fprintf(&w.b, "%s = %s\n", key, v) }

// Line writes a line as it is: a comment, a blank line, a table header.
func (w *Writer) Line(format string, args ...any) { fmt.Fprintf(&w.b, format+"\n", args...) }

// Table starts the table name after a blank line.
func (w *Writer) Table(name string) { w.Line("\n[%s]", name) }

// Text is everything written so far.
func (w *Writer) Text() string { return w.b.String() }

// File is the front matter between +++ lines, then body.
func (w *Writer) File(body string) string { return "+++\n" + w.b.String() + "+++\n" + body }
