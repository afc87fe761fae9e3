package tomlpos

import (
	"strings"
	"testing"

	"github.com/dudao/dudao/internal/diag"
)

const sample = `# comment
title = "x"
"quoted key" = 1
note = """
copies = 99
"""
list = [
  "a",
  "b",
]

[footer]
  copies = 3   # indented

[[district]]
id = "a"
[[district]]
id = "b"
`

func TestPositions(t *testing.T) {
	doc := &Doc{pos: scanKeys(sample)}
	for key, want := range map[string]Position{
		"title":          {2, 1},
		"quoted key":     {3, 1},
		"note":           {4, 1},
		"list":           {7, 1},
		"footer.copies":  {13, 3},
		"district[0].id": {16, 1},
		"district[1].id": {18, 1},
		"district.id":    {16, 1},
	} {
		if got := doc.Pos(key); got != want {
			t.Errorf("Pos(%q) = %v, want %v", key, got, want)
		}
	}
	if doc.Has("copies") {
		t.Errorf("a key inside a multi-line string was taken for a key")
	}
}

func TestDecodeReportsWithOffset(t *testing.T) {
	var v struct {
		Title string `toml:"title"`
		Count int    `toml:"count"`
	}
	tests := []struct{ src, want string }{
		{"title = \"a\"\ncount = \"many\"\n", "f.md:6:1: 字段 count 的值类型不对"},
		{"title = \"a\nb\"\n", "f.md:5:"},
		{"title = \"a\"\ncuont = 1\n", "f.md:6:1: 不认识的字段 cuont，是不是想写 count？"},
		// Columns count characters, not bytes: the parser stops after the
		// closing quote, the 15th character (the 23rd byte).
		{"title = \"督导简报\" x\n", "f.md:5:15:"},
	}
	for _, tt := range tests {
		list := &diag.List{}
		Decode("f.md", []byte(tt.src), 4, &v, list)
		err := list.Err()
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%q: got %v, want prefix %q", tt.src, err, tt.want)
		}
	}
}
