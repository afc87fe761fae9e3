// Package output writes a rendered site to its destination folder. It is the
// last step of a build: render produces every page in memory as a []File,
// then Sync brings the folder (usually public/) up to date with it.
//
// Sync never deletes and re-creates the folder. It writes only what changed,
// because on the disks dudao runs on rewriting a file costs about ten times
// comparing it, and creating files soon after deleting many is very slow.
//
// # Promise
//
// A failed or killed build never leaves a broken or half-written site. At
// every moment each page on disk is complete, with either its old or its new
// bytes. When Sync returns an error the folder holds exactly the old site, or
// exactly the new one if the error came while moving files into place and a
// second attempt succeeded; only if the disk keeps refusing renames or
// deletions is an update left part-way, with its journal, for
// the next Sync (or Recover) to finish. When the process dies during Sync,
// Recover (which the next Sync runs first) restores exactly the old site or
// finishes the new one. "Exactly" covers names, bytes, modes and file mtimes;
// a rolled-back update may leave new mtimes on directories, and a first build
// into a folder that did not exist leaves it existing but empty.
//
// A build that fails before writing (an invalid path, a conflict with a
// user's file, an unreadable folder) leaves the folder untouched, down to the
// mtimes, as does a build in which nothing changed; apart from finishing an
// earlier interrupted update, if there was one.
//
// # Mechanism
//
//  1. Validate: every path (see ValidPath), then the set: no duplicates, no
//     path that is both a file and a directory of another.
//  2. Recover any earlier interrupted Sync.
//  3. Plan, read-only: compare each file with the disk (size, then bytes, on
//     a GOMAXPROCS worker pool); list the stale files, the files named in the
//     previous manifest (.dudao-manifest) that the site no longer has; list
//     the directories dudao created that will be left empty, and any
//     directory or stale file in the way of a new file. Anything in the way
//     that dudao did not write is an error. Files a user put in the folder are
//     never deleted; one at a path the site writes is overwritten. With no
//     manifest (first build) nothing is deleted. If nothing changes, stop.
//  4. Stage: write the journal (.dudao-journal, state "staging", listing every
//     step to come; always written to a temporary name and renamed), create
//     missing directories, and write each changed file to ".NAME.dudao-tmp"
//     in its final directory, plus the new manifest to a temporary name.
//     Nothing is fsynced: the promise covers the process dying, not the
//     machine (a power cut, a kernel crash).
//  5. Commit: switch the journal to "committing"; delete stale files; delete
//     emptied directories, deepest first; create directories a stale file was
//     blocking; rename every staged file into place; rename the manifest
//     into place last; delete the journal.
//
// Recover rolls a "staging" journal back (delete the staged files and the
// directories made for them) and a "committing" journal forward (replay its
// steps, each of which is idempotent). The manifest lists, one per line and
// sorted, every file dudao wrote and, with a trailing slash, every directory
// it created. Only those directories are removed when they become empty,
// with one exception: a directory standing where the site now has a file is
// removed if it holds nothing but stale files dudao wrote.
//
// Directories are created with mode 0755 and files with 0644, less the umask.
// Two builds must not sync the same folder at the same time.
package output

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// File is one output file. Path is slash-separated and relative to the
// destination folder, e.g. "bulletins/2020-10/index.html".
type File struct {
	Path string
	Data []byte
}

// Stats counts what a Sync did: files written (new or changed), files left
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
// writing only what changed. It creates dest if needed. See the package
// documentation for what it guarantees when it fails.
func Sync(dest string, files []File) (Stats, error) {
	s, err := newSite(files)
	if err != nil {
		return Stats{}, err
	}
	if err := Recover(dest); err != nil {
		return Stats{}, err
	}
	p, err := makePlan(dest, s)
	if err != nil {
		return Stats{}, err
	}
	if p.upToDate() {
		return p.stats, nil
	}
	if err := p.apply(); err != nil {
		return Stats{}, err
	}
	return p.stats, nil
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

type plan struct {
	dest       string
	destExists bool
	site       *site

	oldFiles, oldDirs map[string]bool // from the previous manifest
	oldManifest       []byte

	dirs    map[string]dirState // for every directory in site.dirs
	state   []fileState         // per site.files
	tmp     []string            // per site.files: staged name, "" if unchanged
	made    []string            // directories to create while staging
	mkdirs  []string            // directories to create at commit
	removes []string            // stale files to delete
	rmdirs  []string            // directories to delete, deepest first

	manifest []byte
	stats    Stats
}

func makePlan(dest string, s *site) (*plan, error) {
	p := &plan{dest: dest, site: s, dirs: make(map[string]dirState, len(s.dirs))}
	switch fi, err := os.Stat(dest); {
	case err == nil && !fi.IsDir():
		return nil, fmt.Errorf("output: %s: not a directory", dest)
	case err == nil:
		p.destExists = true
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fsErr("reading", dest, err)
	}
	if err := p.readManifest(); err != nil {
		return nil, err
	}
	if err := p.planDirs(); err != nil {
		return nil, err
	}
	if err := p.compare(); err != nil {
		return nil, err
	}
	if err := p.planRemovals(); err != nil {
		return nil, err
	}
	p.buildManifest()
	return p, nil
}

func (p *plan) readManifest() error {
	p.oldFiles, p.oldDirs = map[string]bool{}, map[string]bool{}
	if !p.destExists {
		return nil
	}
	mpath := filepath.Join(p.dest, manifestName)
	data, err := os.ReadFile(mpath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fsErr("reading", mpath, err)
	}
	p.oldManifest = data
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
			p.oldDirs[name] = true
		} else {
			p.oldFiles[name] = true
		}
	}
	return nil
}

// planDirs finds, for every directory the site needs, whether it exists, is
// missing, or has a stale dudao file at or above it.
func (p *plan) planDirs() error {
	const (
		isDir = iota
		isMissing
		isOther
	)
	found := make([]uint8, len(p.site.dirs))
	if p.destExists {
		err := forEach(len(found), func(i int, _ []byte) error {
			full := abs(p.dest, p.site.dirs[i])
			fi, err := os.Stat(full)
			switch {
			case err == nil && fi.IsDir():
				found[i] = isDir
			case err == nil:
				found[i] = isOther
			case gone(err):
				found[i] = isMissing
			default:
				return fsErr("reading", full, err)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	for i, d := range p.site.dirs { // parents come first
		parent := dirExists
		if up := path.Dir(d); up != "." {
			parent = p.dirs[up]
		} else if !p.destExists {
			parent = dirMissing
		}
		switch {
		case parent == dirMissing || parent == dirExists && found[i] == isMissing:
			p.dirs[d] = dirMissing
			p.made = append(p.made, d)
		case parent == dirBlocked:
			p.dirs[d] = dirBlocked
			p.mkdirs = append(p.mkdirs, d)
		case found[i] == isDir:
			p.dirs[d] = dirExists
		case p.oldFiles[d]:
			// A file dudao wrote, stale now (the site cannot hold both d and
			// d/...): deleted at commit, then the directory is made.
			p.dirs[d] = dirBlocked
			p.mkdirs = append(p.mkdirs, d)
		default:
			return fmt.Errorf("output: %s %w", abs(p.dest, d), errNotDir)
		}
	}
	return nil
}

// compare decides, for every file, whether it must be written, and where it
// is staged.
func (p *plan) compare() error {
	n := len(p.site.files)
	p.state = make([]fileState, n)
	p.tmp = make([]string, n)
	err := forEach(n, func(i int, buf []byte) error {
		f := p.site.files[i]
		dir, base := path.Split(f.Path)
		dir = strings.TrimSuffix(dir, "/")
		st := dirExists
		if dir != "" {
			st = p.dirs[dir]
		} else if !p.destExists {
			st = dirMissing
		}
		switch st {
		case dirBlocked:
			p.state[i] = fileWrite
			p.tmp[i] = stagedPrefix + strconv.Itoa(i) + ".tmp"
			return nil
		case dirMissing:
			p.state[i] = fileWrite
		case dirExists:
			full := abs(p.dest, f.Path)
			got, err := probe(full, f.Data, buf)
			if err != nil {
				return fsErr("reading", full, err)
			}
			switch got {
			case diskSame:
				return nil // fileUnchanged
			case diskDir:
				p.state[i] = fileOverDir
			default:
				p.state[i] = fileWrite
			}
		}
		p.tmp[i] = path.Join(dir, "."+base+tmpSuffix)
		return nil
	})
	if err != nil {
		return err
	}
	for _, st := range p.state {
		if st == fileUnchanged {
			p.stats.Unchanged++
		} else {
			p.stats.Written++
		}
	}
	return nil
}

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

// planRemovals lists stale files, the directories that become empty, and the
// directories that stand where the site now has a file.
func (p *plan) planRemovals() error {
	removeSet := map[string]bool{}
	for _, name := range sortedKeys(p.oldFiles) {
		if _, ok := p.site.index[name]; ok {
			continue
		}
		full := abs(p.dest, name)
		fi, err := os.Lstat(full)
		if gone(err) || err == nil && fi.IsDir() {
			continue // already gone, or the user put a directory there
		}
		if err != nil {
			return fsErr("reading", full, err)
		}
		p.removes = append(p.removes, name)
		removeSet[name] = true
	}
	p.stats.Removed = len(p.removes)

	rmdirSet := map[string]bool{}
	// A directory where the site now has a file must go, whoever made it,
	// but only if nothing but stale dudao files is inside.
	for i, f := range p.site.files {
		if p.state[i] != fileOverDir {
			continue
		}
		ok, sub, err := p.emptyAfter(f.Path, removeSet, false, nil)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("output: %s: the site has a file here, but the directory here holds files dudao did not write", abs(p.dest, f.Path))
		}
		for _, d := range sub {
			rmdirSet[d] = true
		}
	}
	// Directories dudao created that the removals leave empty. Climbing
	// from each stale file stops at a directory already climbed through:
	// its ancestors have been looked at too.
	memo, climbed := map[string][]string{}, map[string]bool{}
	for _, name := range p.removes {
		for d := path.Dir(name); d != "." && p.oldDirs[d] && !p.site.dirSet[d] && !climbed[d]; d = path.Dir(d) {
			climbed[d] = true
			ok, sub, err := p.emptyAfter(d, removeSet, true, memo)
			if err != nil {
				return err
			}
			if !ok {
				break // then no ancestor becomes empty either
			}
			for _, s := range sub {
				rmdirSet[s] = true
			}
		}
	}
	p.rmdirs = sortedKeys(rmdirSet)
	slices.Reverse(p.rmdirs) // a descendant sorts after its ancestor
	return nil
}

// emptyAfter reports whether directory d will hold nothing once the files in
// removeSet are deleted and its empty subdirectories removed, and if so
// returns d and those subdirectories. With own, every subdirectory must be one
// dudao created and none may be one the site needs. memo, if not nil, keeps
// every answer (nil for "no") so that no directory is read twice.
func (p *plan) emptyAfter(d string, removeSet map[string]bool, own bool, memo map[string][]string) (bool, []string, error) {
	if dirs, seen := memo[d]; seen {
		return dirs != nil, dirs, nil
	}
	full := abs(p.dest, d)
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
		if own && (!p.oldDirs[rel] || p.site.dirSet[rel]) {
			dirs = nil
			break
		}
		ok, sub, err := p.emptyAfter(rel, removeSet, own, memo)
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

// buildManifest writes the new manifest: every site file, and every directory
// dudao created that will still exist.
func (p *plan) buildManifest() {
	rm := make(map[string]bool, len(p.rmdirs))
	for _, d := range p.rmdirs {
		rm[d] = true
	}
	own := map[string]bool{}
	for d := range p.oldDirs {
		if rm[d] {
			continue
		}
		if st, ok := p.dirs[d]; ok {
			if st == dirExists {
				own[d] = true
			} // otherwise it is in made or mkdirs
			continue
		}
		if fi, err := os.Stat(abs(p.dest, d)); err == nil && fi.IsDir() {
			own[d] = true
		}
	}
	for _, d := range p.made {
		own[d] = true
	}
	for _, d := range p.mkdirs {
		own[d] = true
	}
	lines := make([]string, 0, len(p.site.files)+len(own))
	for _, f := range p.site.files {
		lines = append(lines, f.Path)
	}
	for d := range own {
		lines = append(lines, d+"/")
	}
	slices.Sort(lines)
	var b bytes.Buffer
	b.WriteString(manifestHeader + "\n")
	for _, l := range lines {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	p.manifest = b.Bytes()
}

func (p *plan) upToDate() bool {
	return p.destExists && p.stats.Written == 0 && len(p.removes) == 0 && len(p.rmdirs) == 0 &&
		bytes.Equal(p.manifest, p.oldManifest)
}

// journal lists every step of the update, in the order commit performs them.
func (p *plan) journal() *journal {
	j := &journal{state: stateStaging, made: p.made}
	for _, name := range p.removes {
		j.ops = append(j.ops, op{kind: opRemove, path: name})
	}
	for _, d := range p.rmdirs {
		j.ops = append(j.ops, op{kind: opRmdir, path: d})
	}
	for _, d := range p.mkdirs {
		j.ops = append(j.ops, op{kind: opMkdir, path: d})
	}
	for i, f := range p.site.files {
		if p.state[i] != fileUnchanged {
			j.ops = append(j.ops, op{kind: opRename, path: f.Path, tmp: p.tmp[i]})
		}
	}
	j.ops = append(j.ops, op{kind: opRename, path: manifestName, tmp: manifestTmp})
	return j
}

func (p *plan) apply() error {
	if err := os.MkdirAll(p.dest, dirPerm); err != nil {
		return fsErr("creating", p.dest, err)
	}
	j := p.journal()
	if err := j.save(p.dest); err != nil {
		return err
	}
	if err := p.stage(); err != nil {
		if rerr := j.rollback(p.dest); rerr != nil {
			return errors.Join(err, rerr)
		}
		return err
	}
	j.state = stateCommit
	if err := j.save(p.dest); err != nil {
		j.state = stateStaging
		if rerr := j.rollback(p.dest); rerr != nil {
			return errors.Join(err, rerr)
		}
		return err
	}
	if err := j.commit(p.dest); err != nil {
		// Every step is idempotent: one more try may get past a transient
		// failure. If not, the journal stays for Recover.
		if rerr := j.commit(p.dest); rerr != nil {
			return fmt.Errorf("%w; the update of %s is incomplete: the next Sync (or Recover) will finish it", err, p.dest)
		}
		return fmt.Errorf("%w (a second attempt finished the update)", err)
	}
	return nil
}

// stage creates the missing directories and writes every changed file, and
// the new manifest, under its temporary name.
func (p *plan) stage() error {
	var step atomic.Int64
	for _, d := range p.made {
		full := abs(p.dest, d)
		if err := os.Mkdir(full, dirPerm); err != nil {
			if fi, serr := os.Stat(full); serr != nil || !fi.IsDir() {
				return fsErr("creating", full, err)
			}
		}
		if err := hook(phaseStage, int(step.Add(1))); err != nil {
			return err
		}
	}
	var todo []int
	for i, st := range p.state {
		if st != fileUnchanged {
			todo = append(todo, i)
		}
	}
	err := forEach(len(todo), func(k int, _ []byte) error {
		i := todo[k]
		full := abs(p.dest, p.tmp[i])
		if err := writeFile(full, p.site.files[i].Data); err != nil {
			return fsErr("writing", full, err)
		}
		return hook(phaseStage, int(step.Add(1)))
	})
	if err != nil {
		return err
	}
	full := filepath.Join(p.dest, manifestTmp)
	if err := os.WriteFile(full, p.manifest, filePerm); err != nil {
		return fsErr("writing", full, err)
	}
	return hook(phaseStage, int(step.Add(1)))
}

// forEach calls fn(i, buf) for every i in [0, n) on up to GOMAXPROCS
// goroutines, each with its own 32 KiB scratch buffer. After a failure no new
// index is started; the error returned is the one with the lowest index. A
// panic in fn is re-raised here once every goroutine has stopped, so nothing
// is still writing when the caller unwinds.
func forEach(n int, fn func(i int, buf []byte) error) error {
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
			buf := make([]byte, 32<<10)
			for !stop.Load() {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				if err := fn(i, buf); err != nil {
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

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
