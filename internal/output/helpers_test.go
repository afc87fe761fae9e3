package output

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// node is one entry of a folder snapshot.
type node struct {
	dir   bool
	mode  fs.FileMode
	data  string
	mtime time.Time
}

// snapshot records every entry under root (root itself as "."), with bytes,
// modes and mtimes.
func snapshot(t testing.TB, root string) map[string]node {
	t.Helper()
	snap := map[string]node{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		n := node{dir: d.IsDir(), mode: fi.Mode(), mtime: fi.ModTime()}
		if fi.Mode().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			n.data = string(b)
		}
		snap[filepath.ToSlash(rel)] = n
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

type timeRule int

const (
	allTimes  timeRule = iota // every mtime must match
	fileTimes                 // files' mtimes must match; directories' need not
	noTimes
)

// sameTree reports the differences between two snapshots, or "".
func sameTree(got, want map[string]node, rule timeRule) string {
	var diffs []string
	keys := slices.Sorted(maps.Keys(got))
	for k := range want {
		if _, ok := got[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		g, gok := got[k]
		w, wok := want[k]
		switch {
		case !gok:
			diffs = append(diffs, fmt.Sprintf("%s: missing", k))
		case !wok:
			diffs = append(diffs, fmt.Sprintf("%s: unexpected (%q)", k, g.data))
		case g.dir != w.dir || g.mode != w.mode || g.data != w.data:
			diffs = append(diffs, fmt.Sprintf("%s: got %v %q, want %v %q", k, g.mode, g.data, w.mode, w.data))
		case rule == allTimes || rule == fileTimes && !g.dir:
			if !g.mtime.Equal(w.mtime) {
				diffs = append(diffs, fmt.Sprintf("%s: mtime %v, want %v", k, g.mtime, w.mtime))
			}
		}
	}
	if len(diffs) > 12 {
		diffs = append(diffs[:12], fmt.Sprintf("... %d more", len(diffs)-12))
	}
	return strings.Join(diffs, "\n")
}

var oldTime = time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)

// ageTree sets every mtime under root to oldTime, so any rewrite shows.
func ageTree(t testing.TB, root string) {
	t.Helper()
	var all []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		all = append(all, p)
		return err
	})
	for _, p := range slices.Backward(all) {
		if err := os.Chtimes(p, oldTime, oldTime); err != nil {
			t.Fatal(err)
		}
	}
}

// writeFiles writes m (slash path → content) under root, as a user would.
func writeFiles(t testing.TB, root string, m map[string]string) {
	t.Helper()
	for p, data := range m {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func files(m map[string]string) []File {
	var fs []File
	for _, p := range slices.Sorted(maps.Keys(m)) {
		fs = append(fs, File{Path: p, Data: []byte(m[p])})
	}
	return fs
}

// cloneTree copies src to dst with modes and mtimes.
func cloneTree(t testing.TB, src, dst string) {
	t.Helper()
	snap := snapshot(t, src)
	keys := slices.Sorted(maps.Keys(snap))
	for _, k := range keys {
		n := snap[k]
		p := filepath.Join(dst, filepath.FromSlash(k))
		var err error
		if n.dir {
			err = os.MkdirAll(p, n.mode.Perm())
		} else {
			err = os.WriteFile(p, []byte(n.data), n.mode.Perm())
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range slices.Backward(keys) {
		p := filepath.Join(dst, filepath.FromSlash(k))
		if err := os.Chtimes(p, snap[k].mtime, snap[k].mtime); err != nil {
			t.Fatal(err)
		}
	}
}

// internal reports whether a snapshot key is one of dudao's own working files.
func internal(rel string) bool {
	base := path.Base(rel)
	return strings.HasPrefix(base, reservedPrefix) || strings.HasSuffix(base, tmpSuffix)
}

// leftovers lists temporary files and journals under root.
func leftovers(snap map[string]node) []string {
	var out []string
	for k := range snap {
		if internal(k) && k != manifestName {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}
