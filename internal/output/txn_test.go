package output

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// putAll puts fs on n goroutines, in a shuffled order, and returns the
// first error.
func putAll(t *Txn, fs []File, n int) error {
	order := rand.Perm(len(fs))
	var (
		wg    sync.WaitGroup
		next  = make(chan int)
		mu    sync.Mutex
		first error
	)
	for range n {
		wg.Go(func() {
			for i := range next {
				if err := t.Put(fs[i].Path, fs[i].Data); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		})
	}
	for _, i := range order {
		next <- i
	}
	close(next)
	wg.Wait()
	return first
}

// bigSites are an old and a new site of a few hundred files in three levels
// of directories, with every kind of change.
func bigSites() (old, new map[string]string) {
	old, new = map[string]string{}, map[string]string{}
	for s := range 6 {
		for d := range 10 {
			for f := range 8 {
				p := fmt.Sprintf("s%d/d%d/p%d.html", s, d, f)
				old[p] = fmt.Sprintf("page %s, version 1", p)
				switch {
				case s == 5: // a whole section goes
				case (d+f)%3 == 0:
					new[p] = fmt.Sprintf("page %s, version 2", p)
				default:
					new[p] = old[p]
				}
			}
			new[fmt.Sprintf("n%d/d%d/new.html", s, d)] = "new"
		}
	}
	old["s0/d0"+"x"] = "a file that becomes a directory"
	new["s0/d0x/index.html"] = "now a directory"
	return old, new
}

func withProcs(t *testing.T, n int) {
	prev := runtime.GOMAXPROCS(n)
	t.Cleanup(func() { runtime.GOMAXPROCS(prev) })
}

func TestTxnConcurrentPuts(t *testing.T) {
	withProcs(t, 8)
	oldM, newM := bigSites()
	ref := t.TempDir()
	if _, err := Sync(ref, files(oldM)); err != nil {
		t.Fatal(err)
	}
	wantStats, err := Sync(ref, files(newM))
	if err != nil {
		t.Fatal(err)
	}
	want := snapshot(t, ref)

	dest := t.TempDir()
	if _, err := Sync(dest, files(oldM)); err != nil {
		t.Fatal(err)
	}
	ageTree(t, dest)
	before := snapshot(t, dest)
	txn, err := Begin(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer txn.Abort()
	if err := putAll(txn, files(newM), 32); err != nil {
		t.Fatal(err)
	}
	st, err := txn.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if st != wantStats {
		t.Errorf("stats %+v, want %+v", st, wantStats)
	}
	got := snapshot(t, dest)
	if d := sameTree(got, want, noTimes); d != "" {
		t.Errorf("not the site Sync makes:\n%s", d)
	}
	for k, n := range got {
		if o, ok := before[k]; ok && !n.dir && o.data == n.data && !n.mtime.Equal(o.mtime) {
			t.Errorf("%s unchanged but rewritten", k)
		}
	}
}

// Killed in the middle of Puts made on many goroutines, at several points,
// the update rolls back; killed in Commit it goes forward.
func TestCrashConcurrentPuts(t *testing.T) {
	withProcs(t, 8)
	oldM, newM := bigSites()
	steps := map[string]int{}
	{
		dest := t.TempDir()
		if _, err := Sync(dest, files(oldM)); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		testHook = func(ph string, n int) error {
			mu.Lock()
			steps[ph] = max(steps[ph], n)
			mu.Unlock()
			return nil
		}
		_, err := Sync(dest, files(newM))
		testHook = nil
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, phase := range crashPhases {
		n := steps[phase.name]
		for _, step := range []int{phase.first, n / 3, n / 2, n - 1, n} {
			if step < phase.first {
				continue
			}
			t.Run(fmt.Sprintf("%s/%d", phase.name, step), func(t *testing.T) {
				dest := t.TempDir()
				if _, err := Sync(dest, files(oldM)); err != nil {
					t.Fatal(err)
				}
				ageTree(t, dest)
				old := snapshot(t, dest)
				if _, killed := syncFailing(dest, files(newM), phase.name, step, true); !killed {
					t.Fatal("the hook did not fire")
				}
				if err := Recover(dest); err != nil {
					t.Fatal(err)
				}
				got := snapshot(t, dest)
				if l := leftovers(got); len(l) > 0 {
					t.Fatalf("left over: %v", l)
				}
				if phase.old {
					if d := sameTree(got, old, fileTimes); d != "" {
						t.Fatalf("not the old site:\n%s", d)
					}
				} else if st, err := Sync(dest, files(newM)); err != nil || st.Written+st.Removed != 0 {
					t.Fatalf("not the new site: a further Sync did %+v, %v", st, err)
				}
			})
		}
	}
}

// A journal whose last append was cut short by the process dying is still
// rolled back.
func TestRecoverCutJournal(t *testing.T) {
	dest, old := oldSite(t)
	if _, killed := syncFailing(dest, files(crashNew), phasePut, 5, true); !killed {
		t.Fatal("the hook did not fire")
	}
	f, err := os.OpenFile(filepath.Join(dest, journalName), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("tmp posts/.c.ht")
	f.Close()
	if err := Recover(dest); err != nil {
		t.Fatal(err)
	}
	if d := sameTree(snapshot(t, dest), old, fileTimes); d != "" {
		t.Fatalf("not the old site:\n%s", d)
	}
}

// A staging journal naming anything but a temporary file is refused: its
// rollback deletes nothing.
func TestRecoverRefusesOddTmp(t *testing.T) {
	dest, _ := oldSite(t)
	writeFiles(t, dest, map[string]string{journalName: journalHeader + "\nstate staging\ntmp index.html\n"})
	ageTree(t, dest)
	old := snapshot(t, dest)
	err := Recover(dest)
	if err == nil || !strings.Contains(err.Error(), `"index.html" is not a temporary file`) {
		t.Fatalf("err = %v", err)
	}
	if d := sameTree(snapshot(t, dest), old, allTimes); d != "" {
		t.Errorf("folder touched:\n%s", d)
	}
}

func TestTxnAbort(t *testing.T) {
	dest, old := oldSite(t)
	txn, err := Begin(dest)
	if err != nil {
		t.Fatal(err)
	}
	// Every kind of staging: a new directory, a changed file, a file under
	// a directory blocked by a stale file, a file over a directory.
	if err := putAll(txn, files(crashNew), 4); err != nil {
		t.Fatal(err)
	}
	if err := txn.Abort(); err != nil {
		t.Fatal(err)
	}
	if d := sameTree(snapshot(t, dest), old, fileTimes); d != "" {
		t.Fatalf("not the old site:\n%s", d)
	}
	if err := txn.Abort(); err != nil {
		t.Errorf("second Abort: %v", err)
	}
	if err := txn.Put("x.html", nil); err == nil {
		t.Error("Put after Abort succeeded")
	}
	if _, err := txn.Commit(); err == nil {
		t.Error("Commit after Abort succeeded")
	}

	// A first build, aborted, leaves no folder, even several levels deep.
	root := t.TempDir()
	dest = filepath.Join(root, "a", "b", "public")
	if txn, err = Begin(dest); err != nil {
		t.Fatal(err)
	}
	if err := putAll(txn, files(crashNew), 4); err != nil {
		t.Fatal(err)
	}
	if err := txn.Abort(); err != nil {
		t.Fatal(err)
	}
	if got := snapshot(t, root); len(got) != 1 {
		t.Errorf("left %v", got)
	}
}

func TestTxnNothingChanged(t *testing.T) {
	dest, old := oldSite(t)
	for _, commit := range []bool{true, false} {
		txn, err := Begin(dest)
		if err != nil {
			t.Fatal(err)
		}
		if err := putAll(txn, files(crashOld), 4); err != nil {
			t.Fatal(err)
		}
		if commit {
			st, err := txn.Commit()
			if want := (Stats{Unchanged: len(crashOld)}); err != nil || st != want {
				t.Errorf("Commit: %+v, %v; want %+v", st, err, want)
			}
			if err := txn.Abort(); err != nil {
				t.Errorf("Abort after Commit: %v", err)
			}
		} else if err := txn.Abort(); err != nil {
			t.Fatal(err)
		}
		if d := sameTree(snapshot(t, dest), old, allTimes); d != "" {
			t.Errorf("commit=%v: folder touched:\n%s", commit, d)
		}
	}
}

// A Put that fails fails the transaction: Commit returns its error and
// leaves the folder as it was, whatever was staged before.
func TestTxnPutErrors(t *testing.T) {
	tests := []struct {
		name  string
		puts  []string // the last one fails
		user  map[string]string
		want  string
		touch bool // something was staged before the failure
	}{
		{"invalid", []string{"index.html", "../x"}, nil, `invalid path "../x"`, true},
		{"reserved", []string{"a/.dudao-journal"}, nil, `".dudao-journal" is a name reserved`, false},
		{"duplicate", []string{"posts/c.html", "posts/c.html"}, nil, `duplicate path "posts/c.html"`, true},
		{"file then directory", []string{"x", "x/y/z.html"}, nil, `"x" is both a file and the directory of "x/y/z.html"`, true},
		{"directory then file", []string{"x/y/z.html", "x/y"}, nil, `"x/y" is both a file and the directory of "x/y/z.html"`, true},
		{"user's file in the way", []string{"change.html", "mine/a.html"}, map[string]string{"mine": "a file"}, "not written by dudao", true},
		{"user's file in a directory in the way", []string{"posts"}, map[string]string{"posts/mine.txt": "mine"}, "did not write", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dest, _ := oldSite(t)
			writeFiles(t, dest, tc.user)
			ageTree(t, dest)
			old := snapshot(t, dest)
			txn, err := Begin(dest)
			if err != nil {
				t.Fatal(err)
			}
			last := len(tc.puts) - 1
			for i, p := range tc.puts {
				err := txn.Put(p, []byte("new "+p))
				if i < last && err != nil {
					t.Fatalf("Put(%q): %v", p, err)
				}
				if i == last && (err == nil || !strings.Contains(err.Error(), tc.want)) {
					t.Fatalf("Put(%q) = %v, want an error containing %s", p, err, tc.want)
				}
			}
			if err := txn.Put("later.html", []byte("later")); err == nil {
				t.Error("a Put after a failed one succeeded")
			}
			if _, err := txn.Commit(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Commit: %v, want the Put's error", err)
			}
			rule := allTimes
			if tc.touch {
				rule = fileTimes
			}
			if d := sameTree(snapshot(t, dest), old, rule); d != "" {
				t.Errorf("folder touched:\n%s", d)
			}
		})
	}
}

// A transaction keeps no file's bytes: putting 64 MiB leaves the heap about
// where it was.
func TestTxnHoldsNoFileBytes(t *testing.T) {
	dest := t.TempDir()
	txn, err := Begin(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer txn.Abort()
	heap := func() uint64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	start := heap()
	for i := range 64 {
		data := make([]byte, 1<<20)
		data[i] = 1
		if err := txn.Put(fmt.Sprintf("d%d/f.bin", i), data); err != nil {
			t.Fatal(err)
		}
	}
	if grown := int64(heap()) - int64(start); grown > 4<<20 {
		t.Errorf("the heap grew by %d bytes over 64 Puts of 1 MiB", grown)
	}
	if st, err := txn.Commit(); err != nil || st.Written != 64 {
		t.Fatalf("%+v, %v", st, err)
	}
}

func TestTxnPutAfterCommit(t *testing.T) {
	txn, err := Begin(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := txn.Put("a.html", []byte("a")); err != nil {
		t.Fatal(err)
	}
	if _, err := txn.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := txn.Put("b.html", nil); err == nil {
		t.Error("Put after Commit succeeded")
	}
	if _, err := txn.Commit(); err == nil {
		t.Error("second Commit succeeded")
	}
	if err := txn.Abort(); err != nil {
		t.Errorf("Abort after Commit: %v", err)
	}
}
