package textfile

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

func TestDecode(t *testing.T) {
	const text = "标题 = \"铜陵市教育督导工作信息\"\n正文：优质均衡。\n"
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(text)
	gb18030, _ := simplifiedchinese.GB18030.NewEncoder().String(text + "𠀀\n") // outside GBK
	utf16le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(text)
	utf16be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().String(text)
	tests := []struct {
		name, in, want string
		enc            Encoding
	}{
		{"UTF-8", text, text, UTF8},
		{"UTF-8 with BOM", "\xEF\xBB\xBF" + text, text, UTF8BOM},
		{"GBK from Notepad", gbk, text, GB18030},
		{"GB18030 beyond GBK", gb18030, text + "𠀀\n", GB18030},
		{"UTF-16LE", utf16le, text, UTF16LE},
		{"UTF-16BE", utf16be, text, UTF16BE},
		{"Windows line endings", "甲\r\n乙\r\n", "甲\n乙\n", UTF8},
		{"old Mac line endings", "甲\r乙", "甲\n乙", UTF8},
	}
	for _, tt := range tests {
		got, enc, err := Decode([]byte(tt.in))
		if err != nil || got != tt.want || enc != tt.enc {
			t.Errorf("%s: got %q %s %v, want %q %s", tt.name, got, enc, err, tt.want, tt.enc)
		}
	}
}

func TestDecodeRefuses(t *testing.T) {
	tests := []struct {
		name, in        string
		line, col       int
		wantMsgFragment string
	}{
		{"empty", "", 0, 0, "空"},
		{"only spaces", " \n\t\n", 0, 0, "空"},
		{"binary", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 0, 0, "二进制"},
		{"Latin-1 text", "title = \"caf\xe9\"\nline two \xff\n", 1, 13, "不是 UTF-8"},
		{"bad byte after BOM", "\xEF\xBB\xBF甲\n乙\xff", 2, 2, "UTF-8"},
	}
	for _, tt := range tests {
		_, _, err := Decode([]byte(tt.in))
		e, ok := err.(*Error)
		if !ok {
			t.Errorf("%s: err = %v, want *Error", tt.name, err)
			continue
		}
		if e.Line != tt.line || e.Col != tt.col || !strings.Contains(e.Msg, tt.wantMsgFragment) {
			t.Errorf("%s: %d:%d %s, want %d:%d …%s…", tt.name, e.Line, e.Col, e.Msg, tt.line, tt.col, tt.wantMsgFragment)
		}
	}
}
