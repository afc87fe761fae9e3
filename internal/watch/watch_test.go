package watch

import (
	"flag"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Every change must show up within this time of the change; an unwanted
// path must not show up within settle after the wanted ones did.
const (
	within = time.Second
	settle = 500 * time.Millisecond
)

// TestMain lets all subtests run at once unless -parallel says otherwise:
// they wait on timers, not on the processor, and one at a time per core
// they would take many seconds.
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		flag.Set("test.parallel", "64")
	}
	os.Exit(m.Run())
}

var modes = []struct {
	name string
	poll bool
}{
	{"fsnotify", false},
	{"poll", true},
}

// siteDir makes a small site. layouts/ is missing on purpose.
func siteDir(t *testing.T) string {
	root := t.TempDir()
	for name, text := range map[string]string{
		"site.toml":                      "title = \"x\"\n",
		"content/bulletins/2020-10/a.md": "a\n",
		"content/bulletins/2020-10/b.md": "b\n",
		"data/yian.csv":                  "1,2\n",
		"static/css/site.css":            "body{}\n",
		"public/index.html":              "<p>built</p>\n",
	} {
		write(t, root, name, text)
	}
	return root
}

func write(t *testing.T, root, rel, text string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func remove(t *testing.T, root, rel string) {
	t.Helper()
	if err := os.RemoveAll(filepath.Join(root, filepath.FromSlash(rel))); err != nil {
		t.Fatal(err)
	}
}

func rename(t *testing.T, root, from, to string) {
	t.Helper()
	if err := os.Rename(filepath.Join(root, filepath.FromSlash(from)), filepath.Join(root, filepath.FromSlash(to))); err != nil {
		t.Fatal(err)
	}
}

func start(t *testing.T, root string, poll bool) *Watcher {
	t.Helper()
	w, err := New(Options{
		Root:  root,
		Dirs:  []string{"content", "layouts", "data", "static"},
		Files: []string{"site.toml"},
		Poll:  poll,
	})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for err := range w.Errors() {
			t.Errorf("watch error: %v", err)
		}
	}()
	t.Cleanup(func() {
		if err := w.Close(); err != nil {
			t.Error(err)
		}
		<-done
	})
	return w
}

// expect waits until the batches together hold exactly want, then for
// settle more to see that nothing else comes.
func expect(t *testing.T, w *Watcher, want ...string) {
	t.Helper()
	slices.Sort(want)
	got := map[string]bool{}
	began := time.Now()
	deadline := time.After(within)
	var quiet <-chan time.Time
	for {
		select {
		case b := <-w.Batches():
			if !slices.IsSorted(b) || len(slices.Compact(slices.Clone(b))) != len(b) {
				t.Errorf("batch not sorted and de-duplicated: %q", b)
			}
			for _, p := range b {
				got[p] = true
			}
			if extra := without(got, want); len(extra) > 0 {
				t.Fatalf("unwanted paths %q (wanted %q)", extra, want)
			}
			if quiet == nil && len(got) == len(want) {
				t.Logf("%d paths after %v", len(want), time.Since(began).Round(time.Millisecond))
				quiet = time.After(settle)
			}
		case <-deadline:
			if quiet == nil {
				t.Fatalf("after %v: got %q, want %q", within, slices.Sorted(maps.Keys(got)), want)
			}
		case <-quiet:
			return
		}
	}
}

// nothing checks that no batch comes for a while.
func nothing(t *testing.T, w *Watcher, d time.Duration) {
	t.Helper()
	select {
	case b := <-w.Batches():
		t.Fatalf("unexpected batch %q", b)
	case <-time.After(d):
	}
}

func without(got map[string]bool, want []string) []string {
	var extra []string
	for p := range got {
		if !slices.Contains(want, p) {
			extra = append(extra, p)
		}
	}
	slices.Sort(extra)
	return extra
}

const dir = "content/bulletins/2020-10"

func TestChanges(t *testing.T) {
	cases := []struct {
		name string
		run  func(t *testing.T, root string, w *Watcher)
	}{
		{"write", func(t *testing.T, root string, w *Watcher) {
			write(t, root, dir+"/c.md", "new\n")
			expect(t, w, dir+"/c.md")
			write(t, root, dir+"/a.md", "changed\n")
			expect(t, w, dir+"/a.md")
		}},
		{"rename over", func(t *testing.T, root string, w *Watcher) {
			write(t, root, dir+"/a.md.tmp123", "saved atomically\n")
			rename(t, root, dir+"/a.md.tmp123", dir+"/a.md")
			expect(t, w, dir+"/a.md")
			write(t, root, dir+"/.b.md.swp", "saved by a swap file\n")
			rename(t, root, dir+"/.b.md.swp", dir+"/b.md")
			expect(t, w, dir+"/b.md")
			// A slow save: the watcher sees the temporary file before
			// it is renamed, still within one batch.
			write(t, root, dir+"/a.md.tmp456", "saved slowly\n")
			time.Sleep(DefaultQuiet / 3)
			rename(t, root, dir+"/a.md.tmp456", dir+"/a.md")
			expect(t, w, dir+"/a.md")
		}},
		{"vim save", func(t *testing.T, root string, w *Watcher) {
			write(t, root, dir+"/4913", "")
			remove(t, root, dir+"/4913")
			rename(t, root, dir+"/a.md", dir+"/a.md~")
			write(t, root, dir+"/a.md", "saved by vim\n")
			remove(t, root, dir+"/a.md~")
			expect(t, w, dir+"/a.md")
		}},
		{"mkdir -p", func(t *testing.T, root string, w *Watcher) {
			write(t, root, "content/x/y/z.md", "deep\n") // MkdirAll, then the file at once
			expect(t, w, "content/x", "content/x/y", "content/x/y/z.md")
			write(t, root, "content/x/y/later.md", "later\n") // the new folder is watched
			expect(t, w, "content/x/y/later.md")
		}},
		{"delete file", func(t *testing.T, root string, w *Watcher) {
			remove(t, root, dir+"/a.md")
			expect(t, w, dir+"/a.md")
		}},
		{"delete folder", func(t *testing.T, root string, w *Watcher) {
			remove(t, root, "content/bulletins")
			expect(t, w, "content/bulletins", dir, dir+"/a.md", dir+"/b.md")
			write(t, root, dir+"/a.md", "back\n") // and it can come back
			expect(t, w, "content/bulletins", dir, dir+"/a.md")
		}},
		{"rename folder", func(t *testing.T, root string, w *Watcher) {
			rename(t, root, "content/bulletins", "content/archive")
			expect(t, w, "content/bulletins", dir, dir+"/a.md", dir+"/b.md",
				"content/archive", "content/archive/2020-10", "content/archive/2020-10/a.md", "content/archive/2020-10/b.md")
			// The subfolder's old watch must not report under the old name.
			write(t, root, "content/archive/2020-10/c.md", "c\n")
			expect(t, w, "content/archive/2020-10/c.md")
		}},
		{"folder appears", func(t *testing.T, root string, w *Watcher) {
			write(t, root, "layouts/page.html", "<main></main>\n")
			expect(t, w, "layouts", "layouts/page.html")
			write(t, root, "layouts/partials/head.html", "<head></head>\n")
			expect(t, w, "layouts/partials", "layouts/partials/head.html")
		}},
		{"site.toml", func(t *testing.T, root string, w *Watcher) {
			write(t, root, "site.toml", "title = \"y\"\n")
			expect(t, w, "site.toml")
			write(t, root, ".site.toml.tmp", "title = \"z\"\n")
			rename(t, root, ".site.toml.tmp", "site.toml")
			expect(t, w, "site.toml")
		}},
		{"ignored", func(t *testing.T, root string, w *Watcher) {
			for _, name := range []string{".a.md.swp", ".a.md.swx", ".a.md.swo", "a.md~", "4913", "#a.md#", ".#a.md",
				"a.md___jb_tmp___", "a.md___jb_old___", ".goutputstream-ABC123", ".DS_Store", "Thumbs.db", "~$report.docx",
				".~lock.report.docx#"} {
				write(t, root, dir+"/"+name, "x")
			}
			write(t, root, "content/.git/objects/ab", "x")
			write(t, root, "public/index.html", "<p>rebuilt</p>\n") // not watched
			write(t, root, "notes.txt", "x")                        // not watched
			write(t, root, "layouts~/page.html", "x")               // not watched
			// Temporary files that come and go.
			write(t, root, dir+"/a.md.tmp123", "x")
			remove(t, root, dir+"/a.md.tmp123")
			write(t, root, "content/tmp/x.md", "x")
			remove(t, root, "content/tmp")
			write(t, root, dir+"/a.md.tmp456", "x")
			time.Sleep(DefaultQuiet / 3) // seen by the watcher, gone before the batch is sent
			remove(t, root, dir+"/a.md.tmp456")
			nothing(t, w, DefaultInterval+DefaultQuiet+settle)
			// Still watching.
			write(t, root, dir+"/a.md", "changed\n")
			expect(t, w, dir+"/a.md")
		}},
		{"overflow", func(t *testing.T, root string, w *Watcher) {
			// Fake lost events: the next batch starts with Rescan, and
			// watching goes on.
			if w.fsw == nil {
				t.Skip("polling loses no events")
			}
			w.fsw.Errors <- fsnotify.ErrEventOverflow
			expect(t, w, Rescan)
			write(t, root, "content/x/y.md", "x\n")
			expect(t, w, "content/x", "content/x/y.md")
		}},
		{"batching", func(t *testing.T, root string, w *Watcher) {
			// Writes closer than Quiet end up in one batch, but a batch
			// never waits much longer than maxWait for its first event.
			first := time.Now()
			var b []string
			for i := 0; b == nil; i++ {
				if time.Since(first) > maxWait+within {
					t.Fatal("no batch while writing continuously")
				}
				write(t, root, dir+"/a.md", strings.Repeat("x", i))
				select {
				case b = <-w.Batches():
				case <-time.After(DefaultQuiet / 3):
				}
			}
			if !slices.Equal(b, []string{dir + "/a.md"}) {
				t.Errorf("batch %q", b)
			}
			t.Logf("first batch after %v of continuous writes", time.Since(first))
		}},
	}
	for _, m := range modes {
		for _, c := range cases {
			t.Run(m.name+"/"+c.name, func(t *testing.T) {
				t.Parallel()
				root := siteDir(t)
				w := start(t, root, m.poll)
				c.run(t, root, w)
			})
		}
	}
}

// TestPollTemporary drives a polling watcher by hand: a temporary file seen
// by one walk and renamed over the real file before the batch is sent is
// not reported, neither then nor as removed by the next walk.
func TestPollTemporary(t *testing.T) {
	root := siteDir(t)
	w, err := newWatcher(Options{Root: root, Dirs: []string{"content"}, Poll: true})
	if err != nil {
		t.Fatal(err)
	}
	write(t, root, dir+"/a.md.tmp123", "saved\n")
	w.scan()
	rename(t, root, dir+"/a.md.tmp123", dir+"/a.md")
	w.flush()
	if w.ready != nil {
		t.Errorf("first batch %q, want none", w.ready)
	}
	w.scan()
	w.flush()
	if !slices.Equal(w.ready, []string{dir + "/a.md"}) {
		t.Errorf("second batch %q, want a.md only", w.ready)
	}
	if len(w.errq) > 0 {
		t.Error(w.errq)
	}
}

// TestClose checks that Close stops every goroutine and closes the channels.
// It does not run in parallel, so that the goroutines counted are its own.
func TestClose(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			root := siteDir(t)
			w, err := New(Options{Root: root, Dirs: []string{"content"}, Poll: m.poll})
			if err != nil {
				t.Fatal(err)
			}
			write(t, root, "content/a.md", "a\n")
			if b := <-w.Batches(); !slices.Equal(b, []string{"content/a.md"}) {
				t.Errorf("batch %q", b)
			}
			write(t, root, "content/b.md", "b\n") // a batch pending at Close
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal("second Close:", err)
			}
			for b := range w.Batches() {
				t.Errorf("batch after Close: %q", b)
			}
			for err := range w.Errors() {
				t.Errorf("error after Close: %v", err)
			}
			deadline := time.Now().Add(within)
			for runtime.NumGoroutine() > before {
				if time.Now().After(deadline) {
					buf := make([]byte, 1<<16)
					t.Fatalf("%d goroutines before New, %d after Close:\n%s", before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
				}
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
}

func TestIgnored(t *testing.T) {
	for _, name := range []string{"a.md~", ".a.md.swp", "4913", ".#a.md", "#a.md#", "a___jb_tmp___", ".goutputstream-X1", ".git", "~$a.docx"} {
		if !Ignored(name) {
			t.Errorf("%s not ignored", name)
		}
	}
	for _, name := range []string{"a.md", "#", "49130", "a.tmp", ".htaccess", "index.html", "2020-10", "#tag"} {
		if Ignored(name) {
			t.Errorf("%s ignored", name)
		}
	}
}

func TestNewErrors(t *testing.T) {
	if _, err := New(Options{Root: filepath.Join(t.TempDir(), "missing")}); err == nil {
		t.Error("no error for a missing site folder")
	}
	if _, err := New(Options{Root: t.TempDir(), Dirs: []string{"../x"}}); err == nil {
		t.Error("no error for a folder outside the site")
	}
}
