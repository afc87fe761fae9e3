package markdown

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// specExample is one example of the CommonMark spec, as goldmark ships it
// in _test/spec.json.
type specExample struct {
	Markdown string `json:"markdown"`
	HTML     string `json:"html"`
	Example  int    `json:"example"`
	Section  string `json:"section"`
}

// loadSpec reads the CommonMark examples from goldmark's module directory.
// The file is not part of our repository; it is found through the go
// command, which has just built this test.
func loadSpec(t *testing.T) []specExample {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/yuin/goldmark").Output()
	if err != nil {
		t.Skipf("cannot locate goldmark's module directory: %v", err)
	}
	dir := strings.TrimSpace(string(out))
	b, err := os.ReadFile(filepath.Join(dir, "_test", "spec.json"))
	if err != nil {
		t.Skipf("CommonMark spec examples not available: %v", err)
	}
	var ex []specExample
	if err := json.Unmarshal(b, &ex); err != nil {
		t.Fatal(err)
	}
	return ex
}

// specMarkdown is goldmark configured as in goldmark's own spec test, with
// either goldmark's emphasis parser or ours.
func specMarkdown(ours bool) goldmark.Markdown {
	var opts []goldmark.Option
	if ours {
		var inlines []util.PrioritizedValue
		for _, v := range parser.DefaultInlineParsers() {
			if v.Value != parser.NewEmphasisParser() {
				inlines = append(inlines, v)
			}
		}
		inlines = append(inlines, util.Prioritized(emphasisParser{}, emphasisPriority))
		opts = append(opts, goldmark.WithParser(parser.NewParser(
			parser.WithBlockParsers(parser.DefaultBlockParsers()...),
			parser.WithInlineParsers(inlines...),
			parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
		)))
	}
	opts = append(opts, goldmark.WithRendererOptions(html.WithXHTML(), html.WithUnsafe()))
	return goldmark.New(opts...)
}

// TestSpecEmphasisParser runs every CommonMark example through goldmark
// with our emphasis parser in place of goldmark's: the spec has no CJK
// text, so the output must be exactly what the spec (and goldmark) says.
func TestSpecEmphasisParser(t *testing.T) {
	examples := loadSpec(t)
	ours, stock := specMarkdown(true), specMarkdown(false)
	run := func(md goldmark.Markdown, src string) string {
		var b bytes.Buffer
		if err := md.Convert([]byte(src), &b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	checked := 0
	for _, ex := range examples {
		want := ex.HTML
		if got := run(stock, ex.Markdown); got != want {
			// goldmark itself differs from the spec here; then we must
			// at least not differ from goldmark.
			want = got
		}
		if got := run(ours, ex.Markdown); got != want {
			t.Errorf("example %d (%s)\nmarkdown: %q\nwant: %q\ngot:  %q", ex.Example, ex.Section, ex.Markdown, want, got)
		}
		checked++
	}
	t.Logf("%d CommonMark examples checked", checked)
}

// TestSpecConverter runs the CommonMark examples through the whole
// Converter. Examples whose output the Converter changes on purpose are
// left out: raw HTML (removed), dangerous or oddly-schemed URLs (dropped),
// and text the GFM extensions read differently (tables, strikethrough,
// task lists, footnotes).
func TestSpecConverter(t *testing.T) {
	examples := loadSpec(t)
	c := New(Options{})
	checked := 0
	for _, ex := range examples {
		if skipSpecExample(ex) {
			continue
		}
		res, err := c.Convert([]byte(ex.Markdown), ConvertOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want := strings.ReplaceAll(ex.HTML, "<br />", "<br>")
		want = strings.ReplaceAll(want, "<hr />", "<hr>")
		want = strings.ReplaceAll(want, " />", ">")
		// Heading IDs are ours; the spec has none.
		got := headingID.ReplaceAllString(string(res.HTML), "$1")
		if got != want {
			t.Errorf("example %d (%s)\nmarkdown: %q\nwant: %q\ngot:  %q", ex.Example, ex.Section, ex.Markdown, want, got)
		}
		checked++
	}
	t.Logf("%d CommonMark examples checked", checked)
}

var headingID = regexp.MustCompile(`(<h[1-6]) id="[^"]*"`)

func skipSpecExample(ex specExample) bool {
	if strings.Contains(ex.Markdown, "<") || strings.ContainsAny(ex.Markdown, "|~") ||
		strings.Contains(ex.Markdown, "[^") || strings.Contains(ex.Markdown, "[ ]") ||
		strings.Contains(ex.Markdown, "[x]") {
		return true
	}
	return false
}
