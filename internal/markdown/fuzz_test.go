package markdown

import (
	"bytes"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// forbiddenTags must never appear in the output.
var forbiddenTags = map[string]bool{
	"script": true, "style": true, "iframe": true, "frame": true, "frameset": true,
	"object": true, "embed": true, "applet": true, "svg": true, "math": true,
	"link": true, "meta": true, "base": true, "form": true, "textarea": true,
	"template": true, "noscript": true, "title": true, "xmp": true, "plaintext": true,
}

// invariantError returns what is wrong with rendered HTML, or "": it must
// contain no forbidden element, no comment (raw HTML leaking through), no
// event-handler or style attribute, and no URL that safeURL refuses.
func invariantError(out []byte) string {
	z := html.NewTokenizer(bytes.NewReader(out))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return ""
		case html.CommentToken, html.DoctypeToken:
			return "comment or doctype in output"
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			tok := z.Token()
			if forbiddenTags[tok.Data] {
				return "forbidden element <" + tok.Data + ">"
			}
			for _, a := range tok.Attr {
				key := strings.ToLower(a.Key)
				switch {
				case strings.HasPrefix(key, "on"):
					return "event handler attribute " + key
				case key == "style" || key == "srcset" || key == "formaction" || key == "action":
					return "attribute " + key
				case key == "href" || key == "src":
					if !safeURL(a.Val, tok.Data == "img") {
						return "unsafe URL " + a.Val
					}
				}
			}
		}
	}
}

func checkInvariants(t *testing.T, out []byte) {
	t.Helper()
	if msg := invariantError(out); msg != "" {
		t.Errorf("%s in output:\n%s", msg, out)
	}
}

// convertAll converts src with every combination of options and checks the
// invariants and that a second conversion gives the same result.
func convertAll(t *testing.T, src []byte) {
	for _, allow := range []bool{false, true} {
		c := New(Options{AllowHTML: allow})
		for _, hard := range []bool{false, true} {
			opt := ConvertOptions{HardWraps: hard, Resolve: testResolve}
			res, err := c.Convert(src, opt)
			if err != nil {
				t.Fatalf("AllowHTML=%v HardWraps=%v: %v", allow, hard, err)
			}
			if msg := invariantError(res.HTML); msg != "" {
				t.Fatalf("AllowHTML=%v HardWraps=%v %q: %s in output:\n%s", allow, hard, src, msg, res.HTML)
			}
			again, _ := c.Convert(src, opt)
			if !bytes.Equal(res.HTML, again.HTML) || res.Text != again.Text {
				t.Fatalf("AllowHTML=%v HardWraps=%v %q: not deterministic", allow, hard, src)
			}
		}
	}
}

// FuzzConvert checks the safety invariants on arbitrary input. Its seeds
// (the hostile cases and the golden inputs) run in every "go test"; run
// "go test -fuzz=FuzzConvert ./internal/markdown/" to search further.
func FuzzConvert(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "*.md"))
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(string(b))
		}
	}
	f.Fuzz(func(t *testing.T, src string) {
		convertAll(t, []byte(src))
	})
}

// fragments are the pieces TestRandomHostile combines.
var fragments = []string{
	"<script>", "</script>", "<style>", "</style>", "<svg>", "</svg>", "<div>", "</div>",
	"<span>", "</span>", "<a href=\"javascript:alert(1)\">", "<a href=\"x.md\">", "</a>",
	"<img src=x onerror=alert(1)>", "<img src=\"java&#x09;script:y\">", "<iframe>", "<!--", "-->",
	"<p style=\"x\" onclick=y>", "<details ontoggle=z open>", "<textarea>", "</textarea>",
	"[", "]", "(", ")", "![", "](javascript:alert(1))", "](JaVaScRiPt:x)", "]( java&#x09;script:x)",
	"](x.md)", "](data:text/html,x)", "](data:image/png;base64,AA)", "<javascript:x>", "<https://x.cn/>",
	"*", "**", "_", "__", "~~", "`", "```\n", "\n", "\n\n", "  \n", "\\\n", "> ", "- ", "1. ", "# ", "## ",
	"| a | b |\n|---|---|\n| 1 | 2 |\n", "[^1]", "\n[^1]: 注\n", "[r]", "\n[r]: javascript:x\n",
	"中文", "加粗：", "“引号”", "，", "。", "English", " ", "&amp;", "&#106;", "&colon;", "\t", "\x00",
}

// TestRandomHostile converts many random combinations of hostile and
// Markdown fragments (fixed seed, so failures reproduce).
func TestRandomHostile(t *testing.T) {
	rng := rand.New(rand.NewSource(20201105))
	n := 1500
	if testing.Short() {
		n = 200
	}
	for i := 0; i < n; i++ {
		var b strings.Builder
		for j := rng.Intn(24) + 1; j > 0; j-- {
			b.WriteString(fragments[rng.Intn(len(fragments))])
		}
		convertAll(t, []byte(b.String()))
	}
}
