package search

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// HTMLText of the markdown package's rendered test documents is the plain
// text that package makes of them.
func TestHTMLTextMatchesMarkdownText(t *testing.T) {
	files, _ := filepath.Glob("../markdown/testdata/*.html")
	if len(files) < 5 {
		t.Fatalf("only %d test documents", len(files))
	}
	compared := 0
	for _, f := range files {
		h, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		txt, err := os.ReadFile(strings.TrimSuffix(f, ".html") + ".txt")
		if err != nil {
			continue
		}
		_, want, ok := strings.Cut(string(txt), "# Text\n")
		if !ok {
			continue
		}
		want = strings.TrimSpace(want)
		compared++
		if got := HTMLText(string(h)); got != want {
			t.Errorf("%s:\n got: %q\nwant: %q", filepath.Base(f), got, want)
		}
	}
	if compared < 8 {
		t.Errorf("compared only %d documents", compared)
	}
}
