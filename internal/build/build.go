// Package build runs dudao's pipeline for a whole site, one way through:
// load site.toml → load and check content → render every file straight into
// an update of the destination folder (output.Begin, Put, Commit). The
// folder is not touched unless the content loaded without errors; files are
// staged under temporary names as they are rendered and only moved into
// place once every file rendered, so a failed build leaves the previous site
// exactly as it was (output.Txn.Abort), and at no moment does the build hold
// the whole rendered site in memory.
package build

import (
	"time"

	"errors"
	"fmt"
	"github.com/dudao/dudao"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/dudao/dudao/internal/config"
	"github.com/dudao/dudao/internal/content"
	"github.com/dudao/dudao/internal/diag"
	"github.com/dudao/dudao/internal/indicators"
	"github.com/dudao/dudao/internal/output"
	"github.com/dudao/dudao/internal/render"
)

// Options say what to build and where.
type Options struct {
	SiteDir string    // the site's folder
	Dest    string    // where the site goes; default SiteDir/public
	BaseURL string    // overrides site.toml's base_url
	Drafts  bool      // include draft = true files
	Theme   fs.FS     // the default layouts and static files; nil: the embedded ones
	AsOf    time.Time // the day tasks and schedules are judged on; zero: site.toml's as_of, else today
	DryRun  bool      // check only: render everything, write nothing
}

// Result tells what a build did.
type Result struct {
	Site     *content.Site
	Files    int
	Pages    int
	Stats    output.Stats
	Warnings []diag.Problem
	Dest     string
}

// Build builds the site. Content problems come back as diag.Errors, each with
// its file, line and column; the Result then still holds the warnings.
func Build(opt Options) (*Result, error) {
	if opt.Theme == nil {
		opt.Theme = dudao.Theme
	}
	res := &Result{}
	list := &diag.List{}
	cfg, err := loadConfig(opt, list)
	if err != nil {
		return res, err
	}
	site := content.Load(opt.SiteDir, cfg, list)
	data := indicators.Load(opt.SiteDir, districtIDs(site), cfg.Indicators.Standard, list)
	res.Site = site
	tmpl := render.LoadTemplates(opt.Theme, opt.SiteDir, list)
	res.Warnings = warnings(cfg, list)
	if err := list.Err(); err != nil {
		return res, err
	}
	asOf := asOfDay(opt, cfg)
	ropt := render.Options{Theme: opt.Theme, ECharts: dudao.ECharts, Report: indicators.Compute(data, asOf)}
	if opt.DryRun {
		sink := &sink{paths: map[string]struct{}{}}
		if err := render.Render(site, tmpl, ropt, sink); err != nil {
			return res, err
		}
		res.Files, res.Pages = sink.count()
		return res, nil
	}
	dest, err := destination(opt)
	if err != nil {
		return res, err
	}
	res.Dest = dest
	txn, err := output.Begin(dest)
	if err != nil {
		return res, err
	}
	defer txn.Abort() // for a panic: after Commit or Abort it does nothing
	sink := &sink{paths: map[string]struct{}{}, txn: txn}
	if err := render.Render(site, tmpl, ropt, sink); err != nil {
		if aerr := txn.Abort(); aerr != nil {
			err = errors.Join(err, aerr)
		}
		return res, err
	}
	res.Files, res.Pages = sink.count()
	res.Stats, err = txn.Commit()
	return res, err
}

// loadConfig loads site.toml with the options' overrides.
func loadConfig(opt Options, list *diag.List) (*config.Site, error) {
	cfg := config.Load(opt.SiteDir, list)
	if opt.BaseURL != "" {
		if err := config.CheckBaseURL(opt.BaseURL); err != nil {
			return cfg, &UsageError{Msg: "--base-url：" + err.Error()}
		}
		cfg.BaseURL = config.NormalizeBaseURL(opt.BaseURL)
	}
	cfg.Drafts = opt.Drafts
	return cfg, list.Err()
}

func districtIDs(site *content.Site) []string {
	var ids []string
	for _, d := range site.Districts {
		ids = append(ids, d.ID)
	}
	return ids
}

// warnings are the list's warnings and what the configuration lacks.
func warnings(cfg *config.Site, list *diag.List) []diag.Problem {
	ws := list.Warnings()
	if cfg.BaseURL == "" {
		ws = append(ws, diag.Problem{Path: config.FileName, Warning: true,
			Msg: "没有设置 base_url：订阅（feed.xml）使用相对链接，也不生成 sitemap.xml；发布前请在 site.toml 写上网站地址"})
	}
	return ws
}

// asOfDay is the day tasks and schedules are judged on.
func asOfDay(opt Options, cfg *config.Site) time.Time {
	if !opt.AsOf.IsZero() {
		return opt.AsOf
	}
	if !cfg.Indicators.AsOf.IsZero() {
		return cfg.Indicators.AsOf
	}
	return time.Now()
}

// UsageError is a mistake in how dudao was called, not in the content.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// IsUsage reports whether err is a UsageError.
func IsUsage(err error) bool {
	var u *UsageError
	return errors.As(err, &u)
}

// destination resolves the output folder and refuses one that would overwrite
// the site's own sources.
func destination(opt Options) (string, error) {
	dest := opt.Dest
	if dest == "" {
		dest = filepath.Join(opt.SiteDir, "public")
	}
	absDest, err := filepath.Abs(dest)
	if err != nil {
		return "", err
	}
	absSite, err := filepath.Abs(opt.SiteDir)
	if err != nil {
		return "", err
	}
	if absDest == absSite {
		return "", &UsageError{Msg: "输出文件夹不能是网站文件夹本身"}
	}
	for _, src := range []string{"content", "layouts", "data", "static"} {
		p := filepath.Join(absSite, src)
		if absDest == p || strings.HasPrefix(absDest, p+string(filepath.Separator)) {
			return "", &UsageError{Msg: fmt.Sprintf("输出文件夹不能放在网站的 %s/ 里", src)}
		}
	}
	if info, err := os.Stat(absDest); err == nil && !info.IsDir() {
		return "", &UsageError{Msg: dest + " 是一个文件，不是文件夹"}
	}
	return dest, nil
}

// sink takes the rendered files: it checks each path and that no two pages
// want the same one, counts them, and hands them to txn, which writes them
// (for a check, txn is nil and nothing is kept but the paths).
type sink struct {
	txn *output.Txn

	mu     sync.Mutex
	paths  map[string]struct{}
	pages  int
	failed bool // txn refused a file: the build fails, later files are dropped
}

func (s *sink) Put(path string, data []byte) error {
	if err := output.ValidPath(path); err != nil {
		return fmt.Errorf("输出路径不安全：%v", err)
	}
	s.mu.Lock()
	if _, dup := s.paths[path]; dup {
		s.mu.Unlock()
		return fmt.Errorf("两个页面都要写入 %s", path)
	}
	s.paths[path] = struct{}{}
	if strings.HasSuffix(path, ".html") {
		s.pages++
	}
	failed := s.failed
	s.mu.Unlock()
	if s.txn == nil || failed {
		return nil
	}
	if err := s.txn.Put(path, data); err != nil {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.failed {
			return nil // only the first failure is news; Render fails already
		}
		s.failed = true
		return err
	}
	return nil
}

func (s *sink) count() (files, pages int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.paths), s.pages
}
