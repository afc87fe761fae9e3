package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runDudao(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// An editor's first session: a new site builds; a new issue and article are
// drafts until edited; check and build report content errors with exit 1.
func TestNewSiteThenBuild(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	if code, _, stderr := runDudao(t, "new", "site", dir); code != 0 {
		t.Fatalf("new site: %d %s", code, stderr)
	}
	code, stdout, stderr := runDudao(t, "build", "-s", dir)
	if code != 0 {
		t.Fatalf("build of a new site: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "已生成") || !strings.Contains(stdout, "index.html") {
		t.Errorf("build output: %s", stdout)
	}
	for _, p := range []string{"public/index.html", "public/about/index.html", "public/feed.xml"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Errorf("missing %s", p)
		}
	}
	// The new site's first issue is not a draft; the next one is, until edited.
	entries, _ := filepath.Glob(filepath.Join(dir, "content/bulletins/*/index.md"))
	if len(entries) != 1 {
		t.Fatalf("issues: %v", entries)
	}
	slug := filepath.Base(filepath.Dir(entries[0]))
	next := slug[:5] + "02"
	if code, _, stderr := runDudao(t, "new", "bulletin", next, "-s", dir); code != 0 {
		t.Fatalf("new bulletin: %s", stderr)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "content/bulletins", next, "index.md"))
	if !strings.Contains(string(b), "total = 2") || !strings.Contains(string(b), `series = "某某市教育督导工作信息"`) {
		t.Errorf("new bulletin did not continue the previous issue:\n%s", b)
	}
	if code, _, stderr := runDudao(t, "new", "article", "--issue", next, "-s", dir, "second"); code != 0 {
		t.Fatalf("new article: %s", stderr)
	}
	if code, _, stderr := runDudao(t, "check", "-s", dir); code != 0 {
		t.Fatalf("check after new files: %s", stderr)
	}
	if code, _, stderr := runDudao(t, "check", "-s", dir, "--drafts"); code != 1 || !strings.Contains(stderr, "second.md") {
		t.Errorf("check --drafts of an unfilled article: exit %d, want 1 naming the file:\n%s", code, stderr)
	}
	// Never overwrite.
	if code, _, stderr := runDudao(t, "new", "bulletin", next, "-s", dir); code != 1 || !strings.Contains(stderr, "已经存在") {
		t.Errorf("new bulletin twice: exit %d: %s", code, stderr)
	}
	// A content error: exit 1, the file and line named.
	os.WriteFile(filepath.Join(dir, "content/bulletins", slug, "bad.md"), []byte("+++\ntitle = \"x\"\nunit = \"nowhere\"\n+++\n"), 0o644)
	code, _, stderr = runDudao(t, "build", "-s", dir)
	if code != 1 || !strings.Contains(stderr, "bad.md:3:1: ") {
		t.Errorf("bad content: exit %d\n%s", code, stderr)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"nonsense"},
		{"build", "--no-such-flag"},
		{"build", "extra-arg"},
		{"new"},
		{"new", "bulletin", "2020-x"},
		{"new", "thing", "x"},
		{"build", "--base-url", "not a url", "-s", "../.."},
		{"serve", "extra-arg"},
		{"serve", "--no-such-flag"},
	} {
		if code, _, _ := runDudao(t, args...); code != 2 {
			t.Errorf("dudao %q: exit %d, want 2", args, code)
		}
	}
}

// dudao serve in a folder that is no site says so and stops at once.
func TestServeOutsideASite(t *testing.T) {
	code, _, stderr := runDudao(t, "serve", "-s", t.TempDir(), "--port", "0")
	if code != 1 || !strings.Contains(stderr, "site.toml") {
		t.Errorf("exit %d, %q", code, stderr)
	}
}

func TestHelpAndVersion(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"build", "--help"}, {"check", "-h"}, {"new", "--help"}, {"serve", "--help"}, {"version"}} {
		code, stdout, stderr := runDudao(t, args...)
		if code != 0 || stdout+stderr == "" {
			t.Errorf("dudao %q: exit %d", args, code)
		}
	}
}

func TestCheckExampleSite(t *testing.T) {
	code, stdout, stderr := runDudao(t, "check", "-s", "../..")
	if code != 0 || !strings.Contains(stdout, "没有发现错误") {
		t.Errorf("check: exit %d\n%s%s", code, stdout, stderr)
	}
}
