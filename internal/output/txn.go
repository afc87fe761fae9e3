package output

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Txn is an update of a destination folder fed one file at a time: Begin,
// then Put for every file of the site (from any number of goroutines), then
// Commit, or Abort to leave the folder as it was. See the package
// documentation for the mechanism and what it promises.
//
// Commit and Abort wait for Puts in flight; a Put after them fails. Once a
// Put has failed the transaction can only be abandoned: later Puts stage
// nothing, and Commit rolls back and returns the first error. Abort after
// Commit (or a second Abort) does nothing, so "defer t.Abort()" is safe.
type Txn struct {
	dest        string
	destExists  bool // at Begin
	oldFiles    map[string]bool
	oldDirs     map[string]bool
	oldManifest []byte

	// life is held shared by every Put and exclusively by Commit and Abort.
	life sync.RWMutex
	done bool // Commit or Abort has run

	mu       sync.Mutex
	files    map[string]entry  // every path Put
	dirOf    map[string]string // every directory they need → the path that first needed it
	overDirs []string          // directories where the site has a file, and their subdirectories
	made     []string          // directories created while staging, parents first
	mkdirs   []string          // directories to create at commit (a stale file is in the way)
	err      error             // the first failure of a Put

	dmu  sync.Mutex
	dirs map[string]*dirNode // every directory the paths need, once looked at

	jmu         sync.Mutex
	started     bool     // dest may have been changed: a rollback is due on failure
	jfile       *os.File // the staging journal, open for appending
	jerr        error    // once the journal cannot be written, nothing more is staged
	createdDest []string // folders made for dest itself, deepest first

	staged atomic.Int64 // numbers the files staged at the top (stagedPrefix)
	steps  atomic.Int64 // test hook steps of phaseStage
	puts   atomic.Int64 // test hook steps of phasePut
}

// entry is what a Txn keeps of one file.
type entry struct {
	state fileState
	tmp   string // staged name, "" if unchanged
}

// dirNode is the state of one directory the site needs, looked at (and
// created if missing) by the first Put that needs it.
type dirNode struct {
	mu   sync.Mutex
	done bool
	st   dirState
	err  error
}

// bufPool holds the scratch buffers probe reads existing files into.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// Begin starts an update of dest: it finishes or rolls back an earlier
// interrupted one (see Recover) and reads the previous manifest. It writes
// nothing else; dest is created by the first change staged.
func Begin(dest string) (*Txn, error) {
	if err := Recover(dest); err != nil {
		return nil, err
	}
	t := &Txn{
		dest:  dest,
		files: map[string]entry{},
		dirOf: map[string]string{},
		dirs:  map[string]*dirNode{},
	}
	switch fi, err := os.Stat(dest); {
	case err == nil && !fi.IsDir():
		return nil, fmt.Errorf("output: %s: not a directory", dest)
	case err == nil:
		t.destExists = true
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fsErr("reading", dest, err)
	}
	if err := t.readManifest(); err != nil {
		return nil, err
	}
	return t, nil
}

func (t *Txn) readManifest() error {
	t.oldFiles, t.oldDirs = map[string]bool{}, map[string]bool{}
	if !t.destExists {
		return nil
	}
	mpath := filepath.Join(t.dest, manifestName)
	data, err := os.ReadFile(mpath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fsErr("reading", mpath, err)
	}
	t.oldManifest = data
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if lines[0] != manifestHeader {
		return fmt.Errorf("output: %s: not a dudao manifest; delete it to start afresh (then nothing is deleted)", mpath)
	}
	for n, line := range lines[1:] {
		name, isDir := strings.CutSuffix(line, "/")
		if err := ValidPath(name); err != nil {
			return fmt.Errorf("output: %s line %d: %w", mpath, n+2, err)
		}
		if isDir {
			t.oldDirs[name] = true
		} else {
			t.oldFiles[name] = true
		}
	}
	return nil
}

// Put adds one file to the update. It checks the path (ValidPath), that no
// earlier Put had it, and that neither is a directory of the other; then it
// compares data with the file on disk, and if they differ writes data at once
// to a temporary name, creating directories as needed. It keeps nothing of
// data. It is safe for concurrent use.
func (t *Txn) Put(name string, data []byte) error {
	t.life.RLock()
	defer t.life.RUnlock()
	if t.done {
		return fmt.Errorf("output: %q: Put after Commit or Abort", name)
	}
	err := t.put(name, data)
	if err != nil {
		t.mu.Lock()
		if t.err == nil {
			t.err = err
		}
		t.mu.Unlock()
	}
	return err
}

func (t *Txn) put(name string, data []byte) error {
	if err := ValidPath(name); err != nil {
		return err
	}
	if err := t.reserve(name); err != nil {
		return err
	}
	dir, base := path.Split(name)
	dir = strings.TrimSuffix(dir, "/")
	st := dirExists
	if dir != "" {
		var err error
		if st, err = t.resolveDir(dir); err != nil {
			return err
		}
	} else if !t.destExists {
		st = dirMissing
	}
	e := entry{state: fileWrite, tmp: path.Join(dir, "."+base+tmpSuffix)}
	switch st {
	case dirBlocked:
		e.tmp = stagedPrefix + strconv.FormatInt(t.staged.Add(1), 10) + ".tmp"
	case dirExists:
		full := abs(t.dest, name)
		buf := bufPool.Get().(*[]byte)
		got, err := probe(full, data, *buf)
		bufPool.Put(buf)
		if err != nil {
			return fsErr("reading", full, err)
		}
		switch got {
		case diskSame:
			return nil // the entry reserve made says unchanged
		case diskDir:
			// It must go, whoever made it, but only if nothing but
			// files dudao wrote is inside. Those are all stale: a file
			// of the site below this path would conflict with it.
			e.state = fileOverDir
			ok, sub, err := t.emptyAfter(name, t.oldFiles, false, nil)
			if err != nil {
				return err
			}
			if !ok {
				return fmt.Errorf("output: %s: the site has a file here, but the directory here holds files dudao did not write", full)
			}
			t.mu.Lock()
			t.overDirs = append(t.overDirs, sub...)
			t.mu.Unlock()
		}
	}
	// Keep the name, then journal it, then write: whatever the point of
	// failure, Abort and Recover know every temporary file there may be.
	t.mu.Lock()
	t.files[name] = e
	t.mu.Unlock()
	if err := t.journalLine("tmp " + e.tmp); err != nil {
		return err
	}
	if err := hook(phasePut, int(t.puts.Add(1))); err != nil {
		return err
	}
	full := abs(t.dest, e.tmp)
	if err := writeFile(full, data); err != nil {
		return fsErr("writing", full, err)
	}
	return hook(phaseStage, int(t.steps.Add(1)))
}

// reserve records name after checking it against every path Put so far.
func (t *Txn) reserve(name string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.err != nil {
		return fmt.Errorf("output: %q not written: an earlier file failed (%w)", name, t.err)
	}
	if _, dup := t.files[name]; dup {
		return fmt.Errorf("output: duplicate path %q", name)
	}
	if f, ok := t.dirOf[name]; ok {
		return fmt.Errorf("output: %q is both a file and the directory of %q", name, f)
	}
	var add []string
	// Climb until a directory already seen: its ancestors were checked then.
	for d := path.Dir(name); d != "."; d = path.Dir(d) {
		if _, seen := t.dirOf[d]; seen {
			break
		}
		if _, isFile := t.files[d]; isFile {
			return fmt.Errorf("output: %q is both a file and the directory of %q", d, name)
		}
		add = append(add, d)
	}
	for _, d := range add {
		t.dirOf[d] = name
	}
	t.files[name] = entry{}
	return nil
}

// siteDir reports whether d is a directory of a path Put.
func (t *Txn) siteDir(d string) bool {
	_, ok := t.dirOf[d]
	return ok
}

// resolveDir finds, the first time directory d is needed, whether it exists,
// is missing (then creates it) or has a stale dudao file at or above it.
func (t *Txn) resolveDir(d string) (dirState, error) {
	t.dmu.Lock()
	n := t.dirs[d]
	if n == nil {
		n = &dirNode{}
		t.dirs[d] = n
	}
	t.dmu.Unlock()
	// Locks are taken from a directory up to its ancestors, never down.
	n.mu.Lock()
	defer n.mu.Unlock()
	if !n.done {
		n.st, n.err = t.lookDir(d)
		n.done = true
	}
	return n.st, n.err
}

func (t *Txn) lookDir(d string) (dirState, error) {
	parent := dirExists
	if up := path.Dir(d); up != "." {
		var err error
		if parent, err = t.resolveDir(up); err != nil {
			return 0, err
		}
	} else if !t.destExists {
		parent = dirMissing
	}
	full := abs(t.dest, d)
	switch parent {
	case dirBlocked:
		t.blocked(d)
		return dirBlocked, nil
	case dirExists:
		fi, err := os.Stat(full)
		switch {
		case err == nil && fi.IsDir():
			return dirExists, nil
		case err == nil && t.oldFiles[d]:
			// A file dudao wrote, stale now (the site cannot hold both d
			// and d/...): deleted at commit, then the directory is made.
			t.blocked(d)
			return dirBlocked, nil
		case err == nil:
			return 0, fmt.Errorf("output: %s %w", full, errNotDir)
		case !gone(err):
			return 0, fsErr("reading", full, err)
		}
	}
	// Missing: journal it, then make it.
	if err := t.journalLine("made " + d); err != nil {
		return 0, err
	}
	t.mu.Lock()
	t.made = append(t.made, d)
	t.mu.Unlock()
	if err := os.Mkdir(full, dirPerm); err != nil {
		if fi, serr := os.Stat(full); serr != nil || !fi.IsDir() {
			return 0, fsErr("creating", full, err)
		}
	}
	return dirMissing, hook(phaseStage, int(t.steps.Add(1)))
}

func (t *Txn) blocked(d string) {
	t.mu.Lock()
	t.mkdirs = append(t.mkdirs, d)
	t.mu.Unlock()
}

// journalLine appends one line to the staging journal, first creating the
// journal (and dest) if this is the first change.
func (t *Txn) journalLine(line string) error {
	t.jmu.Lock()
	defer t.jmu.Unlock()
	if err := t.startLocked(); err != nil {
		return err
	}
	if _, err := t.jfile.WriteString(line + "\n"); err != nil {
		// The line may be cut short: append nothing more after it.
		t.jerr = fsErr("writing journal", t.jfile.Name(), err)
		return t.jerr
	}
	return nil
}

// startJournal creates the staging journal if it does not exist yet.
func (t *Txn) startJournal() error {
	t.jmu.Lock()
	defer t.jmu.Unlock()
	return t.startLocked()
}

func (t *Txn) startLocked() error {
	if t.jerr != nil {
		return t.jerr
	}
	if t.jfile != nil {
		return nil
	}
	if t.started {
		return errors.New("output: internal error: the staging journal is closed")
	}
	t.started = true
	t.jerr = t.createJournal()
	if t.jerr == nil {
		t.jerr = hook(phaseJournal, 1)
	}
	return t.jerr
}

func (t *Txn) createJournal() error {
	if !t.destExists {
		for p := filepath.Clean(t.dest); ; p = filepath.Dir(p) {
			if _, err := os.Lstat(p); !gone(err) {
				break
			}
			t.createdDest = append(t.createdDest, p)
			if filepath.Dir(p) == p {
				break
			}
		}
		if err := os.MkdirAll(t.dest, dirPerm); err != nil {
			return fsErr("creating", t.dest, err)
		}
	}
	j := &journal{state: stateStaging}
	if err := j.save(t.dest); err != nil {
		return err
	}
	jpath := filepath.Join(t.dest, journalName)
	f, err := os.OpenFile(jpath, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return fsErr("writing journal", jpath, err)
	}
	t.jfile = f
	return nil
}

// closeJournal closes the staging journal's file; the journal stays.
func (t *Txn) closeJournal() error {
	t.jmu.Lock()
	defer t.jmu.Unlock()
	if t.jfile == nil {
		return nil
	}
	err := t.jfile.Close()
	t.jfile = nil
	if err != nil {
		return fsErr("writing journal", filepath.Join(t.dest, journalName), err)
	}
	return nil
}

// Commit finishes the update once every Put has returned: it deletes the
// stale files, moves every staged file into place, and writes the new
// manifest, through a journal that lets Recover finish the work if the
// process dies. If a Put failed, or anything fails before the first file is
// moved, it rolls back and dest is as it was.
func (t *Txn) Commit() (Stats, error) {
	t.life.Lock()
	defer t.life.Unlock()
	if t.done {
		return Stats{}, errors.New("output: Commit after Commit or Abort")
	}
	t.done = true
	if t.err != nil {
		return Stats{}, t.abandon(t.err)
	}
	names := sortedKeys(t.files)
	var stats Stats
	for _, name := range names {
		if t.files[name].state == fileUnchanged {
			stats.Unchanged++
		} else {
			stats.Written++
		}
	}
	removes, rmdirs, err := t.planRemovals()
	if err != nil {
		return Stats{}, t.abandon(err)
	}
	stats.Removed = len(removes)
	manifest := t.buildManifest(names, rmdirs)
	if t.destExists && stats.Written == 0 && len(removes) == 0 && len(rmdirs) == 0 &&
		bytes.Equal(manifest, t.oldManifest) {
		return stats, t.rollback() // nothing was staged: touches nothing
	}

	if err := t.startJournal(); err != nil {
		return Stats{}, t.abandon(err)
	}
	mtmp := filepath.Join(t.dest, manifestTmp)
	if err := os.WriteFile(mtmp, manifest, filePerm); err != nil {
		return Stats{}, t.abandon(fsErr("writing", mtmp, err))
	}
	if err := hook(phaseStage, int(t.steps.Add(1))); err != nil {
		return Stats{}, t.abandon(err)
	}
	j := &journal{state: stateCommit, made: t.made}
	for _, name := range removes {
		j.ops = append(j.ops, op{kind: opRemove, path: name})
	}
	for _, d := range rmdirs {
		j.ops = append(j.ops, op{kind: opRmdir, path: d})
	}
	for _, d := range t.mkdirs {
		j.ops = append(j.ops, op{kind: opMkdir, path: d})
	}
	for _, name := range names {
		if e := t.files[name]; e.state != fileUnchanged {
			j.ops = append(j.ops, op{kind: opRename, path: name, tmp: e.tmp})
		}
	}
	j.ops = append(j.ops, op{kind: opRename, path: manifestName, tmp: manifestTmp})
	if err := t.closeJournal(); err != nil {
		return Stats{}, t.abandon(err)
	}
	if err := j.save(t.dest); err != nil {
		return Stats{}, t.abandon(err)
	}
	// From here on the update can only go forward.
	if err := j.commit(t.dest); err != nil {
		// Every step is idempotent: one more try may get past a transient
		// failure. If not, the journal stays for Recover.
		if rerr := j.commit(t.dest); rerr != nil {
			return Stats{}, fmt.Errorf("%w; the update of %s is incomplete: the next build (or Recover) will finish it", err, t.dest)
		}
		return Stats{}, fmt.Errorf("%w (a second attempt finished the update)", err)
	}
	return stats, nil
}

// Abort abandons the update once every Put has returned: it deletes every
// temporary file and every directory it created, and the journal. dest is
// then as it was before Begin (bar directory mtimes, and what Recover did).
// After Commit it does nothing.
func (t *Txn) Abort() error {
	t.life.Lock()
	defer t.life.Unlock()
	if t.done {
		return nil
	}
	t.done = true
	return t.rollback()
}

// abandon rolls back after err.
func (t *Txn) abandon(err error) error {
	if rerr := t.rollback(); rerr != nil {
		return errors.Join(err, rerr)
	}
	return err
}

// rollback undoes staging from what the Txn remembers, which is what the
// journal says too.
func (t *Txn) rollback() error {
	cerr := t.closeJournal()
	if !t.started {
		return cerr
	}
	j := &journal{state: stateStaging, made: t.made}
	for _, e := range t.files {
		if e.tmp != "" {
			j.tmps = append(j.tmps, e.tmp)
		}
	}
	if err := j.rollback(t.dest); err != nil {
		return err
	}
	for _, d := range t.createdDest {
		if err := rmdirIfEmpty(d); err != nil {
			return err
		}
	}
	return nil
}
