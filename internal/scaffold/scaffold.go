// Package scaffold writes the files `dudao new` makes: a whole new site, a new
// bulletin issue, an article, an inspector profile. Each file carries every
// field with a short Chinese comment, so an editor fills in blanks instead of
// remembering names. Nothing existing is ever overwritten.
package scaffold

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/BurntSushi/toml"
)

// ErrExists is returned instead of overwriting a file.
var ErrExists = errors.New("已经存在，没有覆盖")

var issueSlugRe = regexp.MustCompile(`^(\d{4})-(\d{1,3})$`)
var nameRe = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N}_-]*$`)

// Site creates a new site in dir, which must not exist or be empty.
func Site(dir string, now time.Time) ([]string, error) {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("%s 已经存在且不是空文件夹", dir)
	}
	data := map[string]any{"Date": now.Format("2006-01-02"), "Year": now.Year()}
	var made []string
	for _, f := range siteFiles {
		var name bytes.Buffer
		template.Must(template.New("").Parse(f.path)).Execute(&name, data)
		p := filepath.Join(dir, filepath.FromSlash(name.String()))
		if err := write(p, f.text, data); err != nil {
			return made, err
		}
		made = append(made, p)
	}
	return made, nil
}

// Bulletin creates content/bulletins/SLUG/index.md in site. The series, issuer
// and footer are copied from the latest issue, and 总第N期 continues its count.
func Bulletin(site, slug string, now time.Time) (string, error) {
	m := issueSlugRe.FindStringSubmatch(slug)
	if m == nil {
		return "", fmt.Errorf("期号应写成 年份-期号，例如 %d-01，而不是 %q", now.Year(), slug)
	}
	year, _ := strconv.Atoi(m[1])
	number, _ := strconv.Atoi(m[2])
	prev := latestIssue(site)
	data := map[string]any{
		"Year": year, "Number": number, "Date": now.Format("2006-01-02"),
		"Series": "（期刊名称，如 铜陵市教育督导工作信息）", "Subtitle": "", "Issuer": "（编印单位）",
		"Total": 0, "ReportTo": "", "SendTo": "", "SendLabel": "抄送",
	}
	if prev != nil {
		data["Series"], data["Subtitle"], data["Issuer"] = prev.Series, prev.Subtitle, prev.Issuer
		data["ReportTo"], data["SendTo"], data["SendLabel"] = prev.Footer.ReportTo, prev.Footer.SendTo, prev.Footer.SendLabel
		if prev.Total > 0 {
			data["Total"] = prev.Total + 1
		}
	}
	p := filepath.Join(site, "content", "bulletins", slug, "index.md")
	return p, write(p, bulletinText, data)
}

// Article creates an article: in the issue folder when issue is set, else in
// content/articles/. name becomes the file name and the URL.
func Article(site, issue, name string, now time.Time) (string, error) {
	if !nameRe.MatchString(name) {
		return "", fmt.Errorf("文件名 %q 只能用字母、数字、汉字、- 和 _（它会成为网址的一部分）", name)
	}
	dir := filepath.Join(site, "content", "articles")
	data := map[string]any{"Date": now.Format("2006-01-02"), "InIssue": issue != "", "Order": 1, "Section": "工作动态"}
	if issue != "" {
		dir = filepath.Join(site, "content", "bulletins", issue)
		if _, err := os.Stat(filepath.Join(dir, "index.md")); err != nil {
			return "", fmt.Errorf("没有 %s 这一期（找不到 %s）；先运行 dudao new bulletin %s", issue, filepath.Join(dir, "index.md"), issue)
		}
		data["Order"] = nextOrder(dir)
	}
	p := filepath.Join(dir, name+".md")
	return p, write(p, articleText, data)
}

// Inspector creates content/inspectors/ID.md.
func Inspector(site, id string) (string, error) {
	if !nameRe.MatchString(id) {
		return "", fmt.Errorf("督学编号 %q 只能用字母、数字、汉字、- 和 _（它会成为网址的一部分）", id)
	}
	p := filepath.Join(site, "content", "inspectors", id+".md")
	return p, write(p, inspectorText, nil)
}

func write(p, text string, data any) error {
	if _, err := os.Stat(p); err == nil {
		return fmt.Errorf("%s %w", p, ErrExists)
	}
	var b bytes.Buffer
	if err := template.Must(template.New("").Parse(text)).Execute(&b, data); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, b.Bytes(), 0o644)
}

type issueHead struct {
	Series   string `toml:"series"`
	Subtitle string `toml:"subtitle"`
	Issuer   string `toml:"issuer"`
	Year     int    `toml:"year"`
	Number   int    `toml:"number"`
	Total    int    `toml:"total"`
	Footer   struct {
		ReportTo  string `toml:"report_to"`
		SendTo    string `toml:"send_to"`
		SendLabel string `toml:"send_label"`
	} `toml:"footer"`
}

// latestIssue reads the front matter of the issue with the highest year and
// number, loosely: a broken file is skipped, `dudao check` will report it.
func latestIssue(site string) *issueHead {
	dirs, _ := filepath.Glob(filepath.Join(site, "content", "bulletins", "*", "index.md"))
	var best *issueHead
	for _, p := range dirs {
		raw, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		parts := strings.SplitN(strings.ReplaceAll(string(raw), "\r\n", "\n"), "+++", 3)
		if len(parts) < 3 {
			continue
		}
		var h issueHead
		if _, err := toml.Decode(parts[1], &h); err != nil {
			continue
		}
		if best == nil || h.Year > best.Year || h.Year == best.Year && h.Number > best.Number {
			hh := h
			best = &hh
		}
	}
	return best
}

var orderRe = regexp.MustCompile(`(?m)^order\s*=\s*(\d+)`)

func nextOrder(dir string) int {
	files, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	var orders []int
	for _, f := range files {
		b, _ := os.ReadFile(f)
		if m := orderRe.FindSubmatch(b); m != nil {
			n, _ := strconv.Atoi(string(m[1]))
			orders = append(orders, n)
		}
	}
	sort.Ints(orders)
	if len(orders) == 0 {
		return 1
	}
	return orders[len(orders)-1] + 1
}
