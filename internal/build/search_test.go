package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dudao/dudao/internal/search"
)

// openIndex opens the search index of a built site.
func openIndex(t testing.TB, dest string) *search.Index {
	t.Helper()
	ix, err := search.Open(func(name string) ([]byte, error) {
		return os.ReadFile(filepath.Join(dest, filepath.FromSlash(search.DataDir+name)))
	})
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// searchCase is a query a reader of the example site makes, and what they
// expect: the pages that must come first (in any order among themselves),
// and how many results there are at least and at most.
type searchCase struct {
	q        string
	top      []string // URLs, all within the first len(top) results
	min, max int
	filter   search.Filter
	titles   string // every one of the first 3 results has this in its title
}

// SearchCases are shared with the browser test, which checks that the page
// finds the same.
var SearchCases = []searchCase{
	{q: "差异系数", top: []string{"bulletins/2020-10/tongguan-mobilisation-meeting/"}, min: 1, max: 1},
	{q: "优质均衡", min: 8, titles: "优质均衡"},
	{q: "包保", top: []string{"bulletins/2020-10/tongguan-baobao-meeting/"}, min: 2},
	// A three-character and a two-character name, each in the body only.
	{q: "吴齐玲", top: []string{"bulletins/2020-10/city-office-guidance/", "bulletins/2020-10/yian-report/"}, min: 2, max: 2},
	{q: "江虹", top: []string{"bulletins/2020-10/yian-report/"}, min: 1, max: 1},
	{q: "铜官区", min: 4, titles: "铜官区"},
	{q: "铜官区", filter: search.Filter{District: "铜官区"}, top: []string{"bulletins/2020-10/tongguan-mobilisation-meeting/", "bulletins/2020-10/tongguan-baobao-meeting/"}, min: 2, max: 2},
	{q: "督学风采", top: []string{"bulletins/2020-10/poems-wu-debao/"}, min: 2},
	{q: "督学风采", filter: search.Filter{Kind: "督学"}, top: []string{"inspectors/wu-debao/"}, min: 1, max: 1},
	{q: "127条", top: []string{"bulletins/2020-10/yian-report/"}, min: 1, max: 1},
	{q: "１２７条", top: []string{"bulletins/2020-10/yian-report/"}, min: 1, max: 1},      // full-width digits
	{q: "REX", top: []string{"articles/baoji-reform-survey/"}, min: 1, max: 1},        // a Latin word, in a field
	{q: "2022年完成", top: []string{"articles/baoji-reform-survey/"}, min: 1, max: 1},    // Chinese with digits
	{q: "d20 实地督查", top: []string{"documents/jinggangshan-inspection-plan/"}, min: 1}, // Latin and Chinese
	{q: "量子计算机", max: 0},
	{q: "律", top: []string{"bulletins/2020-10/poems-wu-debao/"}, min: 1}, // one character
	{q: "督", min: 10, titles: "督"},
	{q: "包保", filter: search.Filter{Year: 2020}, top: []string{"bulletins/2020-10/tongguan-baobao-meeting/"}, min: 2},
}

// The example site's index finds what a reader expects, with the same
// algorithm as the search page.
func TestSearchExampleSite(t *testing.T) {
	dest, _ := buildExample(t)
	ix := openIndex(t, dest)
	if ix.N < 13 {
		t.Fatalf("index holds %d pages", ix.N)
	}
	for _, c := range SearchCases {
		hits, err := ix.Search(c.q, c.filter)
		if err != nil {
			t.Fatalf("%s: %v", c.q, err)
		}
		var urls, titles []string
		for _, h := range hits {
			d, err := ix.Doc(h.Doc)
			if err != nil {
				t.Fatal(err)
			}
			urls = append(urls, d.URL)
			titles = append(titles, d.Title)
		}
		name := c.q
		if c.filter != (search.Filter{}) {
			name += " (filtered)"
		}
		if len(hits) < c.min || (c.max > 0 || c.min == 0) && len(hits) > c.max {
			t.Errorf("%s: %d results, want %d to %d: %v", name, len(hits), c.min, c.max, urls)
		}
		for _, want := range c.top {
			i := indexOf(urls, want)
			if i < 0 || i >= len(c.top) {
				t.Errorf("%s: %s is result %d, want it among the first %d: %v", name, want, i+1, len(c.top), urls)
			}
		}
		if c.titles != "" {
			for i := 0; i < 3 && i < len(titles); i++ {
				if !strings.Contains(titles[i], c.titles) {
					t.Errorf("%s: result %d %q lacks %q in its title", name, i+1, titles[i], c.titles)
				}
			}
		}
	}
}

func indexOf(xs []string, x string) int {
	for i, y := range xs {
		if y == x {
			return i
		}
	}
	return -1
}

// Every page the site has an entry for is in the index once, with its text.
func TestSearchIndexCoversSite(t *testing.T) {
	dest, res := buildExample(t)
	ix := openIndex(t, dest)
	s := res.Site
	want := len(s.Articles) + len(s.Issues) + len(s.Documents) + len(s.Inspectors) + len(s.Pages)
	if ix.N != want {
		t.Fatalf("index holds %d pages, the site %d", ix.N, want)
	}
	seen := map[string]bool{}
	for d := 0; d < ix.N; d++ {
		doc, err := ix.Doc(d)
		if err != nil {
			t.Fatal(err)
		}
		if seen[doc.URL] {
			t.Errorf("%s is in the index twice", doc.URL)
		}
		seen[doc.URL] = true
		if _, err := os.Stat(filepath.Join(dest, filepath.FromSlash(doc.URL), "index.html")); err != nil {
			t.Errorf("index entry %s leads nowhere", doc.URL)
		}
		if doc.Title == "" || doc.Kind == "" {
			t.Errorf("%s: no title or kind", doc.URL)
		}
	}
	// The whole text reaches the index, not just the excerpt: the last
	// paragraph of a long article is there.
	yian, _ := ix.Search("保障创建工作有序深入推进", search.Filter{})
	if len(yian) == 0 {
		t.Error("the end of the yian report is not searchable")
	}
	for _, a := range s.Articles {
		if a.URL == "bulletins/2020-10/yian-report/" {
			for d := 0; d < ix.N; d++ {
				doc, _ := ix.Doc(d)
				if doc.URL == a.URL && len([]rune(doc.Text)) < 1000 {
					t.Errorf("the yian report's stored text has only %d characters", len([]rune(doc.Text)))
				}
			}
		}
	}
}
