// Package output writes a rendered site to its destination folder. It is the
// last step of a build: the renderer hands over the site's files one at a
// time, from several goroutines, to a transaction (Begin, Put, Commit or
// Abort) that brings the folder (usually public/) up to date without ever
// holding the whole site in memory. Sync does the same for a site already in
// memory as a []File.
//
// The folder is never deleted and re-created. Only what changed is written,
// because on the disks dudao runs on rewriting a file costs about ten times
// comparing it, and creating files soon after deleting many is very slow.
//
// # Promise
//
// A failed or killed build never leaves a broken or half-written site. At
// every moment each page on disk is complete, with either its old or its new
// bytes. When a transaction is aborted, or Commit or Sync returns an error,
// the folder holds exactly the old site, or exactly the new one if the error
// came while moving files into place and a second attempt succeeded; only if
// the disk keeps refusing renames or deletions is an update left part-way,
// with its journal, for the next build (or Recover) to finish. When the
// process dies during a transaction, Recover (which the next Begin runs
// first) restores exactly the old site or finishes the new one. "Exactly"
// covers names, bytes, modes and file mtimes; a rolled-back update may leave
// new mtimes on directories. A first build into a folder that did not exist
// leaves no folder when aborted, and an empty one when rolled back by Recover
// after the process died.
//
// Files already up to date are never rewritten, and only files named in the
// previous manifest are ever deleted. A transaction in which nothing changes
// leaves the folder untouched, down to the mtimes; so does one that fails
// before its first change is staged (an invalid path, a conflict with a
// user's file, an unreadable folder), and Sync checks every path, and the set
// as a whole, before it begins.
//
// # Mechanism
//
//  1. Begin: recover any earlier interrupted update, read the previous
//     manifest (.dudao-manifest). Nothing is written.
//  2. Put, once per file, concurrently: check the path (see ValidPath), that
//     no earlier Put had the same path, and that none is a directory of the
//     other; find the file's directory (creating it if missing, after noting
//     it in the journal); compare the file with the disk (size, then bytes).
//     If the file is up to date, only its path is kept. Otherwise its
//     temporary name is appended to the journal and its bytes are written
//     there at once: ".NAME.dudao-tmp" in its final directory, or
//     ".dudao-staged-N.tmp" at the top when a stale dudao file stands where
//     its directory must go. Anything in the way that dudao did not write is
//     an error. The journal (.dudao-journal, state "staging") is created,
//     through a temporary name and a rename, by the first Put that changes
//     something, and grows by appends.
//  3. Commit: list the stale files, the files named in the previous manifest
//     that the site no longer has; list the directories dudao created that
//     will be left empty. Files a user put in the folder are never deleted;
//     one at a path the site writes is overwritten. With no manifest (first
//     build) nothing is deleted. If nothing changes, stop. Otherwise stage the
//     new manifest under a temporary name, and replace the staging journal
//     (again by a rename) with a "committing" one that lists every step:
//     delete stale files; delete emptied directories, deepest first; create
//     directories a stale file was blocking; rename every staged file into
//     place; rename the manifest into place last. Do the steps, delete the
//     journal. Nothing is fsynced: the promise covers the process dying, not
//     the machine (a power cut, a kernel crash).
//
// Recover rolls a "staging" journal back (delete every temporary file it
// names, whether or not it was written, and the temporary manifest, then the
// directories made for them, deepest first) and a "committing" journal
// forward (replay its steps, each of which is idempotent). Every name is
// appended to the staging journal before the file or directory it names is
// made, so the journal always names a superset of what exists; a line cut
// short by the process dying names something not yet begun, and is ignored.
//
// The manifest lists, one per line and sorted, every file dudao wrote and,
// with a trailing slash, every directory it created. Only those directories
// are removed when they become empty, with one exception: a directory
// standing where the site now has a file is removed if it holds nothing but
// stale files dudao wrote.
//
// A transaction holds a few dozen bytes per file (its path, and its
// temporary name if it changed), never file contents. Directories are
// created with mode 0755 and files with 0644, less the umask. Two builds
// must not update the same folder at the same time.
package output

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// File is one output file. Path is slash-separated and relative to the
// destination folder, e.g. "bulletins/2020-10/index.html".
type File struct {
	Path string
	Data []byte
}

// Stats counts what an update did: files written (new or changed), files left
// untouched because they were already up to date, and stale files removed.
type Stats struct {
	Written, Unchanged, Removed int
}

const (
	dirPerm  = 0o755
	filePerm = 0o644 // before umask

	manifestHeader = "# dudao manifest 1"
)

// Sync makes dest hold exactly files, plus any files dudao never wrote,
// writing only what changed. It creates dest if needed. It checks every path
// and the set as a whole before touching anything, then runs a transaction
// (Begin, Put on GOMAXPROCS goroutines, Commit). See the package
// documentation for what it guarantees when it fails.
func Sync(dest string, files []File) (Stats, error) {
	s, err := newSite(files)
	if err != nil {
		return Stats{}, err
	}
	t, err := Begin(dest)
	if err != nil {
		return Stats{}, err
	}
	// A failed Put fails the transaction: Commit then rolls back and
	// returns the first error.
	_ = forEach(len(s.files), func(i int) error {
		return t.Put(s.files[i].Path, s.files[i].Data)
	})
	return t.Commit()
}

type dirState uint8

const (
	dirExists  dirState = iota
	dirMissing          // created while staging
	dirBlocked          // a stale dudao file is at or above it: created at commit
)

type fileState uint8

const (
	fileUnchanged fileState = iota
	fileWrite               // nothing, a file or a symlink is at the path
	fileOverDir             // a directory is at the path and must go first
)

// onDisk is what probe found at a path.
type onDisk uint8

const (
	diskAbsent  onDisk = iota
	diskDir            // a directory
	diskDiffers        // a file with other bytes, a symbolic link, a device...
	diskSame           // a regular file holding exactly the data
)

// probeOS is the portable probe: Lstat, then if a regular file of the right
// size, read it in pieces the size of buf and compare.
func probeOS(name string, data, buf []byte) (onDisk, error) {
	fi, err := os.Lstat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return diskAbsent, nil
	case err != nil:
		return 0, err
	case fi.IsDir():
		return diskDir, nil
	case !fi.Mode().IsRegular() || fi.Size() != int64(len(data)):
		return diskDiffers, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	off := 0
	for {
		n, err := f.Read(buf)
		if n > 0 {
			if off+n > len(data) || !bytes.Equal(buf[:n], data[off:off+n]) {
				return diskDiffers, nil
			}
			off += n
		}
		if err == io.EOF {
			if off == len(data) {
				return diskSame, nil
			}
			return diskDiffers, nil
		}
		if err != nil {
			return 0, err
		}
	}
}

// planRemovals lists the stale files and the directories to delete: those
// standing where the site now has a file (found by Put) and those dudao
// created that the removals leave empty, deepest first.
func (t *Txn) planRemovals() (removes, rmdirs []string, err error) {
	removeSet := map[string]bool{}
	for _, name := range sortedKeys(t.oldFiles) {
		if _, ok := t.files[name]; ok {
			continue
		}
		full := abs(t.dest, name)
		fi, err := os.Lstat(full)
		if gone(err) || err == nil && fi.IsDir() {
			continue // already gone, or the user put a directory there
		}
		if err != nil {
			return nil, nil, fsErr("reading", full, err)
		}
		removes = append(removes, name)
		removeSet[name] = true
	}

	rmdirSet := map[string]bool{}
	for _, d := range t.overDirs {
		rmdirSet[d] = true
	}
	// Directories dudao created that the removals leave empty. Climbing
	// from each stale file stops at a directory already climbed through:
	// its ancestors have been looked at too.
	memo, climbed := map[string][]string{}, map[string]bool{}
	for _, name := range removes {
		for d := path.Dir(name); d != "." && t.oldDirs[d] && !t.siteDir(d) && !climbed[d]; d = path.Dir(d) {
			climbed[d] = true
			ok, sub, err := t.emptyAfter(d, removeSet, true, memo)
			if err != nil {
				return nil, nil, err
			}
			if !ok {
				break // then no ancestor becomes empty either
			}
			for _, s := range sub {
				rmdirSet[s] = true
			}
		}
	}
	rmdirs = sortedKeys(rmdirSet)
	slices.Reverse(rmdirs) // a descendant sorts after its ancestor
	return removes, rmdirs, nil
}

// emptyAfter reports whether directory d will hold nothing once the files in
// removeSet are deleted and its empty subdirectories removed, and if so
// returns d and those subdirectories. With own, every subdirectory must be one
// dudao created and none may be one the site needs (own is for Commit only:
// it reads the set of paths Put). memo, if not nil, keeps every answer (nil
// for "no") so that no directory is read twice.
func (t *Txn) emptyAfter(d string, removeSet map[string]bool, own bool, memo map[string][]string) (bool, []string, error) {
	if dirs, seen := memo[d]; seen {
		return dirs != nil, dirs, nil
	}
	full := abs(t.dest, d)
	entries, err := os.ReadDir(full)
	if err != nil {
		return false, nil, fsErr("reading", full, err)
	}
	dirs := []string{d}
	for _, e := range entries {
		rel := d + "/" + e.Name()
		if !e.IsDir() {
			if !removeSet[rel] {
				dirs = nil
				break
			}
			continue
		}
		if own && (!t.oldDirs[rel] || t.siteDir(rel)) {
			dirs = nil
			break
		}
		ok, sub, err := t.emptyAfter(rel, removeSet, own, memo)
		if err != nil {
			return false, nil, err
		}
		if !ok {
			dirs = nil
			break
		}
		dirs = append(dirs, sub...)
	}
	if memo != nil {
		memo[d] = dirs
	}
	return dirs != nil, dirs, nil
}

// buildManifest writes the new manifest: every site file (names, sorted),
// and every directory dudao created that will still exist.
func (t *Txn) buildManifest(names, rmdirs []string) []byte {
	rm := make(map[string]bool, len(rmdirs))
	for _, d := range rmdirs {
		rm[d] = true
	}
	own := map[string]bool{}
	for d := range t.oldDirs {
		if rm[d] {
			continue
		}
		if n, ok := t.dirs[d]; ok {
			if n.st == dirExists {
				own[d] = true
			} // otherwise it is in made or mkdirs
			continue
		}
		if fi, err := os.Stat(abs(t.dest, d)); err == nil && fi.IsDir() {
			own[d] = true
		}
	}
	for _, d := range t.made {
		own[d] = true
	}
	for _, d := range t.mkdirs {
		own[d] = true
	}
	dirs := sortedKeys(own)
	var b bytes.Buffer
	b.Grow(len(manifestHeader) + 1 + (len(names)+len(dirs))*64)
	b.WriteString(manifestHeader + "\n")
	// Merge the sorted files with the sorted directory lines.
	lines := make([]string, 0, len(dirs))
	for _, d := range dirs {
		lines = append(lines, d+"/")
	}
	slices.Sort(lines)
	i, j := 0, 0
	for i < len(names) || j < len(lines) {
		var l string
		if j == len(lines) || i < len(names) && names[i] < lines[j] {
			l, i = names[i], i+1
		} else {
			l, j = lines[j], j+1
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// forEach calls fn(i) for every i in [0, n) on up to GOMAXPROCS goroutines.
// After a failure no new index is started; the error returned is the one
// with the lowest index. A panic in fn is re-raised here once every goroutine
// has stopped, so nothing is still writing when the caller unwinds.
func forEach(n int, fn func(i int) error) error {
	workers := min(runtime.GOMAXPROCS(0), n)
	var (
		next     atomic.Int64
		stop     atomic.Bool
		mu       sync.Mutex
		errIndex = n
		firstErr error
		panicked bool
		panicVal any
		wg       sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					mu.Lock()
					if !panicked {
						panicked, panicVal = true, r
					}
					mu.Unlock()
					stop.Store(true)
				}
			}()
			for !stop.Load() {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				if err := fn(i); err != nil {
					mu.Lock()
					if i < errIndex {
						errIndex, firstErr = i, err
					}
					mu.Unlock()
					stop.Store(true)
				}
			}
		})
	}
	wg.Wait()
	if panicked {
		panic(panicVal)
	}
	return firstErr
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
