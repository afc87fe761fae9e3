package markdown

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkConvert converts a ~3 KB Chinese bulletin with a table,
// a list, a footnote and links.
func BenchmarkConvert(b *testing.B) {
	src, err := os.ReadFile(filepath.Join("testdata", "article.md"))
	if err != nil {
		b.Fatal(err)
	}
	c := New(Options{})
	opt := ConvertOptions{Resolve: testResolve}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Convert(src, opt); err != nil {
			b.Fatal(err)
		}
	}
}
