package output

import (
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestValidPath(t *testing.T) {
	good := []string{"index.html", "bulletins/2020-10/index.html", ".well-known/security.txt",
		"a b/c d.html", "..a", "a..b/c", "é/ü.html", "dudao-manifest", "x.dudao-tmp.html", strings.Repeat("n", maxSegment)}
	for _, p := range good {
		if err := ValidPath(p); err != nil {
			t.Errorf("ValidPath(%q) = %v, want nil", p, err)
		}
	}
	bad := []string{"", "/etc/x", "../x", "a/../../b", "a/..", "..", ".", "...", "./a", "a/./b", "a//b", "a/",
		`a\b`, "a\x00b", "a\nb", "a\tb", "\x7f", ".dudao-manifest", "x/.dudao-journal", "a.dudao-tmp",
		"d/.x.dudao-tmp", strings.Repeat("n", maxSegment+1)}
	for _, p := range bad {
		err := ValidPath(p)
		if err == nil {
			t.Errorf("ValidPath(%q) = nil, want an error", p)
		} else if !strings.Contains(err.Error(), strconv.Quote(p)) {
			t.Errorf("ValidPath(%q) = %q, does not name the path", p, err)
		}
	}
}

func TestFirstSyncThenNoop(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public") // does not exist yet
	site := map[string]string{
		"index.html":                   "<h1>home</h1>",
		"bulletins/2020-10/index.html": "october",
		"bulletins/2020-11/index.html": "november",
		"css/site.css":                 "body{}",
		"empty.txt":                    "",
	}
	st, err := Sync(dest, files(site))
	if err != nil {
		t.Fatal(err)
	}
	if want := (Stats{Written: len(site)}); st != want {
		t.Errorf("first sync: %+v, want %+v", st, want)
	}
	snap := snapshot(t, dest)
	for p, data := range site {
		if n, ok := snap[p]; !ok || n.data != data || n.mode.Perm() != 0o644 {
			t.Errorf("%s: %+v, want %q mode 0644", p, n, data)
		}
	}
	if n := snap["bulletins/2020-10"]; !n.dir || n.mode.Perm() != 0o755 {
		t.Errorf("directory: %+v, want mode 0755", n)
	}
	wantManifest := "# dudao manifest 1\nbulletins/\nbulletins/2020-10/\nbulletins/2020-10/index.html\n" +
		"bulletins/2020-11/\nbulletins/2020-11/index.html\ncss/\ncss/site.css\nempty.txt\nindex.html\n"
	if got := snap[manifestName].data; got != wantManifest {
		t.Errorf("manifest:\n%s\nwant:\n%s", got, wantManifest)
	}
	if l := leftovers(snap); len(l) > 0 {
		t.Errorf("left over: %v", l)
	}

	ageTree(t, dest)
	before := snapshot(t, dest)
	st, err = Sync(dest, files(site))
	if err != nil {
		t.Fatal(err)
	}
	if want := (Stats{Unchanged: len(site)}); st != want {
		t.Errorf("no-op sync: %+v, want %+v", st, want)
	}
	if d := sameTree(snapshot(t, dest), before, allTimes); d != "" {
		t.Errorf("no-op sync touched the folder:\n%s", d)
	}
}

func TestSyncUpdates(t *testing.T) {
	tests := []struct {
		name     string
		preDirs  []string          // directories a user made before the first build
		pre      map[string]string // user files before the first build
		old      map[string]string // the first build; nil: no first build
		userDirs []string          // directories a user made after the first build
		user     map[string]string // user files added after the first build
		new      map[string]string // the build under test
		want     Stats
		wantErr  string   // if set, the folder must be untouched
		keepDirs []string // directories expected beyond the ancestors of the files
	}{{
		name: "changed file is rewritten",
		old:  map[string]string{"a.html": "one", "b.html": "two"},
		new:  map[string]string{"a.html": "uno!", "b.html": "two"},
		want: Stats{Written: 1, Unchanged: 1},
	}, {
		name: "same size, different bytes",
		old:  map[string]string{"a.html": "aaaa", "d/b.html": "bbbb"},
		new:  map[string]string{"a.html": "aaab", "d/b.html": "bbbb"},
		want: Stats{Written: 1, Unchanged: 1},
	}, {
		name: "removed files are deleted, emptied directories too",
		old:  map[string]string{"index.html": "i", "x/y/z.html": "z", "x/w.html": "w", "p/q/r.html": "r", "p/s.html": "s"},
		new:  map[string]string{"index.html": "i", "p/s.html": "s"},
		want: Stats{Unchanged: 2, Removed: 3},
	}, {
		name: "a user's files survive, and so do their directories",
		old:  map[string]string{"index.html": "i", "docs/a.html": "a", "docs/b/c.html": "c"},
		user: map[string]string{"docs/notes.txt": "mine", "top.txt": "mine too"},
		new:  map[string]string{"index.html": "i"},
		want: Stats{Unchanged: 1, Removed: 2},
	}, {
		name:     "a user's empty directory keeps its parent",
		old:      map[string]string{"index.html": "i", "docs/a.html": "a"},
		userDirs: []string{"docs/empty"},
		new:      map[string]string{"index.html": "i"},
		want:     Stats{Unchanged: 1, Removed: 1},
		keepDirs: []string{"docs", "docs/empty"},
	}, {
		name:     "a directory dudao did not create is not removed",
		preDirs:  []string{"docs"},
		old:      map[string]string{"docs/a.html": "a", "docs/sub/b.html": "b"},
		new:      map[string]string{},
		want:     Stats{Removed: 2},
		keepDirs: []string{"docs"},
	}, {
		name: "first build deletes nothing and overwrites what differs",
		pre:  map[string]string{"a.html": "same", "b.html": "stale", "extra/x.txt": "x"},
		new:  map[string]string{"a.html": "same", "b.html": "fresh", "c/d.html": "d"},
		want: Stats{Written: 2, Unchanged: 1},
	}, {
		name: "a file becomes a directory",
		old:  map[string]string{"index.html": "i", "news": "news file", "a/b": "b"},
		new:  map[string]string{"index.html": "i", "news/index.html": "news page", "news/2020/x.html": "x", "a/b/c/d.html": "d"},
		want: Stats{Written: 3, Unchanged: 1, Removed: 2},
	}, {
		name: "a directory becomes a file",
		old:  map[string]string{"index.html": "i", "news/index.html": "news page", "news/img/p.png": "png"},
		new:  map[string]string{"index.html": "i", "news": "news file"},
		want: Stats{Written: 1, Unchanged: 1, Removed: 2},
	}, {
		name: "a site file replaces a user's file at the same path",
		old:  map[string]string{"index.html": "i"},
		user: map[string]string{"about.html": "hand-made"},
		new:  map[string]string{"index.html": "i", "about.html": "generated"},
		want: Stats{Written: 1, Unchanged: 1},
	}, {
		name: "an empty site removes every page",
		old:  map[string]string{"a.html": "a", "d/e/f.html": "f"},
		new:  map[string]string{},
		want: Stats{Removed: 2},
	}, {
		name:    "a directory in the way holds a user's file",
		old:     map[string]string{"news/index.html": "n"},
		user:    map[string]string{"news/mine.txt": "mine"},
		new:     map[string]string{"news": "news file"},
		wantErr: "did not write",
	}, {
		name:    "a user's file is in the way of a directory",
		old:     map[string]string{"index.html": "i"},
		user:    map[string]string{"docs": "a file"},
		new:     map[string]string{"index.html": "i", "docs/a.html": "a"},
		wantErr: "not written by dudao",
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dest := t.TempDir()
			mkdirs(t, dest, tc.preDirs)
			writeFiles(t, dest, tc.pre)
			if tc.old != nil {
				if _, err := Sync(dest, files(tc.old)); err != nil {
					t.Fatal(err)
				}
			}
			mkdirs(t, dest, tc.userDirs)
			writeFiles(t, dest, tc.user)
			ageTree(t, dest)
			before := snapshot(t, dest)

			st, err := Sync(dest, files(tc.new))
			after := snapshot(t, dest)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tc.wantErr)
				}
				if d := sameTree(after, before, allTimes); d != "" {
					t.Errorf("failed sync touched the folder:\n%s", d)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if st != tc.want {
				t.Errorf("stats %+v, want %+v", st, tc.want)
			}

			// The model: user files, the old site over them, user files
			// added later; then the old site's stale files go and the new
			// site is written over all.
			want := maps.Clone(tc.pre)
			if want == nil {
				want = map[string]string{}
			}
			maps.Copy(want, tc.old)
			maps.Copy(want, tc.user)
			for p := range tc.old {
				if _, ok := tc.new[p]; !ok {
					delete(want, p)
				}
			}
			maps.Copy(want, tc.new)
			wantDirs := map[string]bool{}
			for p := range want {
				for d := path.Dir(p); d != "."; d = path.Dir(d) {
					wantDirs[d] = true
				}
			}
			for _, d := range append(tc.keepDirs, tc.userDirs...) {
				wantDirs[d] = true
			}
			for k, n := range after {
				switch {
				case k == "." || k == manifestName:
				case internal(k):
					t.Errorf("left over: %s", k)
				case n.dir && !wantDirs[k]:
					t.Errorf("directory %s should be gone", k)
				case !n.dir && want[k] != n.data:
					if _, ok := want[k]; !ok {
						t.Errorf("file %s should be gone", k)
					} else {
						t.Errorf("%s = %q, want %q", k, n.data, want[k])
					}
				case !n.dir && before[k].data == n.data && !n.mtime.Equal(before[k].mtime):
					t.Errorf("%s unchanged but rewritten (mtime %v)", k, n.mtime)
				}
			}
			for k := range want {
				if _, ok := after[k]; !ok {
					t.Errorf("file %s missing", k)
				}
			}
			for d := range wantDirs {
				if !after[d].dir {
					t.Errorf("directory %s missing", d)
				}
			}
			// And the next identical build changes nothing.
			again := snapshot(t, dest)
			if st, err := Sync(dest, files(tc.new)); err != nil || st.Written+st.Removed != 0 {
				t.Errorf("repeat sync: %+v, %v", st, err)
			}
			if d := sameTree(snapshot(t, dest), again, allTimes); d != "" {
				t.Errorf("repeat sync touched the folder:\n%s", d)
			}
		})
	}
}

func mkdirs(t *testing.T, root string, dirs []string) {
	t.Helper()
	for _, d := range dirs {
		if err := os.MkdirAll(filepath.Join(root, filepath.FromSlash(d)), 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

func TestInvalidSetsTouchNothing(t *testing.T) {
	dest := t.TempDir()
	if _, err := Sync(dest, files(map[string]string{"index.html": "i", "a/b.html": "b", "old.html": "o"})); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dest, map[string]string{"user.txt": "mine"})
	ageTree(t, dest)
	before := snapshot(t, dest)
	ok := File{Path: "index.html", Data: []byte("new")}
	tests := []struct {
		name  string
		files []File
		want  string // in the error
	}{
		{"parent", []File{ok, {Path: "../x"}}, `"../x"`},
		{"absolute", []File{ok, {Path: "/etc/x"}}, `"/etc/x"`},
		{"climbs out", []File{ok, {Path: "a/../../b"}}, `"a/../../b"`},
		{"backslash", []File{ok, {Path: `a\b`}}, `"a\\b"`},
		{"empty segment", []File{ok, {Path: "a//b"}}, `"a//b"`},
		{"empty", []File{ok, {Path: ""}}, `""`},
		{"dot segment", []File{ok, {Path: "a/./b"}}, `"a/./b"`},
		{"NUL", []File{ok, {Path: "a\x00b"}}, `"a\x00b"`},
		{"reserved", []File{ok, {Path: ".dudao-journal"}}, `".dudao-journal"`},
		{"several", []File{{Path: "../a"}, ok, {Path: "../b"}}, "1 more"},
		{"duplicate", []File{ok, {Path: "x.html"}, {Path: "x.html"}}, `duplicate path "x.html"`},
		{"file and directory", []File{ok, {Path: "news"}, {Path: "news/index.html"}}, `"news" is both a file and the directory of "news/index.html"`},
		{"file and deep directory", []File{{Path: "a/b/c/d"}, ok, {Path: "a/b"}}, `"a/b" is both`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Sync(dest, tc.files)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one containing %s", err, tc.want)
			}
			if d := sameTree(snapshot(t, dest), before, allTimes); d != "" {
				t.Errorf("folder touched:\n%s", d)
			}
		})
	}
}

func TestDoesNotMutateInput(t *testing.T) {
	in := files(map[string]string{"b": "b", "a": "a", "c/d": "d"})
	in[0], in[2] = in[2], in[0]
	want := slices.Clone(in)
	if _, err := Sync(t.TempDir(), in); err != nil {
		t.Fatal(err)
	}
	for i := range in {
		if in[i].Path != want[i].Path {
			t.Fatalf("input reordered: %v", in)
		}
	}
}

func TestBadManifestOrJournal(t *testing.T) {
	for _, tc := range []struct{ name, file, data, want string }{
		{"manifest without header", manifestName, "a.html\n", "not a dudao manifest"},
		{"manifest escaping dest", manifestName, manifestHeader + "\n../../etc/passwd\n", `"../../etc/passwd"`},
		{"truncated journal", journalName, "dudao-journal 1\nstate committing\nremove a.html\n", "not a complete dudao journal"},
		{"journal escaping dest", journalName, "dudao-journal 1\nstate committing\nremove ../a\nend\n", `"../a"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dest := t.TempDir()
			writeFiles(t, dest, map[string]string{"a.html": "a", tc.file: tc.data})
			ageTree(t, dest)
			before := snapshot(t, dest)
			_, err := Sync(dest, files(map[string]string{"b.html": "b"}))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one containing %s", err, tc.want)
			}
			if d := sameTree(snapshot(t, dest), before, allTimes); d != "" {
				t.Errorf("folder touched:\n%s", d)
			}
		})
	}
}

func TestRecoverWithoutJournal(t *testing.T) {
	if err := Recover(filepath.Join(t.TempDir(), "missing")); err != nil {
		t.Errorf("missing folder: %v", err)
	}
	dest := t.TempDir()
	if _, err := Sync(dest, files(map[string]string{"a/b.html": "b"})); err != nil {
		t.Fatal(err)
	}
	ageTree(t, dest)
	before := snapshot(t, dest)
	if err := Recover(dest); err != nil {
		t.Fatal(err)
	}
	if d := sameTree(snapshot(t, dest), before, allTimes); d != "" {
		t.Errorf("Recover touched a healthy folder:\n%s", d)
	}
}

func TestSymlinkAtSitePathIsReplaced(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	outside := filepath.Join(root, "outside.txt")
	writeFiles(t, root, map[string]string{"outside.txt": "precious"})
	if _, err := Sync(dest, files(map[string]string{"index.html": "i"})); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dest, "about.html")); err != nil {
		t.Fatal(err)
	}
	st, err := Sync(dest, files(map[string]string{"index.html": "i", "about.html": "precious"}))
	if err != nil {
		t.Fatal(err)
	}
	if want := (Stats{Written: 1, Unchanged: 1}); st != want {
		t.Errorf("stats %+v, want %+v", st, want)
	}
	fi, err := os.Lstat(filepath.Join(dest, "about.html"))
	if err != nil || !fi.Mode().IsRegular() {
		t.Errorf("about.html: %v, %v; want a regular file", fi, err)
	}
	if b, _ := os.ReadFile(outside); string(b) != "precious" {
		t.Errorf("the link's target changed: %q", b)
	}
}
