// Package textfile turns the bytes of a file an office worker saved into UTF-8
// text. Editors and Excel on Chinese Windows save GBK/GB18030 or UTF-16; this
// package reads those without the user doing anything, and refuses binaries
// and empty files with a message that says what is wrong and where.
package textfile

import (
	"bytes"
	"fmt"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Encoding names what a file was saved as.
type Encoding string

const (
	UTF8    Encoding = "UTF-8"
	UTF8BOM Encoding = "UTF-8 (BOM)"
	UTF16LE Encoding = "UTF-16LE"
	UTF16BE Encoding = "UTF-16BE"
	GB18030 Encoding = "GBK/GB18030"
)

// Error is a problem with the file as a whole, or at a line and column.
type Error struct {
	Line, Col int
	Msg       string
}

func (e *Error) Error() string { return e.Msg }

// Decode returns the file's text as UTF-8 with any byte-order mark removed and
// line endings made "\n".
func Decode(raw []byte) (string, Encoding, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return "", "", &Error{Msg: "文件是空的"}
	}
	var text string
	var enc Encoding
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		raw, enc = raw[3:], UTF8BOM
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}):
		text, enc = decodeUTF16(raw[2:], false), UTF16LE
	case bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		text, enc = decodeUTF16(raw[2:], true), UTF16BE
	}
	if enc == "" || enc == UTF8BOM {
		if looksBinary(raw) {
			return "", "", &Error{Msg: "这是二进制文件，不是文本（例如图片或 Word 文档），不能放在这里当作 Markdown 使用"}
		}
		if utf8.Valid(raw) {
			if enc == "" {
				enc = UTF8
			}
			text = string(raw)
		} else if enc == UTF8BOM {
			line, col := firstInvalid(raw)
			return "", "", &Error{Line: line, Col: col, Msg: "文件标明是 UTF-8，但这里有不合法的字节，请用 UTF-8 重新保存"}
		} else if s, ok := decodeGB18030(raw); ok {
			text, enc = s, GB18030
		} else {
			line, col := firstInvalid(raw)
			return "", "", &Error{Line: line, Col: col, Msg: fmt.Sprintf("不是 UTF-8 编码（第一个不合法的字节是 0x%02X），也不像 GBK；请用 UTF-8 重新保存", raw[lineColOffset(raw, line, col)])}
		}
	}
	text = normalizeNewlines(text)
	return text, enc, nil
}

func decodeUTF16(b []byte, bigEndian bool) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		if bigEndian {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			u[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	return string(utf16.Decode(u))
}

// decodeGB18030 accepts the bytes as GB18030 only when that gives clean text
// with Chinese in it: any byte sequence "decodes", so the check matters.
func decodeGB18030(raw []byte) (string, bool) {
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(raw)
	if err != nil || !utf8.Valid(out) || bytes.ContainsRune(out, utf8.RuneError) {
		return "", false
	}
	han, odd := 0, 0
	for _, r := range string(out) {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case r >= 0x80 && !unicode.IsPrint(r) && !unicode.IsSpace(r):
			odd++
		case r >= 0xE000 && r <= 0xF8FF: // private use: a sign of a wrong guess
			odd++
		}
	}
	return string(out), han > 0 && odd == 0
}

func looksBinary(b []byte) bool {
	if len(b) > 8000 {
		b = b[:8000]
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return true
	}
	ctrl := 0
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			ctrl++
		}
	}
	return ctrl > len(b)/100+2
}

func firstInvalid(b []byte) (line, col int) {
	line, col = 1, 1
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		b = b[size:]
	}
	return line, col
}

func lineColOffset(b []byte, line, col int) int {
	l, c := 1, 1
	for i := 0; i < len(b); {
		if l == line && c == col {
			return i
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == '\n' {
			l, c = l+1, 1
		} else {
			c++
		}
		i += size
	}
	return len(b) - 1
}

func normalizeNewlines(s string) string {
	if !bytes.ContainsRune([]byte(s), '\r') {
		return s
	}
	b := []byte(s)
	out := b[:0]
	for i := 0; i < len(b); i++ {
		if b[i] == '\r' {
			if i+1 < len(b) && b[i+1] == '\n' {
				continue
			}
			out = append(out, '\n')
			continue
		}
		out = append(out, b[i])
	}
	return string(out)
}
