// Package markdown turns the Markdown of dudao's pages into safe HTML,
// tuned for Chinese text.
//
// Content loading builds one Converter per site (New, from the site's
// options) and calls Convert for the body of every page. Convert returns the
// body HTML, which the renderer puts into the page templates as it is, along
// with what else the site needs from a body: the headings (for tables of
// contents), the plain text (for descriptions and search) and the link
// destinations it refused (so that loading can warn about them).
//
// It is goldmark with GFM tables, strikethrough and task lists, and
// footnotes (no linkify: a bare URL runs into the Chinese text around it),
// plus these changes:
//
//   - Emphasis works next to Chinese punctuation: "**加粗：**后文" and
//     "前文**“引号”**后文" become bold (see flanking in emphasis.go).
//   - A line break between two Chinese characters, or next to full-width
//     punctuation, adds no space; between Latin words (and between Chinese
//     and Latin) it stays a space (see lineBreaks). With
//     ConvertOptions.HardWraps (poems) every line break is a <br>.
//   - Heading IDs keep Chinese: "## 第3章：数据" gets id="第3章数据".
//   - Link and image destinations are checked against an allow-list
//     (relative, http, https, mailto, tel; data: images) and then passed to
//     ConvertOptions.Resolve. Refused ones are reported in Result.Dropped:
//     the link shows as its text, the image as its alt text.
//   - Raw HTML is left out unless Options.AllowHTML is set, and then only
//     an allow-list of elements and attributes gets through (sanitize.go).
package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Options are the site-wide settings of a Converter.
type Options struct {
	// AllowHTML lets raw HTML in Markdown through, but only what the
	// allow-list sanitizer accepts: simple formatting and table elements,
	// links and images with safe URLs, and a few harmless attributes.
	// Without it raw HTML is removed.
	AllowHTML bool
}

// ConvertOptions are the settings of one Convert call.
type ConvertOptions struct {
	// HardWraps turns every line break inside a paragraph into <br>, for
	// poems and the like.
	HardWraps bool

	// Resolve, if not nil, rewrites every link and image destination that
	// passed the safety check: Markdown links and images (inline and
	// reference), autolinks (an e-mail address arrives as "mailto:…"), and
	// href and src in raw HTML. It gets the destination decoded, exactly as
	// written ("photo.jpg", "../2020-10/x.md", "#frag", "https://…", even "")
	// and returns the URL to use. A result that fails the safety check is
	// dropped too.
	Resolve func(dest string) string

	// TextLimit, if above zero, stops Result.Text after about that many
	// bytes: enough for a description, and much cheaper than the whole text.
	TextLimit int
}

// Heading is a heading of the document, for tables of contents.
type Heading struct {
	Level int    // 1 to 6
	ID    string // the id attribute it got
	Text  string // plain text
}

// Result is a converted document.
type Result struct {
	// HTML is the body HTML.
	HTML []byte
	// Headings are the headings in document order.
	Headings []Heading
	// Text is the plain text of the body (no markup, character references
	// decoded), one line per paragraph, heading, list item or table row,
	// lines separated by "\n".
	Text string
	// Dropped are the link and image destinations removed as unsafe, in
	// document order, as written in the source so that the caller can find
	// them: "java&#x09;script:x" stays so. (Raw HTML attributes are the
	// exception: their character references come decoded.)
	Dropped []string
}

// Converter converts Markdown to HTML. It is safe for concurrent use; build
// one per site.
type Converter struct {
	md        goldmark.Markdown
	allowHTML bool
}

// New returns a Converter.
func New(opts Options) *Converter {
	// goldmark's default parsers, with its emphasis parser swapped for ours.
	var inlines []util.PrioritizedValue
	for _, v := range parser.DefaultInlineParsers() {
		if v.Value != parser.NewEmphasisParser() {
			inlines = append(inlines, v)
		}
	}
	inlines = append(inlines, util.Prioritized(emphasisParser{}, emphasisPriority))
	p := parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(inlines...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	)
	// The HTML renderer stays in its safe mode: raw HTML never reaches it,
	// the sanitized form does, as safeHTML nodes.
	r := renderer.NewRenderer(renderer.WithNodeRenderers(
		util.Prioritized(html.NewRenderer(), 1000),
		util.Prioritized(safeHTMLRenderer{}, 500),
	))
	md := goldmark.New(
		goldmark.WithParser(p),
		goldmark.WithRenderer(r),
		goldmark.WithExtensions(
			// align="…" rather than style="…", which a strict
			// Content-Security-Policy would block.
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
			extension.Strikethrough,
			extension.TaskList,
			extension.Footnote,
		),
	)
	return &Converter{md: md, allowHTML: opts.AllowHTML}
}

// Convert converts the Markdown src. It does not modify src. The result is
// a function of src and opt alone.
func (c *Converter) Convert(src []byte, opt ConvertOptions) (*Result, error) {
	p := newPass(src, opt, c.allowHTML)
	ctx := parser.NewContext(parser.WithIDs(p.ids))
	doc := c.md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	p.transform(doc)
	p.lineBreaks(doc)
	plain := p.collect(doc, opt.TextLimit)
	var buf bytes.Buffer
	buf.Grow(len(src) + len(src)/2)
	if err := c.md.Renderer().Render(&buf, src, doc); err != nil {
		return nil, err
	}
	return &Result{HTML: buf.Bytes(), Headings: p.headings, Text: plain, Dropped: p.dropped}, nil
}
