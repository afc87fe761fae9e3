package corpus

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dudao/dudao"
	"github.com/dudao/dudao/internal/build"
)

// TestGenerateBuilds builds a small corpus with the real pipeline.
func TestGenerateBuilds(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	m, err := generate(site, 100, 1)
	if err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(dir, "public")
	res, err := build.Build(build.Options{SiteDir: site, Dest: dest, Theme: dudao.Theme})
	if err != nil {
		t.Fatalf("build failed:\n%v", err)
	}
	for _, w := range res.Warnings {
		t.Errorf("warning: %s", w.String())
	}
	s := res.Site
	if len(s.Articles) != 100 || m.articles != 100 {
		t.Errorf("articles: built %d, generated %d, want 100", len(s.Articles), m.articles)
	}
	standalone := 0
	for _, a := range s.Articles {
		if a.Issue == nil {
			standalone++
		}
	}
	if standalone != 5 || m.standalone != 5 {
		t.Errorf("standalone articles: built %d, generated %d, want 5", standalone, m.standalone)
	}
	if len(s.Issues) != m.issues || len(s.Inspectors) != numInspectors || len(s.Documents) != numDocuments ||
		len(s.Pages) != m.pages || len(s.Districts) != 12 || len(s.Keywords) != len(m.keywordArticles) {
		t.Errorf("built %d issues, %d inspectors, %d documents, %d pages, %d districts, %d keywords; generated %d, %d, %d, %d, 12, %d",
			len(s.Issues), len(s.Inspectors), len(s.Documents), len(s.Pages), len(s.Districts), len(s.Keywords),
			m.issues, numInspectors, numDocuments, m.pages, len(m.keywordArticles))
	}
	for _, is := range s.Issues {
		if n := len(is.Articles); n < 4 || n > 8 {
			t.Errorf("%s has %d articles, want 4–8", is.Path, n)
		}
	}
	if want := m.expectedPages(); res.Pages != want {
		t.Errorf("built %d pages, want %d", res.Pages, want)
	}
	html := 0
	err = filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			html++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if html != res.Pages {
		t.Errorf("%d .html files in the output, build reported %d pages", html, res.Pages)
	}
	checkArticleSizes(t, site, 100)
	if m.tables < 20 || m.tables > 45 {
		t.Errorf("%d of 100 articles have a table, want about a third", m.tables)
	}
}

// checkArticleSizes reads every article from disk and checks its body size.
func checkArticleSizes(t *testing.T, site string, want int) {
	t.Helper()
	n := 0
	err := filepath.WalkDir(filepath.Join(site, "content"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "index.md" {
			return err
		}
		rel, _ := filepath.Rel(site, p)
		rel = filepath.ToSlash(rel)
		if !strings.HasPrefix(rel, "content/bulletins/") && !strings.HasPrefix(rel, "content/articles/") {
			return nil
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		parts := strings.SplitN(string(raw), "+++\n", 3)
		if len(parts) != 3 || parts[0] != "" {
			t.Errorf("%s: no front matter", rel)
			return nil
		}
		if size := len(parts[2]); size < MinArticleBytes || size > MaxArticleBytes {
			t.Errorf("%s: body is %d bytes, want %d–%d", rel, size, MinArticleBytes, MaxArticleBytes)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != want {
		t.Errorf("found %d articles on disk, want %d", n, want)
	}
}

// TestArticleSizes checks the size bounds over more articles and seeds than
// the build test, without building.
func TestArticleSizes(t *testing.T) {
	for seed := int64(2); seed <= 4; seed++ {
		m, err := generate(t.TempDir(), 600, seed)
		if err != nil {
			t.Fatal(err)
		}
		for i, size := range m.bodySizes {
			if size < MinArticleBytes || size > MaxArticleBytes {
				t.Errorf("seed %d: article %d has %d bytes", seed, i, size)
			}
		}
		if k := len(m.keywordArticles); k < 120 || k > 160 {
			t.Errorf("seed %d: %d keywords, want about 150", seed, k)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	for _, x := range []struct {
		dir  string
		seed int64
	}{{a, 7}, {b, 7}, {c, 8}} {
		if err := Generate(x.dir, 60, x.seed); err != nil {
			t.Fatal(err)
		}
	}
	if d := diffTrees(t, a, b); d != "" {
		t.Errorf("same seed, different output: %s", d)
	}
	if diffTrees(t, a, c) == "" {
		t.Errorf("different seeds, same output")
	}
}

// diffTrees returns the first file that differs between two folders, or "".
func diffTrees(t *testing.T, a, b string) string {
	t.Helper()
	files := func(root string) map[string][]byte {
		out := map[string][]byte{}
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			out[rel], err = os.ReadFile(p)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	fa, fb := files(a), files(b)
	if len(fa) != len(fb) {
		return "different number of files"
	}
	for name, data := range fa {
		if !bytes.Equal(data, fb[name]) {
			return name
		}
	}
	return ""
}

func TestRefusesExistingSite(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte("title = \"x\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Generate(dir, 10, 1); err == nil {
		t.Error("Generate wrote into a folder that already holds a site")
	}
}

// TestSmallSizes checks that odd, tiny sizes still make valid sites.
func TestSmallSizes(t *testing.T) {
	for _, n := range []int{1, 3, 9, 23} {
		site := t.TempDir()
		m, err := generate(site, n, int64(n))
		if err != nil {
			t.Fatal(err)
		}
		res, err := build.Build(build.Options{SiteDir: site, Theme: dudao.Theme, DryRun: true})
		if err != nil {
			t.Fatalf("%d articles: build failed:\n%v", n, err)
		}
		if len(res.Site.Articles) != n || res.Pages != m.expectedPages() {
			t.Errorf("%d articles: built %d articles, %d pages; want %d pages", n, len(res.Site.Articles), res.Pages, m.expectedPages())
		}
	}
}
