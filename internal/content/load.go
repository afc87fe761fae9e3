// Package content loads a site's content/ folder and data/districts.toml into
// the page model the renderer works from: bulletin issues with their sections
// and articles, standalone articles, inspector profiles, documents, plain
// pages, districts and keywords, all linked to each other and given their URLs.
//
// Load reads every file in parallel, checks everything it can (required
// fields, dates, district ids, duplicate issue numbers, unsafe slugs, broken
// links), converts the Markdown bodies, and reports every problem through a
// diag.List with the file, line and column. Nothing here writes a file.
package content

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dudao/dudao/internal/config"
	"github.com/dudao/dudao/internal/diag"
	"github.com/dudao/dudao/internal/markdown"
	"github.com/dudao/dudao/internal/parallel"
	"github.com/dudao/dudao/internal/textfile"
	"github.com/dudao/dudao/internal/tomlpos"
)

// Dir is the content folder of a site.
const Dir = "content"

// DistrictsFile lists the districts.
const DistrictsFile = "data/districts.toml"

// resourceExts are the files that may sit beside the Markdown and are copied
// as they are.
var resourceExts = map[string]bool{
	".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true, ".svg": true, ".avif": true,
	".pdf": true, ".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".ppt": true, ".pptx": true,
	".wps": true, ".et": true, ".ofd": true, ".zip": true, ".rar": true, ".7z": true, ".csv": true, ".txt": true,
	".mp3": true, ".mp4": true,
}

// Ignored reports whether a file name is an editor's or system's leftover that
// a build must not see.
func Ignored(name string) bool {
	switch {
	case strings.HasPrefix(name, "."), strings.HasPrefix(name, "~$"), strings.HasSuffix(name, "~"),
		strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"), // emacs auto-save
		strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"), strings.HasSuffix(name, ".tmp"),
		strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"),
		name == "4913", name == "Thumbs.db", name == "desktop.ini":
		return true
	}
	return false
}

// Load reads the site in dir. cfg is the already loaded site.toml.
func Load(dir string, cfg *config.Site, list *diag.List) *Site {
	return LoadCached(dir, cfg, list, nil)
}

// LoadCached is Load reusing what cache holds and keeping in it what it
// reads; a nil cache reads everything.
func LoadCached(dir string, cfg *config.Site, list *diag.List, cache *Cache) *Site {
	s := &Site{Config: cfg, Dir: dir}
	s.loadDistricts(list)
	l := &loader{site: s, list: list, cache: cache}
	l.walk()
	l.readAll()
	l.assemble()
	l.convertAll(markdown.New(markdown.Options{AllowHTML: cfg.Markup.AllowHTML}))
	return s
}

type loader struct {
	site  *Site
	list  *diag.List
	cache *Cache

	issues     []*Issue
	issueDirs  map[string]*Issue // slug → issue
	articles   []*Article
	inspectors []*Inspector
	documents  []*Document
	pages      []*Page
	jobs       []func() // file reads, run in parallel
	byPath     map[string]*File
}

func (l *loader) walk() {
	l.issueDirs = map[string]*Issue{}
	listing := l.cache.walked(l.site.Dir)
	if listing == nil {
		listing = l.listFiles()
		l.cache.keepListing(l.site.Dir, listing)
	}
	for _, w := range listing {
		if w.problem != nil {
			l.list.Add(*w.problem)
		} else {
			l.classify(w.rel)
		}
	}
}

// listFiles walks content/ for the files to read.
func (l *loader) listFiles() []walked {
	var out []walked
	problem := func(rel, format string, args ...any) {
		out = append(out, walked{problem: &diag.Problem{Path: rel, Msg: fmt.Sprintf(format, args...)}})
	}
	root := filepath.Join(l.site.Dir, Dir)
	if _, err := os.Stat(root); err != nil {
		problem(Dir, "找不到 content 文件夹：%v", err)
		return out
	}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		rel := filepath.ToSlash(mustRel(l.site.Dir, p))
		if err != nil {
			problem(rel, "读不了：%v", err)
			return nil
		}
		if p != root && Ignored(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			problem(rel, "content 里不能放快捷方式（符号链接），请放文件本身")
			return nil
		}
		out = append(out, walked{rel: rel})
		return nil
	})
	if err != nil {
		problem(Dir, "%v", err)
	}
	return out
}

// classify decides what a file under content/ is, from where it sits.
func (l *loader) classify(rel string) {
	inContent := strings.TrimPrefix(rel, Dir+"/")
	parts := strings.Split(inContent, "/")
	ext := strings.ToLower(path.Ext(rel))
	if ext != ".md" {
		if !resourceExts[ext] {
			l.list.Errorf(rel, 0, 0, "content 里只能放 Markdown（.md）文章和它们用到的图片、附件；不认识 %q 类文件（网站通用文件请放在 static/）", ext)
			return
		}
		l.site.Resources = append(l.site.Resources, Resource{Src: filepath.Join(l.site.Dir, filepath.FromSlash(rel)), Out: inContent})
		return
	}
	stem := strings.TrimSuffix(parts[len(parts)-1], path.Ext(rel))
	switch {
	case parts[0] == "bulletins" && len(parts) == 3 && parts[2] == "index.md":
		is := &Issue{Slug: parts[1]}
		l.issues = append(l.issues, is)
		l.issueDirs[is.Slug] = is
		l.read(rel, is)
	case parts[0] == "bulletins" && len(parts) == 3:
		a := &Article{issueSlug: parts[1]}
		a.stem = stem
		l.articles = append(l.articles, a)
		l.read(rel, a)
	case parts[0] == "bulletins":
		l.list.Errorf(rel, 0, 0, "期刊的文件应放在 content/bulletins/年份-期号/ 里，例如 content/bulletins/2020-10/index.md 和同一文件夹里的文章")
	case parts[0] == "articles" && len(parts) == 2:
		a := &Article{}
		a.stem = stem
		l.articles = append(l.articles, a)
		l.read(rel, a)
	case parts[0] == "inspectors" && len(parts) == 2:
		in := &Inspector{ID: stem}
		l.inspectors = append(l.inspectors, in)
		l.read(rel, in)
	case parts[0] == "documents" && len(parts) == 2:
		d := &Document{}
		d.stem = stem
		l.documents = append(l.documents, d)
		l.read(rel, d)
	case len(parts) == 1 && stem == "index":
		l.list.Errorf(rel, 0, 0, "首页由 dudao 生成，不能用 content/index.md；网站简介请写在 site.toml 的 description 或 content/about.md")
	case parts[0] == "articles" || parts[0] == "inspectors" || parts[0] == "documents":
		l.list.Errorf(rel, 0, 0, "%s 里的文件应直接放在 content/%s/ 下，不能再分子文件夹", parts[0], parts[0])
	default:
		p := &Page{}
		p.stem = strings.TrimSuffix(inContent, ".md")
		l.pages = append(l.pages, p)
		l.read(rel, p)
	}
}

func (l *loader) read(rel string, v interface{ Source() *File }) {
	l.jobs = append(l.jobs, func() {
		if c := l.cache.file(rel); c != nil {
			assign(v, c.value)
			for _, p := range c.problems {
				l.list.Add(p)
			}
			return
		}
		list := l.list
		if l.cache != nil {
			list = &diag.List{} // this file's problems, kept with it
		}
		if !readMarkdown(l.site.Dir, rel, v, list) {
			v.Source().failed = true
		}
		if l.cache != nil {
			problems := list.Problems()
			for _, p := range problems {
				l.list.Add(p)
			}
			l.cache.putFile(rel, &cachedFile{value: clone(v), problems: problems})
		}
	})
}

func (l *loader) readAll() {
	parallel.Do(len(l.jobs), func(i int) error { l.jobs[i](); return nil })
	l.jobs = nil
}

func mustRel(base, p string) string {
	r, err := filepath.Rel(base, p)
	if err != nil {
		return p
	}
	return r
}

// districtsFile is data/districts.toml.
type districtsFile struct {
	District []*District `toml:"district"`
}

func (s *Site) loadDistricts(list *diag.List) {
	s.districtByID = map[string]*District{}
	path := filepath.Join(s.Dir, filepath.FromSlash(DistrictsFile))
	raw, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return // a site without districts is allowed; units then cannot be named
	}
	if err != nil {
		list.Errorf(DistrictsFile, 0, 0, "读不了：%v", err)
		return
	}
	text, _, err := textfile.Decode(raw)
	if err != nil {
		te := err.(*textfile.Error)
		list.Errorf(DistrictsFile, te.Line, te.Col, "%s", te.Msg)
		return
	}
	var f districtsFile
	doc, ok := tomlpos.Decode(DistrictsFile, []byte(text), 0, &f, list)
	if !ok {
		return
	}
	for i, d := range f.District {
		key := func(k string) string { return "district[" + itoa(i) + "]." + k }
		if err := checkSegment(d.ID); err != nil {
			p := doc.Pos(key("id"))
			list.Errorf(DistrictsFile, p.Line, p.Col, "区县 id %v", err)
			continue
		}
		if d.Name == "" {
			p := doc.Pos(key("id"))
			list.Errorf(DistrictsFile, p.Line, p.Col, "区县 %s 缺少名称 name", d.ID)
		}
		switch d.Kind {
		case "office", "district", "county", "city":
		case "":
			d.Kind = "district"
		default:
			p := doc.Pos(key("kind"))
			list.Errorf(DistrictsFile, p.Line, p.Col, "kind 只能是 office（督导办）、district（区）、county（县）或 city（市），不是 %q", d.Kind)
		}
		if prev, dup := s.districtByID[d.ID]; dup {
			p := doc.Pos(key("id"))
			list.Errorf(DistrictsFile, p.Line, p.Col, "区县 id %q 重复（%s 和 %s）", d.ID, prev.Name, d.Name)
			continue
		}
		d.URL = "districts/" + d.ID + "/"
		s.districtByID[d.ID] = d
		s.Districts = append(s.Districts, d)
	}
	sort.SliceStable(s.Districts, func(i, j int) bool { return s.Districts[i].Order < s.Districts[j].Order })
}
