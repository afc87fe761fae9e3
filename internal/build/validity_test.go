package build

import (
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// Every page of the example site is sound HTML for readers and their tools:
// one h1, headings that do not skip a level downwards, unique ids, images with
// alt text, links with text, lang="zh-CN".
func TestPagesAreWellFormed(t *testing.T) {
	dest, _ := buildExample(t)
	pages := 0
	filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		pages++
		rel, _ := filepath.Rel(dest, p)
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		doc, err := html.Parse(f)
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		for _, problem := range pageProblems(doc) {
			t.Errorf("%s: %s", rel, problem)
		}
		return nil
	})
	if pages < 100 {
		t.Errorf("only %d pages", pages)
	}
}

func pageProblems(doc *html.Node) []string {
	var problems []string
	ids := map[string]bool{}
	h1 := 0
	last := 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if id := attr(n, "id"); id != "" {
				if ids[id] {
					problems = append(problems, "duplicate id "+id)
				}
				ids[id] = true
			}
			switch n.Data {
			case "html":
				if attr(n, "lang") != "zh-CN" {
					problems = append(problems, `<html> without lang="zh-CN"`)
				}
			case "h1", "h2", "h3", "h4", "h5", "h6":
				level, _ := strconv.Atoi(n.Data[1:])
				if level == 1 {
					h1++
				}
				if last > 0 && level > last+1 {
					problems = append(problems, "heading "+n.Data+" after h"+strconv.Itoa(last)+": "+text(n))
				}
				last = level
			case "img":
				if _, ok := attrOK(n, "alt"); !ok {
					problems = append(problems, "image without alt: "+attr(n, "src"))
				}
			case "a":
				if attr(n, "href") != "" && strings.TrimSpace(text(n)) == "" && attr(n, "aria-label") == "" {
					problems = append(problems, "link without text: "+attr(n, "href"))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if h1 != 1 {
		problems = append(problems, strconv.Itoa(h1)+" h1 elements")
	}
	return problems
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}
