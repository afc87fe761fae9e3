// Package watch tells `dudao serve` which files of a site changed.
//
// How it fits:
//
//	watch.New(content/, layouts/, data/, static/, site.toml)
//	   → Batches(): ["content/bulletins/2020-10/a.md", "site.toml"]
//	   → incremental rebuild of what depends on those paths
//	   → publish the new build to the preview server (or show its errors)
//
// Call New before the first build: everything saved after New returns is
// reported, so nothing saved while the first build runs is lost.
//
// A batch is a sorted, de-duplicated list of slash paths relative to the
// site folder, of files and folders that were created, written, removed,
// renamed (both names) or had their attributes changed. A removed or
// renamed folder is reported together with every file and folder that was
// in it; a new folder together with everything already in it. The consumer
// looks at each path to learn what happened: it exists now or it does not.
// If the first path of a batch is [Rescan] (""), events were lost (the
// kernel's queue overflowed) and the consumer must treat every file as
// changed.
//
// Events are batched: an editor's save is several events (vim writes a
// probe file, renames the old file away, writes the new one, deletes the
// backup), and a `git checkout` is thousands. A batch is sent once no event
// came for Options.Quiet, but never later than a second after its first
// event, so a file that is written continuously still shows up. While the
// consumer is busy with one batch, the next one keeps growing; nothing is
// dropped and the watcher never blocks on the consumer.
//
// Two things keep editors' temporary files out of the batches:
//
//   - Names that are editors' or the system's leftovers are never reported
//     and never watched (see [Ignored]); a path with such a folder in it
//     (".git/…") neither.
//   - A path that did not exist when it entered a batch and does not exist
//     when the batch is sent is dropped: it was a temporary file that came
//     and went ("x.md.tmp123" written and then renamed over "x.md").
//     Only "x.md" remains, which is what an atomic save by rename means.
//
// With fsnotify (the default) every folder is watched on its own, since
// Linux has no recursive watch; a folder that appears later is watched and
// then read, so files created in it before the watch was in place are
// reported too. With Options.Poll the folders are walked every
// Options.Interval instead and compared with the last walk (size,
// modification time, mode and inode). Polling cannot see a write that
// keeps the size and lands in the same modification-time tick (some
// network file systems round to a second or two), and a file that lives
// shorter than one interval is never seen at all, which for temporary
// files is what we want.
package watch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Rescan is the path that, first in a batch, says that events were lost and
// every file must be treated as changed.
const Rescan = ""

const (
	// DefaultInterval is the poll interval. A save then shows up within
	// 300 ms + Quiet, leaving half of the second an editor waits for to
	// the rebuild. A walk of 10,000 files takes 30–60 ms on a local disk,
	// so polling a site that size costs 10–20 % of one core; on a slow
	// network drive the pause between walks grows to the time the last
	// walk took, so polling never takes more than half the time.
	DefaultInterval = 300 * time.Millisecond
	// DefaultQuiet is the batching window: long enough to cover the
	// events of one save (a few milliseconds apart), short enough not to
	// be noticed.
	DefaultQuiet = 150 * time.Millisecond
	// maxWait bounds how long the first event of a batch waits, so that
	// continuous writes (a long copy) still give progress.
	maxWait = time.Second
	// maxErrors bounds the errors kept while nobody reads Errors.
	maxErrors = 100
)

// Options says what to watch and how.
type Options struct {
	Root     string        // the site folder; must exist
	Dirs     []string      // folders under Root watched recursively ("content", "layouts"); they may appear later
	Files    []string      // single files under Root ("site.toml"); they may appear later
	Poll     bool          // walk the folders every Interval instead of using fsnotify (network drives, some containers)
	Interval time.Duration // poll interval; 0 means DefaultInterval
	Quiet    time.Duration // a batch is sent once no event came for Quiet; 0 means DefaultQuiet
}

// Watcher reports changes under a site folder. Its methods may be called
// from any goroutine; its state belongs to one goroutine (run).
type Watcher struct {
	root     string   // absolute
	prefix   string   // root and a separator: what paths under it start with
	dirs     []string // slash paths relative to root
	files    []string
	interval time.Duration
	quiet    time.Duration

	fsw *fsnotify.Watcher // nil when polling

	// known holds every path inside the watched set that exists as far as
	// the watcher knows, so that a removed folder can be reported file by
	// file and a temporary file can be told from a real one. When polling,
	// it is the last walk.
	known map[string]node
	// watched holds the folders with an fsnotify watch: those inside the
	// watched set and those on the way to it (Root, "a" for Dirs "a/b").
	watched map[string]bool

	pending map[string]bool // paths of the batch being collected → existed before it
	rescan  bool            // the batch being collected starts with Rescan
	first   time.Time       // when the batch being collected got its first path
	timer   *time.Timer     // fires when the batch is due
	ready   []string        // batches sent by nobody yet, merged
	errq    []error         // errors read by nobody yet

	batches chan []string
	errors  chan error
	done    chan struct{} // closed by Close
	stopped chan struct{} // closed when run returned
	close   sync.Once
}

// node is what the watcher remembers of a path. With fsnotify only dir is
// used; polling compares all of it.
type node struct {
	dir   bool
	size  int64
	mtime int64
	mode  fs.FileMode
	ino   uint64
}

// New starts watching. The watched folders and files are read before New
// returns; changes from then on are reported.
func New(opt Options) (*Watcher, error) {
	w, err := newWatcher(opt)
	if err != nil {
		return nil, err
	}
	go w.run()
	return w, nil
}

// newWatcher is New without the goroutine, for tests that drive it.
func newWatcher(opt Options) (*Watcher, error) {
	root, err := filepath.Abs(opt.Root)
	if err != nil {
		return nil, err
	}
	if info, err := os.Stat(root); err != nil {
		return nil, err
	} else if !info.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", opt.Root)
	}
	w := &Watcher{
		root:     root,
		prefix:   strings.TrimSuffix(root, string(filepath.Separator)) + string(filepath.Separator),
		interval: opt.Interval,
		quiet:    opt.Quiet,
		known:    map[string]node{},
		watched:  map[string]bool{},
		pending:  map[string]bool{},
		batches:  make(chan []string),
		errors:   make(chan error),
		done:     make(chan struct{}),
		stopped:  make(chan struct{}),
	}
	if w.interval <= 0 {
		w.interval = DefaultInterval
	}
	if w.quiet <= 0 {
		w.quiet = DefaultQuiet
	}
	for _, d := range opt.Dirs {
		if w.dirs, err = appendRel(w.dirs, d); err != nil {
			return nil, err
		}
	}
	for _, f := range opt.Files {
		if w.files, err = appendRel(w.files, f); err != nil {
			return nil, err
		}
	}
	if !opt.Poll {
		if w.fsw, err = fsnotify.NewWatcher(); err != nil {
			return nil, err
		}
	}
	w.timer = time.NewTimer(time.Hour)
	w.timer.Stop()
	if opt.Poll {
		w.known = w.snapshot()
	} else {
		w.add("", false)
	}
	if w.fsw != nil && !w.watched[""] {
		// Without a watch on Root nothing new is ever seen; the error
		// that says why is the first one queued.
		err := errors.New("cannot watch " + opt.Root)
		if len(w.errq) > 0 {
			err = w.errq[0]
		}
		w.fsw.Close()
		return nil, err
	}
	return w, nil
}

// appendRel adds a Dirs or Files entry as a clean slash path under Root.
func appendRel(list []string, p string) ([]string, error) {
	p = filepath.ToSlash(filepath.Clean(p))
	if p == "." || p == ".." || strings.HasPrefix(p, "../") || filepath.IsAbs(p) || strings.HasPrefix(p, "/") {
		return list, fmt.Errorf("watch: %q is not a path under the site folder", p)
	}
	return append(list, p), nil
}

// Batches sends the batches of changed paths. It is closed by Close.
func (w *Watcher) Batches() <-chan []string { return w.batches }

// Errors sends what went wrong while watching: a folder that cannot be
// read or watched (with inotify, often the limit of watches), or an error
// of the event source. Watching goes on. Up to 100 errors are kept while
// nobody reads; later ones are dropped. It is closed by Close.
func (w *Watcher) Errors() <-chan error { return w.errors }

// Close stops watching and closes both channels. Paths not yet sent are
// dropped. It may be called more than once.
func (w *Watcher) Close() error {
	var err error
	w.close.Do(func() {
		close(w.done)
		<-w.stopped
		if w.fsw != nil {
			err = w.fsw.Close()
		}
	})
	return err
}

// run owns the watcher's state: it reads events (or polls), collects the
// batch, and hands batches and errors to whoever reads them.
func (w *Watcher) run() {
	defer close(w.stopped)
	defer close(w.batches)
	defer close(w.errors)

	var events <-chan fsnotify.Event
	var fsErrors <-chan error
	var poll <-chan time.Time
	var pollTimer *time.Timer
	if w.fsw != nil {
		events, fsErrors = w.fsw.Events, w.fsw.Errors
	} else {
		pollTimer = time.NewTimer(w.interval)
		defer pollTimer.Stop()
		poll = pollTimer.C
	}
	defer w.timer.Stop()

	for {
		// A nil channel is never ready: send only what there is to send.
		var batches chan<- []string
		if w.ready != nil {
			batches = w.batches
		}
		var errs chan<- error
		var firstErr error
		if len(w.errq) > 0 {
			errs, firstErr = w.errors, w.errq[0]
		}
		select {
		case <-w.done:
			return
		case ev, ok := <-events:
			if !ok {
				events = nil
				continue
			}
			w.event(ev)
		case err, ok := <-fsErrors:
			if !ok {
				fsErrors = nil
				continue
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				w.overflow()
			} else {
				w.fail(err)
			}
		case <-poll:
			start := time.Now()
			w.scan()
			pollTimer.Reset(max(w.interval, time.Since(start)))
		case <-w.timer.C:
			w.flush()
		case batches <- w.ready:
			w.ready = nil
		case errs <- firstErr:
			w.errq = w.errq[1:]
		}
	}
}

// mark adds a path inside the watched set to the batch being collected.
// Call it before known changes: whether the path existed before the batch
// is what tells a temporary file from a real one.
func (w *Watcher) mark(rel string) {
	if _, ok := w.pending[rel]; !ok {
		_, existed := w.known[rel]
		w.pending[rel] = existed
	}
	w.due()
}

// due sets the timer for the batch being collected: Quiet after the latest
// path, but no later than maxWait after the first.
func (w *Watcher) due() {
	now := time.Now()
	if w.first.IsZero() {
		w.first = now
	}
	wait := w.quiet
	if left := max(w.first.Add(max(maxWait, w.quiet)).Sub(now), 0); left < wait {
		wait = left
	}
	w.timer.Reset(wait)
}

// flush turns the batch being collected into one to send.
func (w *Watcher) flush() {
	var batch []string
	if w.rescan {
		batch = append(batch, Rescan)
	}
	for rel, existed := range w.pending {
		if existed {
			batch = append(batch, rel)
			continue
		}
		// New in this batch: look at the disk, not at known, which lags
		// behind (events still queued, or the last poll).
		if _, err := os.Lstat(w.abs(rel)); err == nil {
			batch = append(batch, rel)
		} else {
			// A temporary file. Forget it, so that its removal,
			// when the next event or poll sees it, is no news.
			delete(w.known, rel)
		}
	}
	clear(w.pending)
	w.rescan = false
	w.first = time.Time{}
	if len(batch) == 0 {
		return // only temporary files came and went
	}
	w.ready = append(w.ready, batch...)
	slices.Sort(w.ready) // Rescan, being "", stays first
	w.ready = slices.Compact(w.ready)
}

// fail queues an error for Errors.
func (w *Watcher) fail(err error) {
	if len(w.errq) < maxErrors {
		w.errq = append(w.errq, err)
	}
}

// add starts tracking rel and, if it is a folder, everything in it that is
// watched; report says whether what it finds goes into the batch (not on
// the first walk, done by New). A folder gets its fsnotify watch before it
// is read, so a file created in it meanwhile is seen by the read, by the
// watch, or by both.
func (w *Watcher) add(rel string, report bool) {
	w.walk(rel, func(rel string, path string, d fs.DirEntry) {
		if w.place(rel) == inside {
			if report {
				w.mark(rel)
			}
			w.known[rel] = node{dir: d.IsDir()}
		}
		if d.IsDir() && w.fsw != nil && !w.watched[rel] {
			if err := w.fsw.Add(path); err != nil {
				if !errors.Is(err, fs.ErrNotExist) {
					w.fail(watchError(rel, err))
				}
				return
			}
			w.watched[rel] = true
		}
	})
}

// watchError explains the usual reason a folder cannot be watched.
func watchError(rel string, err error) error {
	if errors.Is(err, syscall.ENOSPC) {
		return fmt.Errorf("cannot watch %s/: %w (the system's limit of watched folders is reached: raise fs.inotify.max_user_watches, or use --poll)", rel, err)
	}
	return fmt.Errorf("cannot watch %s/: %w", rel, err)
}

// forget drops rel and everything known under it, reporting each path, and
// removes the watches of the folders among them: a folder renamed away
// keeps its watches in the kernel, and they would report its files under
// the old name.
func (w *Watcher) forget(rel string) {
	n, known := w.known[rel]
	if known {
		w.mark(rel)
		delete(w.known, rel)
	}
	if !(known && n.dir) && !w.watched[rel] && rel != "" {
		return // a file, or unknown: nothing under it
	}
	for p := range w.known {
		if rel == "" || under(p, rel) {
			w.mark(p)
			delete(w.known, p)
		}
	}
	for p := range w.watched {
		if rel == "" || under(p, rel) {
			// The watch may be gone already (the kernel drops it with
			// its folder); that is fine.
			_ = w.fsw.Remove(w.abs(p))
			delete(w.watched, p)
		}
	}
}

// event handles one fsnotify event by looking at the disk: whatever the
// event says, what matters is whether the path exists now.
func (w *Watcher) event(ev fsnotify.Event) {
	rel, ok := w.rel(ev.Name)
	if !ok || w.place(rel) == outside {
		return
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		// Forget even if the path is back already (renamed away and
		// another put in its place): it may be another folder now.
		w.forget(rel)
	}
	info, err := os.Lstat(ev.Name)
	if err != nil {
		w.forget(rel) // gone (Linux sends Chmod before Remove)
		return
	}
	if info.IsDir() {
		if !w.watched[rel] {
			w.forget(rel) // it may have been a file
			w.add(rel, true)
		} else if w.place(rel) == inside {
			w.mark(rel) // attributes of a folder we know
		}
		return
	}
	if w.watched[rel] || w.known[rel].dir {
		w.forget(rel) // a folder replaced by a file
	}
	if w.place(rel) == inside {
		w.mark(rel)
		w.known[rel] = node{}
	}
}

// overflow starts over after lost events: every watch is dropped and set up
// again, and the next batch starts with Rescan.
func (w *Watcher) overflow() {
	for p := range w.watched {
		_ = w.fsw.Remove(w.abs(p))
	}
	clear(w.watched)
	clear(w.known)
	clear(w.pending) // Rescan covers them
	w.add("", false)
	w.rescan = true
	w.due()
}

// scan is one poll: walk everything and compare with the last walk.
func (w *Watcher) scan() {
	now := w.snapshot()
	select {
	case <-w.done:
		return // the walk was cut short
	default:
	}
	for rel, n := range now {
		if old, ok := w.known[rel]; !ok || old != n {
			w.mark(rel)
		}
	}
	for rel := range w.known {
		if _, ok := now[rel]; !ok {
			w.mark(rel)
		}
	}
	w.known = now
}

// snapshot walks everything watched for polling.
func (w *Watcher) snapshot() map[string]node {
	now := make(map[string]node, len(w.known))
	w.walk("", func(rel string, path string, d fs.DirEntry) {
		if w.place(rel) != inside {
			return
		}
		info, err := d.Info()
		if err != nil {
			return // gone since the folder was read
		}
		now[rel] = nodeOf(info)
	})
	return now
}

// nodeOf is what polling compares. A folder's size and time change with
// its entries, which are reported themselves, so they are left out.
func nodeOf(info fs.FileInfo) node {
	n := node{dir: info.IsDir(), mode: info.Mode(), ino: inode(info)}
	if !n.dir {
		n.size = info.Size()
		n.mtime = info.ModTime().UnixNano()
	}
	return n
}

// walk calls visit for rel and every path under it that is inside the
// watched set or a folder on the way to it, parents before their contents.
// Folders are not followed through symbolic links.
func (w *Watcher) walk(rel string, visit func(rel, path string, d fs.DirEntry)) {
	// The callback handles every error, so WalkDir returns none.
	_ = filepath.WalkDir(w.abs(rel), func(path string, d fs.DirEntry, err error) error {
		select {
		case <-w.done:
			return filepath.SkipAll
		default:
		}
		r, ok := w.rel(path)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) && ok && w.place(r) != outside {
				w.fail(err)
			}
			return nil // the folder's contents are skipped
		}
		if !ok || w.place(r) == outside {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		visit(r, path, d)
		return nil
	})
}

// place is what a path is to the watcher.
type place int

const (
	outside  place = iota // not watched: not in Dirs or Files, or ignored
	onTheWay              // a folder above a watched one (Root, "a" for Dirs "a/b"): watched so that it can appear, never reported
	inside                // a watched folder, a path in it, or a watched file
)

func (w *Watcher) place(rel string) place {
	if rel == "" {
		return onTheWay
	}
	for rest := rel; rest != ""; {
		var name string
		name, rest, _ = strings.Cut(rest, "/")
		if Ignored(name) {
			return outside
		}
	}
	for _, d := range w.dirs {
		if under(rel, d) {
			return inside
		}
	}
	if slices.Contains(w.files, rel) {
		return inside
	}
	for _, targets := range [][]string{w.dirs, w.files} {
		for _, t := range targets {
			if under(t, rel) {
				return onTheWay
			}
		}
	}
	return outside
}

// under reports whether slash path p is dir or in it.
func under(p, dir string) bool {
	return strings.HasPrefix(p, dir) && (len(p) == len(dir) || p[len(dir)] == '/')
}

// rel turns a path under Root into a slash path relative to Root ("" for
// Root itself). Every path the watcher sees starts with Root as given to
// fsnotify and WalkDir, so cutting is enough (and much cheaper than
// filepath.Rel for a poll of 10,000 files).
func (w *Watcher) rel(path string) (string, bool) {
	if path == w.root {
		return "", true
	}
	r, ok := strings.CutPrefix(path, w.prefix)
	return filepath.ToSlash(r), ok
}

func (w *Watcher) abs(rel string) string { return filepath.Join(w.root, filepath.FromSlash(rel)) }

// Ignored reports whether a file or folder name is an editor's or the
// system's leftover, never reported and never looked into. The list is
// kept short on purpose: a name wrongly ignored is a change the site
// never shows, while a name wrongly reported costs one needless rebuild.
// Temporary files with other names (an atomic save's "x.md.tmp123") need
// no entry: they are gone by the time the batch is sent, and dropped then.
func Ignored(name string) bool {
	switch name {
	case ".git", ".hg", ".svn": // version control
		return true
	case "4913": // vim's probe: may it create files here?
		return true
	case ".DS_Store", "Thumbs.db", "desktop.ini": // folder views of macOS and Windows
		return true
	}
	switch {
	case strings.HasSuffix(name, "~"): // backups of vim, emacs, gedit
		return true
	case strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"), strings.HasSuffix(name, ".swo"): // vim's swap files
		return true
	case strings.HasPrefix(name, ".#"): // emacs's lock
		return true
	case len(name) > 1 && name[0] == '#' && name[len(name)-1] == '#': // emacs's auto-save
		return true
	case strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"): // JetBrains's safe write
		return true
	case strings.HasPrefix(name, ".goutputstream-"): // gedit and other GIO programs
		return true
	case strings.HasPrefix(name, "~$"): // Word, Excel, WPS: the "owner" file of an open document
		return true
	case strings.HasPrefix(name, ".~lock.") && strings.HasSuffix(name, "#"): // LibreOffice's lock
		return true
	}
	return false
}
