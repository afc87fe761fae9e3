package build

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/dudao/dudao"
	"github.com/dudao/dudao/internal/config"
	"github.com/dudao/dudao/internal/content"
	"github.com/dudao/dudao/internal/diag"
	"github.com/dudao/dudao/internal/digest"
	"github.com/dudao/dudao/internal/indicators"
	"github.com/dudao/dudao/internal/output"
	"github.com/dudao/dudao/internal/render"
)

// A Session keeps a site built in memory and brings it up to date after
// changes: the builds of dudao serve. It reads again only the files that
// changed and renders again only the parts of the site whose inputs changed
// (render.Tracker); the files it holds are always, byte for byte, those a
// full Build with the same options writes. A failed rebuild changes nothing:
// the session keeps the last good site.
//
// A Session is not safe for concurrent use; its Files are, once returned,
// never written again.
type Session struct {
	opt Options

	global  uint64         // site.toml, data/districts.toml and the options, as last loaded
	content *content.Cache // files read and converted
	tmpl    *render.Templates
	data    *indicators.Data // nil: load data/ again
	dirty   map[string]bool  // districts whose data files changed since
	dataGen int              // counts loads of all of data/
	distGen map[string]int   // counts loads of each district's files
	asOf    time.Time
	report  *indicators.Report

	parts map[string]*part  // by name, as last rendered
	owner map[string]string // path → the part that rendered it
	files Files
}

// Files are a whole built site: slash paths → bytes.
type Files map[string][]byte

// part is what one part of the site rendered, and from which inputs.
type part struct {
	key   uint64
	paths []string
}

// An Update is what a rebuild changed.
type Update struct {
	Files    Files    // the whole site after the rebuild
	Changed  []string // files added or changed, sorted
	Removed  []string // files gone, sorted
	Rendered int      // parts rendered (the rest were kept)
	Parts    int      // parts of the site in all
	Pending  bool     // the search index is out of date: call Finish
	Warnings []diag.Problem
}

// NewSession starts a session for the site opt describes; DryRun and Dest
// do not apply. Nothing is built until the first Rebuild.
func NewSession(opt Options) *Session {
	if opt.Theme == nil {
		opt.Theme = dudao.Theme
	}
	return &Session{opt: opt}
}

// Rebuild brings the site up to date after the files at the site paths
// changed (created, written, removed or renamed; a folder stands for
// everything under it). The first Rebuild builds everything; so does one
// given the path "", which a watcher sends when it lost track of changes.
//
// To be quick, Rebuild may leave the search index as it was (Update.Pending
// says so); Finish brings it up to date.
func (s *Session) Rebuild(changed []string) (*Update, error) {
	return s.rebuild(changed, true)
}

// Finish renders what the last Rebuild left pending.
func (s *Session) Finish() (*Update, error) {
	return s.rebuild(nil, false)
}

// slowParts are the parts a quick rebuild may leave pending: the search
// index, which takes a second on a large site.
var slowParts = map[string]bool{"search/index.html": true}

func (s *Session) rebuild(changed []string, quick bool) (*Update, error) {
	s.forget(changed)
	list := &diag.List{}
	cfg, err := loadConfig(s.opt, list)
	if err != nil {
		return nil, err
	}
	if g := s.globalKey(cfg); g != s.global || s.content == nil {
		// What every file's reading depends on changed: start afresh.
		s.global, s.content, s.tmpl, s.data = g, content.NewCache(), nil, nil
	}
	site := content.LoadCached(s.opt.SiteDir, cfg, list, s.content)
	asOf := asOfDay(s.opt, cfg)
	s.loadData(site, cfg, asOf, list)
	tmpl := s.tmpl
	if tmpl == nil {
		tmpl = render.LoadTemplates(s.opt.Theme, s.opt.SiteDir, list)
	}
	warns := warnings(cfg, list)
	if err := list.Err(); err != nil {
		return nil, err
	}
	s.tmpl = tmpl
	if s.report == nil || !sameDay(asOf, s.asOf) {
		s.report, s.asOf = indicators.Compute(s.data, asOf), asOf
	}
	all, keys := s.dataKeys()
	t := newTracker(s.parts, s.owner, quick)
	ropt := render.Options{Theme: s.opt.Theme, ECharts: dudao.ECharts, Report: s.report, Tracker: t,
		Global: s.global, Data: all, DataKeys: keys}
	if err := render.Render(site, tmpl, ropt, nil); err != nil {
		return nil, err
	}
	up := s.apply(t)
	up.Warnings = warns
	return up, nil
}

// Files returns the site as last built.
func (s *Session) Files() Files { return s.files }

// forget drops what the session holds of the changed paths.
func (s *Session) forget(changed []string) {
	for _, p := range changed {
		switch {
		case p == "" || p == config.FileName || p == content.DistrictsFile || p == "data":
			s.content = nil // all of it
		case p == content.Dir || strings.HasPrefix(p, content.Dir+"/"):
			if s.content != nil {
				s.content.Forget(p)
			}
		case p == render.LayoutsDir || strings.HasPrefix(p, render.LayoutsDir+"/"):
			s.tmpl = nil
		case strings.HasPrefix(p, "data/"):
			if id, ok := dataDistrict(p); ok && s.data != nil {
				s.dirty[id] = true
			} else {
				s.data = nil
			}
		}
		// static/ is read on every rebuild: assets are few and small.
	}
}

// globalKey fingerprints what every page depends on besides the content:
// site.toml and data/districts.toml as they are now, and the options.
func (s *Session) globalKey(cfg *config.Site) uint64 {
	d := new(digest.Digest)
	for _, name := range []string{config.FileName, content.DistrictsFile} {
		b, _ := os.ReadFile(filepath.Join(s.opt.SiteDir, filepath.FromSlash(name)))
		d.String(string(b))
	}
	return d.String(cfg.BaseURL).Bool(cfg.Drafts).Sum()
}

// loadData reads what of data/ changed: everything when nothing is loaded,
// else the files of the districts whose files changed, whose reports are
// then computed again. A district whose files fail to load stays to be read.
func (s *Session) loadData(site *content.Site, cfg *config.Site, asOf time.Time, list *diag.List) {
	if s.data == nil {
		data := indicators.Load(s.opt.SiteDir, districtIDs(site), cfg.Indicators.Standard, list)
		if list.Err() == nil {
			s.data, s.report, s.dirty, s.distGen = data, nil, map[string]bool{}, map[string]int{}
			s.dataGen++
		}
		return
	}
	if len(s.dirty) == 0 {
		return
	}
	errs := len(list.Problems())
	fresh := indicators.LoadOnly(s.opt.SiteDir, districtIDs(site), s.dirty, cfg.Indicators.Standard, list)
	if len(list.Problems()) > errs && list.Err() != nil {
		return
	}
	data := &indicators.Data{Standard: s.data.Standard, Districts: slices.Clone(s.data.Districts)}
	var report *indicators.Report
	if s.report != nil {
		report = &indicators.Report{Standard: s.report.Standard, AsOf: s.report.AsOf, Districts: slices.Clone(s.report.Districts)}
	}
	for i, d := range data.Districts {
		if !s.dirty[d.ID] {
			continue
		}
		data.Districts[i] = fresh.District(d.ID)
		if report != nil {
			report.Districts[i] = indicators.ComputeDistrict(s.data.Standard, data.Districts[i], s.asOf)
		}
		s.distGen[d.ID]++
	}
	s.data, s.report, s.dirty = data, report, map[string]bool{}
}

// dataKeys fingerprint data/ as loaded, all of it and each district's part:
// by how often it was loaded, not by its bytes, and the day it is judged on.
func (s *Session) dataKeys() (all uint64, keys map[string]uint64) {
	day := s.asOf.Format(time.DateOnly)
	d := new(digest.Digest).Int(s.dataGen).String(day)
	keys = make(map[string]uint64, len(s.data.Districts))
	for _, dist := range s.data.Districts {
		keys[dist.ID] = new(digest.Digest).Int(s.dataGen).Int(s.distGen[dist.ID]).String(day).Sum()
		d.Uint64(keys[dist.ID])
	}
	return d.Sum(), keys
}

// dataDistrict tells which district a file under data/ belongs to.
func dataDistrict(p string) (string, bool) {
	parts := strings.Split(p, "/")
	switch {
	case len(parts) >= 3 && (parts[1] == "schools" || parts[1] == "county"):
		return parts[2], true
	case len(parts) == 3 && (parts[1] == "tasks" || parts[1] == "problems" || parts[1] == "phases"):
		return strings.TrimSuffix(parts[2], path.Ext(parts[2])), true
	}
	return "", false
}

func sameDay(a, b time.Time) bool { return a.Format(time.DateOnly) == b.Format(time.DateOnly) }

// apply makes the tracked render the session's site and tells what changed.
func (s *Session) apply(t *tracker) *Update {
	files := maps.Clone(s.files)
	if files == nil {
		files = Files{}
	}
	up := &Update{Files: files, Parts: len(t.next), Rendered: t.rendered, Pending: t.pending}
	var gone []string // files of parts rendered again or no longer there
	for name, p := range s.parts {
		if t.next[name] != p {
			for _, path := range p.paths {
				delete(files, path)
				gone = append(gone, path)
			}
		}
	}
	if s.owner == nil {
		s.owner = map[string]string{}
	}
	for path, data := range t.files {
		files[path] = data
		s.owner[path] = t.wrote[path]
		if old, ok := s.files[path]; !ok || !bytes.Equal(old, data) {
			up.Changed = append(up.Changed, path)
		}
	}
	for _, path := range gone {
		if _, ok := files[path]; !ok {
			up.Removed = append(up.Removed, path)
			delete(s.owner, path)
		}
	}
	sort.Strings(up.Changed)
	sort.Strings(up.Removed)
	s.parts, s.files = t.next, files
	return up
}

// tracker is the session's render.Tracker: it keeps the parts whose keys
// are unchanged and gathers the files of the others.
type tracker struct {
	prev  map[string]*part
	owner map[string]string // path → the part that wrote it, last time
	quick bool              // slow parts may stay as they were

	mu       sync.Mutex
	next     map[string]*part
	files    map[string][]byte // the files rendered this time
	wrote    map[string]string // path → the part that rendered it this time
	rendered int
	pending  bool // a slow part stayed as it was
}

func newTracker(prev map[string]*part, owner map[string]string, quick bool) *tracker {
	return &tracker{prev: prev, owner: owner, quick: quick, next: make(map[string]*part, len(prev)),
		files: map[string][]byte{}, wrote: map[string]string{}}
}

func (t *tracker) Keep(name string, key uint64) bool {
	p := t.prev[name]
	stale := p != nil && p.key != key && t.quick && slowParts[name]
	if p == nil || p.key != key && !stale {
		return false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, path := range p.paths {
		if _, taken := t.wrote[path]; taken {
			return false // another part took its file: render it, and let Put tell
		}
	}
	t.next[name] = p
	t.pending = t.pending || stale
	return true
}

func (t *tracker) Put(name string, key uint64, path string, data []byte) error {
	if err := output.ValidPath(path); err != nil {
		return fmt.Errorf("输出路径不安全：%v", err)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	other, taken := t.wrote[path]
	if !taken {
		// A kept part that had the file last time has it still.
		if o := t.owner[path]; o != name && t.next[o] != nil && t.next[o] == t.prev[o] {
			other, taken = o, true
		}
	}
	if taken {
		return fmt.Errorf("两个页面都要写入 %s（%s 和 %s）", path, other, name)
	}
	t.wrote[path] = name
	p := t.next[name]
	if p == nil {
		p = &part{key: key}
		t.next[name] = p
		t.rendered++
	}
	p.paths = append(p.paths, path)
	t.files[path] = data
	return nil
}
