package content

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"path"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/dudao/dudao/internal/diag"
	"github.com/dudao/dudao/internal/digest"
	"github.com/dudao/dudao/internal/markdown"
	"github.com/dudao/dudao/internal/parallel"
)

var schemeRe = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)

// convertAll renders every Markdown body, resolving links between files.
func (l *loader) convertAll(conv *markdown.Converter) {
	s := l.site
	l.byPath = map[string]*File{}
	var files []*File
	verse := map[*File]bool{}
	add := func(f *File) {
		l.byPath[f.Path] = f
		files = append(files, f)
	}
	for _, is := range s.Issues {
		add(&is.File)
	}
	for _, a := range s.Articles {
		add(&a.File)
		verse[&a.File] = a.Verse
	}
	for _, in := range s.Inspectors {
		add(&in.File)
	}
	for _, d := range s.Documents {
		add(&d.File)
	}
	for _, p := range s.Pages {
		add(&p.File)
	}
	resources := map[string]string{}
	for _, r := range s.Resources {
		resources[Dir+"/"+r.Out] = r.Out
	}
	parallel.Do(len(files), func(i int) error {
		f := files[i]
		if c := l.cache.body(f.Path); c != nil && c.source == f.source && c.url == f.URL && c.verse == verse[f] && l.resolvesAsBefore(f, c, resources) {
			for _, w := range c.warnings {
				l.list.Add(w)
			}
			l.converted(f, c)
			return nil
		}
		c := &cachedBody{source: f.source, url: f.URL, verse: verse[f]}
		res, err := conv.Convert([]byte(f.markdown), markdown.ConvertOptions{
			HardWraps: verse[f],
			TextLimit: 4 * excerptRunes, // bytes: enough for the excerpt
			Resolve: func(dest string) string {
				url := l.resolve(f, dest, resources)
				c.links = append(c.links, resolved{dest, url})
				return url
			},
		})
		if err != nil {
			l.list.Errorf(f.Path, f.bodyLine, 1, "Markdown 转换失败：%v", err)
			return nil
		}
		for _, d := range res.Dropped {
			line, col := l.find(f, d)
			w := diag.Problem{Path: f.Path, Line: line, Col: col, Msg: fmt.Sprintf("删除了不安全的链接 %q", d), Warning: true}
			c.warnings = append(c.warnings, w)
			l.list.Add(w)
		}
		c.body, c.excerpt, c.headings = template.HTML(res.HTML), excerpt(res.Text), res.Headings
		c.sum = new(digest.Digest).Uint64(f.source).String(f.URL).String(string(c.body)).Sum()
		c.charts = bytes.Contains(res.HTML, []byte(`<code class="language-chart">`))
		l.cache.putBody(f.Path, c)
		l.converted(f, c)
		return nil
	})
	for _, in := range s.Inspectors {
		if in.Photo != "" {
			in.PhotoURL = l.target(&in.File, in.Photo, resources, "photo")
		}
	}
}

// converted gives f its converted body.
func (l *loader) converted(f *File, c *cachedBody) {
	f.Body, f.Charts, f.Excerpt, f.Headings, f.Sum = c.body, c.charts, c.excerpt, c.headings, c.sum
	f.markdown = "" // converted: the source is no longer needed
}

// resolvesAsBefore reports whether every link of a converted body resolves
// as it did when it was converted. If so, it reports the links that fail, as
// converting again would.
func (l *loader) resolvesAsBefore(f *File, c *cachedBody, resources map[string]string) bool {
	check := *l
	check.list = &diag.List{}
	for _, r := range c.links {
		if check.resolve(f, r.dest, resources) != r.url {
			return false
		}
	}
	for _, p := range check.list.Problems() {
		l.list.Add(p)
	}
	return true
}

// resolve turns a link written in the file f into a URL relative to f's page.
// Links to other Markdown files become links to their pages; links to images
// and attachments beside the Markdown point at the copied file.
func (l *loader) resolve(f *File, dest string, resources map[string]string) string {
	if dest == "" || strings.HasPrefix(dest, "#") || strings.HasPrefix(dest, "//") || schemeRe.MatchString(dest) {
		return dest
	}
	target := l.target(f, dest, resources, "")
	if target == "" {
		return dest
	}
	return target
}

// target finds the site URL a relative link names and returns it relative to
// f's page; "" (with an error reported) if it names nothing. key names the
// front matter field the link came from, "" for the body.
func (l *loader) target(f *File, dest string, resources map[string]string, key string) string {
	rest := ""
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		dest, rest = dest[:i], dest[i:]
	}
	p, err := url.PathUnescape(dest)
	if err != nil {
		p = dest
	}
	var want string
	if strings.HasPrefix(p, "/") {
		want = path.Clean(Dir + p)
	} else {
		want = path.Join(path.Dir(f.Path), p)
	}
	var site string
	switch {
	case resources[want] != "":
		site = resources[want]
	case l.byPath[want] != nil:
		site = l.byPath[want].URL
	case l.byPath[want+"/index.md"] != nil:
		site = l.byPath[want+"/index.md"].URL
	case strings.HasPrefix(p, "/") && !strings.HasSuffix(p, ".md"):
		// A site path such as /bulletins/ or /feed.xml: trust it.
		site = strings.TrimPrefix(p, "/")
	default:
		if key != "" {
			fieldError(l.list, f, key, "找不到文件 %s", dest)
		} else {
			line, col := l.find(f, dest)
			l.list.Errorf(f.Path, line, col, "链接的文件不存在：%s（从 %s 找 %s）", dest, path.Dir(f.Path), want)
		}
		return ""
	}
	if strings.HasPrefix(want, "..") || !strings.HasPrefix(want, Dir+"/") && !strings.HasPrefix(p, "/") {
		line, col := l.find(f, dest)
		l.list.Errorf(f.Path, line, col, "链接不能指向 content 文件夹以外：%s", dest)
		return ""
	}
	return Rel(f.URL, site) + rest
}

// find returns the line and column of the first place s is written in f's body.
func (l *loader) find(f *File, s string) (int, int) {
	i := strings.Index(f.markdown, s)
	if i < 0 {
		return f.bodyLine, 0
	}
	before := f.markdown[:i]
	line := f.bodyLine + strings.Count(before, "\n")
	col := utf8.RuneCountInString(before[strings.LastIndexByte(before, '\n')+1:]) + 1
	return line, col
}
