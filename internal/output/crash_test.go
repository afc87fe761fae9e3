package output

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
)

// The crash tests run one update, old site → new site, that exercises every
// kind of step: changed, unchanged, new and stale files, new and emptied
// directories, a file becoming a directory and a directory becoming a file,
// and a user's files.
var (
	crashOld = map[string]string{
		"index.html":         "old index",
		"same.html":          "same",
		"change.html":        "old change",
		"gone.html":          "gone",
		"posts/a.html":       "a",
		"posts/b.html":       "b old",
		"olddir/x.html":      "x",
		"olddir/sub/y.html":  "y",
		"news":               "news file",
		"blog/index.html":    "blog page",
		"blog/img/p.png":     "png",
		"keep/k.html":        "k",
		"pages/unused.html":  "u",
		"deep/a/b/c/d.html":  "d",
		"deep/a/b/c2/e.html": "e",
	}
	crashUser = map[string]string{"user.txt": "mine", "keep/user.txt": "mine too"}
	crashNew  = map[string]string{
		"index.html":        "new index",
		"same.html":         "same",
		"change.html":       "new change, longer",
		"posts/a.html":      "a",
		"posts/b.html":      "b new",
		"posts/c.html":      "c",
		"fresh/deep/z.html": "z",
		"news/index.html":   "news page",
		"news/more/m.html":  "m",
		"blog":              "blog file",
	}
)

func init() {
	for i := range 20 {
		crashOld[fmt.Sprintf("pages/p%02d.html", i)] = fmt.Sprintf("old page %d", i)
		crashNew[fmt.Sprintf("pages/p%02d.html", i)] = fmt.Sprintf("new page %d, longer", i)
	}
}

var (
	errInjected = errors.New("injected failure")
	errKilled   = errors.New("killed") // panic value standing for SIGKILL
)

// oldSite builds the old site in a fresh folder, adds the user's files, ages
// every mtime and returns the folder and its snapshot.
func oldSite(t *testing.T) (string, map[string]node) {
	t.Helper()
	dest := t.TempDir()
	if _, err := Sync(dest, files(crashOld)); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dest, crashUser)
	ageTree(t, dest)
	return dest, snapshot(t, dest)
}

// syncFailing runs Sync with the test hook failing once at step of phase:
// by a panic (the process is killed there) or by returning an error.
func syncFailing(dest string, fs []File, phase string, step int, kill bool) (err error, killed bool) {
	var fired atomic.Bool
	testHook = func(ph string, n int) error {
		if ph == phase && n == step && fired.CompareAndSwap(false, true) {
			if kill {
				panic(errKilled)
			}
			return errInjected
		}
		return nil
	}
	defer func() { testHook = nil }()
	defer func() {
		if r := recover(); r != nil {
			if r != errKilled {
				panic(r)
			}
			killed = true
		}
	}()
	_, err = Sync(dest, fs)
	return err, false
}

// crashPhases are the hook phases in the order an update passes them, with
// their first step number.
var crashPhases = []struct {
	name  string
	first int
	old   bool // killed there, the update rolls back
}{
	{phaseJournal, 1, true},
	{phasePut, 1, true},
	{phaseStage, 1, true},
	{phaseCommit, 0, false},
}

// countSteps returns how many hook steps each phase of the update has (the
// highest step number).
func countSteps(t *testing.T) map[string]int {
	dest, _ := oldSite(t)
	var mu sync.Mutex
	steps := map[string]int{}
	testHook = func(ph string, n int) error {
		mu.Lock()
		steps[ph] = max(steps[ph], n)
		mu.Unlock()
		return nil
	}
	defer func() { testHook = nil }()
	if _, err := Sync(dest, files(crashNew)); err != nil {
		t.Fatal(err)
	}
	return steps
}

func TestCrashAtEveryStep(t *testing.T) {
	steps := countSteps(t)
	if steps[phaseJournal] != 1 || steps[phasePut] < len(crashNew)-2 || steps[phaseStage] < len(crashNew) || steps[phaseCommit] < len(crashNew) {
		t.Fatalf("too few steps: %v", steps)
	}
	// The new site as an uninterrupted update leaves it.
	ref, _ := oldSite(t)
	if _, err := Sync(ref, files(crashNew)); err != nil {
		t.Fatal(err)
	}
	wantNew := snapshot(t, ref)

	isNew := func(t *testing.T, dest string, old map[string]node) {
		t.Helper()
		got := snapshot(t, dest)
		if d := sameTree(got, wantNew, noTimes); d != "" {
			t.Fatalf("not the new site:\n%s", d)
		}
		for k, n := range got {
			if o, ok := old[k]; ok && !n.dir && o.data == n.data && !n.mtime.Equal(o.mtime) {
				t.Errorf("%s unchanged but rewritten", k)
			}
		}
	}
	isOld := func(t *testing.T, dest string, old map[string]node) {
		t.Helper()
		if d := sameTree(snapshot(t, dest), old, fileTimes); d != "" {
			t.Fatalf("not the old site:\n%s", d)
		}
	}
	// Whatever the crash point, every site or user file present holds its
	// old or its new bytes in full, and so does the manifest.
	complete := func(t *testing.T, dest string, old map[string]node) {
		t.Helper()
		for k, n := range snapshot(t, dest) {
			if n.dir || internal(k) && k != manifestName {
				continue
			}
			o, inOld := old[k]
			w, inNew := wantNew[k]
			if !(inOld && !o.dir && o.data == n.data || inNew && !w.dir && w.data == n.data) {
				t.Errorf("%s holds %q: neither its old nor its new content", k, n.data)
			}
		}
	}

	for _, phase := range crashPhases {
		for step := phase.first; step <= steps[phase.name]; step++ {
			t.Run(fmt.Sprintf("kill/%s/%d", phase.name, step), func(t *testing.T) {
				dest, old := oldSite(t)
				if _, killed := syncFailing(dest, files(crashNew), phase.name, step, true); !killed {
					t.Fatal("the hook did not fire")
				}
				complete(t, dest, old)
				if err := Recover(dest); err != nil {
					t.Fatal(err)
				}
				if phase.old {
					isOld(t, dest, old)
				} else {
					isNew(t, dest, old)
				}
				// The next build then works as usual.
				if _, err := Sync(dest, files(crashNew)); err != nil {
					t.Fatal(err)
				}
				isNew(t, dest, old)
			})
			t.Run(fmt.Sprintf("error/%s/%d", phase.name, step), func(t *testing.T) {
				dest, old := oldSite(t)
				err, _ := syncFailing(dest, files(crashNew), phase.name, step, false)
				if !errors.Is(err, errInjected) {
					t.Fatalf("err = %v, want the injected one", err)
				}
				// No Recover: Sync cleans up after itself.
				if phase.old {
					isOld(t, dest, old)
				} else {
					isNew(t, dest, old)
				}
			})
		}
	}

	// Killed while committing, then killed again while recovering.
	n := steps[phaseCommit]
	for _, first := range []int{1, n / 2, n - 1} {
		for _, second := range []int{1, n / 3, n} {
			t.Run(fmt.Sprintf("kill-twice/%d/%d", first, second), func(t *testing.T) {
				dest, old := oldSite(t)
				if _, killed := syncFailing(dest, files(crashNew), phaseCommit, first, true); !killed {
					t.Fatal("the hook did not fire")
				}
				func() {
					testHook = func(ph string, n int) error {
						if n == second {
							panic(errKilled)
						}
						return nil
					}
					defer func() { testHook = nil; recover() }()
					Recover(dest)
				}()
				complete(t, dest, old)
				if err := Recover(dest); err != nil {
					t.Fatal(err)
				}
				isNew(t, dest, old)
			})
		}
	}
}

// A first build into a folder that does not exist yet, killed while staging,
// leaves an empty folder and no page; one that fails leaves no folder.
func TestCrashOnFirstBuild(t *testing.T) {
	for _, phase := range crashPhases[:3] {
		for step := 1; step <= 4 && (phase.name != phaseJournal || step == 1); step++ {
			dest := t.TempDir() + "/public"
			if _, killed := syncFailing(dest, files(crashNew), phase.name, step, true); !killed {
				t.Fatal("the hook did not fire")
			}
			if err := Recover(dest); err != nil {
				t.Fatal(err)
			}
			if got := snapshot(t, dest); len(got) != 1 {
				t.Errorf("kill %s %d: left %v", phase.name, step, slices.Collect(maps.Keys(got)))
			}

			dest = t.TempDir() + "/public/deeper"
			if err, _ := syncFailing(dest, files(crashNew), phase.name, step, false); !errors.Is(err, errInjected) {
				t.Fatalf("err = %v, want the injected one", err)
			}
			if _, err := os.Lstat(filepath.Dir(dest)); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("error %s %d: the folder was left: %v", phase.name, step, err)
			}
		}
	}
}
