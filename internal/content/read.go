package content

import (
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/dudao/dudao/internal/diag"
	"github.com/dudao/dudao/internal/digest"
	"github.com/dudao/dudao/internal/textfile"
	"github.com/dudao/dudao/internal/tomlpos"
)

// readMarkdown reads a Markdown file with TOML front matter into v (a pointer
// to Issue, Article, …, whose File it fills). It reports every problem to list
// and returns false if the file cannot be used.
func readMarkdown(siteDir, rel string, v interface{ Source() *File }, list *diag.List) bool {
	f := v.Source()
	f.Path = rel
	raw, err := os.ReadFile(filepath.Join(siteDir, filepath.FromSlash(rel)))
	if err != nil {
		list.Errorf(rel, 0, 0, "读不了：%v", err)
		return false
	}
	f.source = digest.Bytes(raw)
	text, enc, err := textfile.Decode(raw)
	if err != nil {
		var te *textfile.Error
		if errors.As(err, &te) {
			list.Errorf(rel, te.Line, te.Col, "%s", te.Msg)
		} else {
			list.Errorf(rel, 0, 0, "%v", err)
		}
		return false
	}
	if enc == textfile.GB18030 || enc == textfile.UTF16LE || enc == textfile.UTF16BE {
		list.Warnf(rel, 0, 0, "文件是 %s 编码，已自动转换；建议另存为 UTF-8", enc)
	}
	fm, body, fmLine, bodyLine, ok := splitFrontMatter(rel, text, list)
	if !ok {
		return false
	}
	doc, ok := tomlpos.Decode(rel, []byte(fm), fmLine-1, v, list)
	f.doc = doc
	f.markdown = body
	f.bodyLine = bodyLine
	return ok
}

// splitFrontMatter separates "+++\nTOML\n+++\nbody". fmLine is the file line
// of the first TOML line, bodyLine that of the first body line.
func splitFrontMatter(rel, text string, list *diag.List) (fm, body string, fmLine, bodyLine int, ok bool) {
	line, pos := 1, 0
	// next returns the line starting at pos, trimmed, and moves past it.
	next := func() (string, bool) {
		if pos >= len(text) {
			return "", false
		}
		end := strings.IndexByte(text[pos:], '\n')
		if end < 0 {
			end = len(text) - pos
		}
		l := text[pos : pos+end]
		pos += end + 1
		line++
		return strings.TrimSpace(l), true
	}
	opening, more := next()
	for more && opening == "" {
		opening, more = next()
	}
	openLine := line - 1
	switch {
	case !more:
		list.Errorf(rel, 1, 1, "文件是空的")
		return
	case opening == "---":
		list.Errorf(rel, openLine, 1, "不支持 YAML 格式的开头（---）；请用 +++ 包住 TOML 格式的字段")
		return
	case opening != "+++":
		list.Errorf(rel, openLine, 1, "文件应以一行 +++ 开头，接着写标题等字段，再以一行 +++ 结束")
		return
	}
	start := pos
	for {
		lineStart := pos
		l, more := next()
		if !more {
			list.Errorf(rel, openLine, 1, "开头的 +++ 没有对应的结束行 +++")
			return
		}
		if l == "+++" {
			body = ""
			if pos < len(text) {
				body = text[pos:]
			}
			return text[start:lineStart], body, openLine + 1, line, true
		}
	}
}

// fieldError reports a problem with a front matter field at the field's line.
func fieldError(list *diag.List, f *File, key, format string, args ...any) {
	p := f.doc.Pos(key)
	list.Errorf(f.Path, p.Line, p.Col, format, args...)
}

// has reports whether the front matter sets key.
func (f *File) has(key string) bool { return f.doc != nil && f.doc.Has(key) }
