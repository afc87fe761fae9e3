package build

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dudao/dudao"
)

// Files are written to the destination as they are rendered. A template that
// fails while executing, after many changed files were already staged, still
// leaves the previous site exactly as it was, and a first build that fails
// so leaves no folder.
func TestFailedRenderAfterStagingLeavesSiteUntouched(t *testing.T) {
	site := t.TempDir()
	copyTree(t, "../..", site, func(rel string) bool {
		top := strings.Split(rel, "/")[0]
		return rel != "." && top != "content" && top != "data" && top != "site.toml" && top != "layouts" && top != "static"
	})
	dest := filepath.Join(site, "public")
	if _, err := Build(Options{SiteDir: site, Theme: dudao.Theme}); err != nil {
		t.Fatal(err)
	}
	old := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	if err := os.Chtimes(dest, old, old); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dest)

	// A new title changes every page; the list pages, rendered after the
	// home page, the issues and the articles, fail.
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(site, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	toml, err := os.ReadFile(filepath.Join(site, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	list := readFile(t, filepath.Join(site, "layouts", "list.html"))
	write("site.toml", strings.Replace(string(toml), `title = "铜陵市教育督导"`, `title = "铜陵市教育督导（新）"`, 1))
	write("layouts/list.html", `{{template "base" .}}{{define "main"}}{{.Article.Title}}{{end}}`)

	_, err = Build(Options{SiteDir: site, Theme: dudao.Theme})
	if err == nil {
		t.Fatal("the build succeeded")
	}
	if !strings.Contains(err.Error(), "渲染") {
		t.Errorf("err = %v, want a rendering error", err)
	}
	after := snapshot(t, dest)
	if len(after) != len(before) {
		t.Errorf("files: %d before, %d after", len(before), len(after))
	}
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s changed", k)
		}
	}
	// The folder's own mtime shows that files were staged, then removed.
	if fi, err := os.Stat(dest); err != nil || fi.ModTime().Equal(old) {
		t.Errorf("nothing was staged before the failure (%v): the test tests nothing", err)
	}

	// A first build that fails the same way leaves no folder.
	fresh := filepath.Join(t.TempDir(), "out")
	if _, err := Build(Options{SiteDir: site, Dest: fresh, Theme: dudao.Theme}); err == nil {
		t.Fatal("the build succeeded")
	}
	if _, err := os.Stat(fresh); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a failed first build left %s: %v", fresh, err)
	}

	// Mended, the build writes the new site.
	write("layouts/list.html", list)
	res, err := Build(Options{SiteDir: site, Theme: dudao.Theme})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.Written == 0 || res.Stats.Written != res.Files-res.Stats.Unchanged {
		t.Errorf("stats %+v for %d files", res.Stats, res.Files)
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
