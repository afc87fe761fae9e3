// Package importer turns one bulletin issue that an office already has, as a
// Word document (.docx) or as text copied from a PDF (.txt), into a bulletin
// folder of the site: content/bulletins/YEAR-NN/index.md with the masthead
// and the footer, one Markdown file per article, the pictures of the Word
// document, and an inspector profile when a 督学风采 piece has a 作者简介.
//
// It works in four steps:
//
//   - source.go and docx.go read the file into lines: a text file in any
//     encoding textfile.Decode reads, or a .docx through archive/zip and
//     encoding/xml (paragraphs with their heading styles and automatic
//     numbers, bold and italic, line breaks, tables, pictures, text boxes,
//     footnotes);
//   - parse.go recognises the bulletin's structure in the lines (the anatomy
//     of an issue described in the project's domain notes), repairing what
//     PDF copies break and recording every repair and every line it could
//     not place;
//   - extract.go reads the facts that are plain to read: the kind of each
//     article, a meeting's date, place and people, an author's profile;
//   - write.go writes the files in the example site's form, never over
//     existing ones unless told to, and report.go tells the editor, in
//     Chinese, what was recognised and what was not.
//
// No word of the input is lost: everything that is not layout (page
// numbers, running heads, rules, the numbering the site prints again, the
// 本期要目 the site makes from the articles) ends up in a field or a body,
// and a line that fits nowhere is kept in index.md under [params] unplaced
// and listed in the report with its line number.
//
// Decisions where a bulletin does not say:
//
//   - The folder is content/bulletins/YEAR-NN from the masthead (YEAR-zkNN
//     for a 增刊), or --to, relative to the site. Without an issue number and
//     without --to the import stops and says so.
//   - Article files are NN-UNIT.md (01-office.md, 02-tongguan.md): the order
//     in the issue and the district id; the kind (02-meeting.md) when the
//     unit is unknown.
//   - Articles under no unit heading belong to the issuing office when it is
//     one of data/districts.toml's entries (seed 000's 督学风采 poem is the
//     office's). A unit heading that matches no district by name, short name,
//     or name followed by a bureau (铜官区教体局) leaves unit empty and puts
//     the heading's text in source.
//   - A 作者简介 makes content/inspectors/inspector-YYYY-NN-K.md (pinyin is
//     not available offline), or the id --inspector-id gives; when the site
//     already has a profile with the same name the article links to it and
//     nothing is written.
//   - A meeting's date and place are read from its first sentence; its people
//     from the titles before names (区长王保中, 副局长周正兴、谷运东) in its
//     opening paragraph, where they are plain to read; the chair from 主持.
//   - Keywords are the words of a small supervision vocabulary found in the
//     title and text (four at most), and the district.
//   - 签发 goes to the footer's publisher (发布); 校对 and 主编 have no field and
//     are listed as unplaced.
//   - Text without section headings goes into one section, 工作动态; text with
//     no title before it gets one made of the unit and the section, and the
//     report asks for a real one.
//   - A break after a full stop is taken as the end of a paragraph, a break in
//     mid-sentence is joined; so a page that ended exactly at a full stop
//     leaves two paragraphs where the printed one had one.
//   - Pictures a browser cannot show (EMF, WMF) are not copied; footnotes are
//     kept as unplaced text.
package importer

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// Options say what to import and where.
type Options struct {
	File        string // the .docx or .txt
	Site        string // the site's folder; "" is the current folder
	To          string // the bulletin folder; "" is content/bulletins/YEAR-NN. Relative to Site.
	Force       bool   // overwrite files that exist
	InspectorID string // the id of the inspector profile made from a 作者简介; "" chooses one
}

// UsageError is a mistake in how the import was asked for (exit status 2).
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// ContentError is a problem with the file or the site (exit status 1).
type ContentError struct{ Msg string }

func (e *ContentError) Error() string { return e.Msg }

// ErrExists is wrapped by the error returned instead of overwriting.
var ErrExists = errors.New("已经存在")

// IsUsage reports whether err is a usage mistake rather than a content problem.
func IsUsage(err error) bool {
	var u *UsageError
	return errors.As(err, &u)
}

var (
	idRe       = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)
	issueDirRe = regexp.MustCompile(`^(\d{4})-(\d{1,3})$`)
)

// Result is what an import did.
type Result struct {
	Dir   string   // the bulletin folder, as a path to show
	Slug  string   // its name: 2020-10
	Files []string // files written, bulletin folder first

	src    *source
	p      *parser
	site   string
	noSite bool // the site folder has no site.toml
}

// Import imports opt.File into the site.
func Import(opt Options) (*Result, error) {
	if opt.File == "" {
		return nil, &UsageError{Msg: "请写出要导入的文件，如 dudao import 第10期.docx"}
	}
	ext := strings.ToLower(filepath.Ext(opt.File))
	switch ext {
	case ".docx", ".txt":
	case ".doc", ".wps", ".rtf", ".odt":
		return nil, &UsageError{Msg: fmt.Sprintf("%s 是 %s 文件，dudao 只能导入 .docx 和 .txt：请在 Word 或 WPS 里打开它，“另存为”Word 文档（.docx）后再导入", opt.File, strings.TrimPrefix(ext, "."))}
	case ".pdf", ".ofd":
		return nil, &UsageError{Msg: fmt.Sprintf("%s 是 %s 文件，dudao 只能导入 .docx 和 .txt：请在阅读器里全选、复制全文，粘贴到记事本，另存为 .txt 后再导入", opt.File, strings.TrimPrefix(ext, "."))}
	default:
		return nil, &UsageError{Msg: fmt.Sprintf("只能导入 Word 文档（.docx）或文本文件（.txt），%s 不是", opt.File)}
	}
	if opt.InspectorID != "" && !idRe.MatchString(opt.InspectorID) {
		return nil, &UsageError{Msg: fmt.Sprintf("--inspector-id %q 只能用小写字母、数字、- 和 _（它会成为网址），如 wu-debao", opt.InspectorID)}
	}
	site := opt.Site
	if site == "" {
		site = "."
	}
	if st, err := os.Stat(site); err != nil || !st.IsDir() {
		return nil, &UsageError{Msg: fmt.Sprintf("网站文件夹 %s 不存在（用 -s 指定网站文件夹）", site)}
	}
	raw, err := os.ReadFile(opt.File)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, &ContentError{Msg: fmt.Sprintf("找不到文件 %s", opt.File)}
		}
		return nil, &ContentError{Msg: fmt.Sprintf("读不了 %s：%v", opt.File, err)}
	}
	ds, err := loadDistricts(site)
	if err != nil {
		return nil, err
	}
	name := filepath.Base(opt.File)
	var src *source
	if ext == ".docx" {
		src, err = readDocx(name, raw)
	} else {
		src, err = readText(name, raw)
	}
	if err != nil {
		return nil, err
	}
	p := parse(src, ds)
	res := &Result{src: src, p: p, site: site}
	if _, err := os.Stat(filepath.Join(site, "site.toml")); err != nil {
		res.noSite = true
	}
	dir, err := res.target(opt)
	if err != nil {
		return nil, err
	}
	files, err := res.plan(opt, dir)
	if err != nil {
		return nil, err
	}
	if err := res.write(opt, dir, files); err != nil {
		return nil, err
	}
	return res, nil
}

// target decides the bulletin folder: --to, or content/bulletins/YEAR-NN
// (YEAR-zkNN for a supplement) from the masthead.
func (r *Result) target(opt Options) (string, error) {
	is := r.p.is
	if opt.To != "" {
		dir := opt.To
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(r.site, dir)
		}
		r.Slug = filepath.Base(filepath.Clean(dir))
		if m := issueDirRe.FindStringSubmatch(r.Slug); m != nil {
			y, _ := strconv.Atoi(m[1])
			n, _ := strconv.Atoi(m[2])
			if is.year == 0 {
				is.year = y
				r.p.notes = append(r.p.notes, fmt.Sprintf("报头里没有认出年份，按文件夹名用 %d", y))
			}
			if is.number == 0 {
				is.number = n
				r.p.notes = append(r.p.notes, fmt.Sprintf("报头里没有认出期号，按文件夹名用第 %d 期", n))
			}
		}
		return dir, nil
	}
	if is.year == 0 || is.number == 0 {
		return "", &ContentError{Msg: fmt.Sprintf("%s 的报头里没有认出年份和期号（如“(2020) 第 10 期”），不知道放进哪个文件夹；请用 --to content/bulletins/年份-期号 指定，如 --to content/bulletins/2020-10", r.src.name)}
	}
	r.Slug = fmt.Sprintf("%d-%02d", is.year, is.number)
	if is.supplement {
		r.Slug = fmt.Sprintf("%d-zk%02d", is.year, is.number)
	}
	return filepath.Join(r.site, "content", "bulletins", r.Slug), nil
}

// file is a file to write.
type file struct {
	path string // full path
	data []byte
}

// plan makes every file's content and decides the inspector ids.
func (r *Result) plan(opt Options, dir string) ([]file, error) {
	is := r.p.is
	if _, err := os.Stat(dir); err == nil && !opt.Force {
		return nil, &ContentError{Msg: fmt.Sprintf("%s %v，没有覆盖；要替换这一期，请加 --force，或用 --to 换一个文件夹", dir, ErrExists)}
	}
	if err := r.inspectorIDs(opt); err != nil {
		return nil, err
	}
	var files []file
	files = append(files, file{filepath.Join(dir, "index.md"), []byte(r.indexText())})
	defer func() {
		// With --force, files of an earlier import that this one does not
		// write again stay: tell the editor.
		old, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, o := range old {
			kept := true
			for _, f := range files {
				if f.path == o {
					kept = false
				}
			}
			if kept && !strings.HasPrefix(filepath.Base(o), ".") {
				r.p.notes = append(r.p.notes, fmt.Sprintf("文件夹里原有的 %s 没有改动；如果它是上次导入留下的，请删掉它", filepath.Base(o)))
			}
		}
	}()
	for _, a := range is.articles {
		files = append(files, file{filepath.Join(dir, a.file), []byte(r.articleText(a))})
	}
	for _, img := range r.src.images {
		files = append(files, file{filepath.Join(dir, img.name), img.data})
	}
	for _, a := range is.articles {
		if a.inspector != nil && !a.inspectorExists {
			files = append(files, file{r.inspectorPath(a.inspectorID), []byte(inspectorText(a.inspector))})
		}
	}
	return files, nil
}

func (r *Result) inspectorPath(id string) string {
	return filepath.Join(r.site, "content", "inspectors", id+".md")
}

var tomlNameRe = regexp.MustCompile(`(?m)^\s*name\s*=\s*"([^"]*)"`)

// inspectorName reads the name of an existing profile, "" if there is none.
func inspectorName(path string) (string, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", false
	}
	m := tomlNameRe.FindSubmatch(b)
	if m == nil {
		return "", true
	}
	return string(m[1]), true
}

// inspectorIDs links each 作者简介 to an inspector profile: one already in the
// site with the same name, else a new one, inspector-2020-10-1 (or the id
// given with --inspector-id).
func (r *Result) inspectorIDs(opt Options) error {
	existing := map[string]string{} // name → id
	paths, _ := filepath.Glob(filepath.Join(r.site, "content", "inspectors", "*.md"))
	for _, p := range paths {
		if name, _ := inspectorName(p); name != "" {
			if _, dup := existing[name]; !dup {
				existing[name] = strings.TrimSuffix(filepath.Base(p), ".md")
			}
		}
	}
	taken := map[string]bool{}
	for _, a := range r.p.is.articles {
		in := a.inspector
		if in == nil {
			continue
		}
		if id, ok := existing[in.name]; ok && opt.InspectorID == "" {
			a.inspectorID, a.inspectorExists = id, true
			continue
		}
		base := opt.InspectorID
		if base == "" {
			base = "inspector-" + slugPart(r.Slug)
		}
		for k := 1; ; k++ {
			id := base + "-" + strconv.Itoa(k)
			explicit := opt.InspectorID != "" && k == 1
			if explicit {
				id = base
			}
			if taken[id] {
				continue
			}
			name, exists := inspectorName(r.inspectorPath(id))
			if exists && name != in.name {
				if !explicit {
					continue // another inspector's profile: take the next number
				}
				if !opt.Force {
					return &ContentError{Msg: fmt.Sprintf("督学简介 %s %v（是“%s”的），没有覆盖；请换一个 --inspector-id，或加 --force", r.inspectorPath(id), ErrExists, name)}
				}
				a.inspectorExistsName = name
				exists = false // overwritten, as asked
			}
			a.inspectorID, a.inspectorExists = id, exists
			taken[id] = true
			break
		}
	}
	return nil
}

// write writes the files. A new bulletin folder is written under a temporary
// name beside it and renamed into place, so that a failed import leaves
// nothing half-written behind.
func (r *Result) write(opt Options, dir string, files []file) error {
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return &ContentError{Msg: fmt.Sprintf("建不了文件夹 %s：%v", parent, err)}
	}
	_, statErr := os.Stat(dir)
	fresh := os.IsNotExist(statErr)
	tmp, err := os.MkdirTemp(parent, ".dudao-import-")
	if err != nil {
		return &ContentError{Msg: fmt.Sprintf("写不了 %s：%v", parent, err)}
	}
	defer os.RemoveAll(tmp)
	var inDir, outside []file
	for _, f := range files {
		if filepath.Dir(f.path) == dir {
			inDir = append(inDir, f)
		} else {
			outside = append(outside, f)
		}
	}
	for _, f := range inDir {
		if err := os.WriteFile(filepath.Join(tmp, filepath.Base(f.path)), f.data, 0o644); err != nil {
			return &ContentError{Msg: fmt.Sprintf("写不了 %s：%v", f.path, err)}
		}
	}
	if fresh {
		if err := os.Chmod(tmp, 0o755); err != nil {
			return &ContentError{Msg: err.Error()}
		}
		if err := os.Rename(tmp, dir); err != nil {
			return &ContentError{Msg: fmt.Sprintf("写不了 %s：%v", dir, err)}
		}
	} else {
		for _, f := range inDir {
			if err := os.Rename(filepath.Join(tmp, filepath.Base(f.path)), f.path); err != nil {
				return &ContentError{Msg: fmt.Sprintf("写不了 %s：%v", f.path, err)}
			}
		}
	}
	for _, f := range outside {
		if err := os.MkdirAll(filepath.Dir(f.path), 0o755); err != nil {
			return &ContentError{Msg: fmt.Sprintf("建不了文件夹 %s：%v", filepath.Dir(f.path), err)}
		}
		if err := os.WriteFile(f.path, f.data, 0o644); err != nil {
			return &ContentError{Msg: fmt.Sprintf("写不了 %s：%v", f.path, err)}
		}
	}
	r.Dir = dir
	for _, f := range files {
		r.Files = append(r.Files, f.path)
	}
	return nil
}
