package build

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dudao/dudao"
)

var (
	steps = flag.Int("steps", 200, "steps of the incremental-equals-full test")
	seed  = flag.Uint64("seed", 0, "seed of the incremental-equals-full test (0: from the clock)")
)

// exampleCopy copies the example site's sources into a new folder.
func exampleCopy(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	copyTree(t, "../..", dir, func(rel string) bool {
		top, _, _ := strings.Cut(rel, "/")
		switch top {
		case ".", "content", "data", "layouts", "static", "site.toml":
			return false
		}
		return true
	})
	return dir
}

// asOf fixes the day progress is judged on, so that builds agree.
var asOf = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

// A session that rebuilds after each of a long random sequence of edits,
// creations, renames and deletions holds, after every step, exactly the
// files a full build of the same sources makes; and where a full build
// fails, the rebuild fails too and keeps the last good site.
func TestIncrementalEqualsFull(t *testing.T) {
	s := *seed
	if s == 0 {
		s = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (rerun with -seed %d)", s, s)
	rng := rand.New(rand.NewPCG(s, 1))
	dir := exampleCopy(t)
	opt := Options{SiteDir: dir, Theme: dudao.Theme, AsOf: asOf}
	sess := NewSession(opt)
	if _, err := sess.Rebuild(nil); err != nil {
		t.Fatal(err)
	}
	e := &editor{t: t, dir: dir, rng: rng}
	kept, rendered := 0, 0
	for step := range *steps {
		what, changed := e.step()
		// The full build runs beside the rebuild: both only read the site.
		var full *Update
		var fullErr error
		done := make(chan struct{})
		go func() {
			defer close(done)
			full, fullErr = NewSession(opt).Rebuild(nil)
		}()
		up, incErr := sess.Rebuild(changed)
		if incErr == nil && up.Pending {
			_, incErr = sess.Finish()
		}
		<-done
		switch {
		case (incErr == nil) != (fullErr == nil):
			t.Fatalf("step %d (%s): rebuild error %v, full build error %v", step, what, incErr, fullErr)
		case fullErr != nil:
			e.broken = true
			continue
		}
		e.broken = false
		kept += up.Parts - up.Rendered
		rendered += up.Rendered
		if d := diffFiles(sess.Files(), full.Files); d != "" {
			t.Fatalf("step %d (%s, changed %v): incremental and full builds differ:\n%s", step, what, changed, d)
		}
	}
	t.Logf("%d steps: %d parts rendered, %d kept", *steps, rendered, kept)

	// And a full build on disk is the same site.
	if e.undo != nil {
		what, changed := e.step()
		if _, err := sess.Rebuild(changed); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	dest := t.TempDir()
	if _, err := Build(Options{SiteDir: dir, Dest: dest, Theme: dudao.Theme, AsOf: asOf}); err != nil {
		t.Fatal(err)
	}
	onDisk := Files{}
	filepath.WalkDir(dest, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dest, p)
			if !strings.HasPrefix(rel, ".dudao") {
				onDisk[filepath.ToSlash(rel)], _ = os.ReadFile(p)
			}
		}
		return nil
	})
	if d := diffFiles(sess.Files(), onDisk); d != "" {
		t.Fatalf("session and dudao build differ:\n%s", d)
	}
}

func diffFiles(got, want Files) string {
	var b strings.Builder
	for _, p := range sortedKeys(want) {
		g, ok := got[p]
		switch {
		case !ok:
			fmt.Fprintf(&b, "missing %s\n", p)
		case !bytes.Equal(g, want[p]):
			fmt.Fprintf(&b, "%s differs: %s\n", p, firstDiff(string(g), string(want[p])))
		}
	}
	for _, p := range sortedKeys(got) {
		if _, ok := want[p]; !ok {
			fmt.Fprintf(&b, "extra %s\n", p)
		}
	}
	return b.String()
}

func sortedKeys(f Files) []string {
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// editor changes a site's sources at random, as an editor would.
type editor struct {
	t      *testing.T
	dir    string
	rng    *rand.Rand
	n      int    // files created so far
	broken bool   // the last step left an error in the sources
	undo   func() // repairs the error
	// lastBroken is the file undo restores.
	lastBroken string
}

var words = []string{"督导", "优质均衡", "差异系数", "**责任督学**", "挂牌督导，", "义务教育", "校园安全", "“双减”", "课后服务。", "整改",
	"A&B", "<b>粗体</b>", "第12条", "*强调*：", "问题清单", "铜官区", "控辍保学", "——", "2021年"}

func (e *editor) words(n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(words[e.rng.IntN(len(words))])
	}
	return b.String()
}

// articles lists the article files.
func (e *editor) articles() []string {
	var out []string
	filepath.WalkDir(filepath.Join(e.dir, "content"), func(p string, d os.DirEntry, err error) error {
		rel, _ := filepath.Rel(e.dir, p)
		rel = filepath.ToSlash(rel)
		if err == nil && !d.IsDir() && strings.HasSuffix(rel, ".md") && path.Base(rel) != "index.md" &&
			(strings.HasPrefix(rel, "content/bulletins/") || strings.HasPrefix(rel, "content/articles/")) {
			out = append(out, rel)
		}
		return nil
	})
	return out
}

// protected articles are link targets: never deleted or renamed.
var protected = map[string]bool{
	"content/bulletins/2020-10/yian-report.md": true,
	"content/articles/baoji-reform-survey.md":  true,
}

func (e *editor) read(rel string) string {
	b, err := os.ReadFile(filepath.Join(e.dir, filepath.FromSlash(rel)))
	if err != nil {
		e.t.Fatal(err)
	}
	return string(b)
}

func (e *editor) write(rel, text string) {
	p := filepath.Join(e.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		e.t.Fatal(err)
	}
}

// setField sets (or, with value "", removes) a front matter line key = ….
func setField(text, key, value string) string {
	re := regexp.MustCompile(`(?m)^` + key + ` = .*\n`)
	line := ""
	if value != "" {
		line = key + " = " + value + "\n"
	}
	if re.MatchString(text) {
		return re.ReplaceAllLiteralString(text, line)
	}
	return strings.Replace(text, "+++\n", "+++\n"+line, 1)
}

func (e *editor) pick(xs []string) string { return xs[e.rng.IntN(len(xs))] }

// repair undoes the error the last step made.
func (e *editor) repair() {
	if e.undo != nil {
		e.undo()
		e.undo = nil
	}
}

// step makes one random change and returns what it did and the paths it
// touched.
func (e *editor) step() (string, []string) {
	if e.undo != nil {
		e.repair()
		return "repair", []string{e.lastBroken}
	}
	arts := e.articles()
	a := e.pick(arts)
	switch op := e.rng.IntN(22); op {
	case 0, 1, 2:
		text := e.read(a) + "\n\n" + e.words(3+e.rng.IntN(8)) + "\n"
		if e.rng.IntN(3) == 0 {
			text += "\n见[义安区的报告](/bulletins/2020-10/yian-report.md)和[调研](/articles/baoji-reform-survey.md)。\n"
		}
		e.write(a, text)
		return "edit body of " + a, []string{a}
	case 3:
		e.write(a, setField(e.read(a), "title", fmt.Sprintf("%q", e.words(2))))
		return "retitle " + a, []string{a}
	case 4:
		e.write(a, setField(e.read(a), "date", fmt.Sprintf("2020-%02d-%02d", 1+e.rng.IntN(12), 1+e.rng.IntN(28))))
		return "redate " + a, []string{a}
	case 5:
		pool := []string{`"优质均衡"`, `"督学风采"`, `"ABC"`, `"abc"`, `"新关键词"`, `"整改"`, `"义安区"`}
		var ks []string
		for range e.rng.IntN(4) {
			ks = append(ks, e.pick(pool))
		}
		e.write(a, setField(e.read(a), "keywords", "["+strings.Join(ks, ", ")+"]"))
		return "keywords of " + a, []string{a}
	case 6:
		e.write(a, setField(e.read(a), "unit", e.pick([]string{`"yian"`, `"tongguan"`, `"jiaoqu"`, `"zongyang"`, `"office"`, ""})))
		return "unit of " + a, []string{a}
	case 7:
		if protected[a] { // a draft is not there to link to
			return e.step()
		}
		e.write(a, setField(e.read(a), "draft", e.pick([]string{"true", ""})))
		return "draft " + a, []string{a}
	case 8:
		e.n++
		folder := e.pick([]string{"content/articles", "content/bulletins/2020-10", "content/bulletins/2021-01"})
		rel := fmt.Sprintf("%s/new-%d.md", folder, e.n)
		changed := []string{rel}
		if folder == "content/bulletins/2021-01" {
			if _, err := os.Stat(filepath.Join(e.dir, "content/bulletins/2021-01/index.md")); err != nil {
				e.write("content/bulletins/2021-01/index.md", "+++\nseries = \"铜陵市教育督导工作信息\"\nyear = 2021\nnumber = 1\ntotal = 15\ndate = 2021-01-31\nissuer = \"铜陵市人民政府教育督导委员会办公室\"\nsections = [\"工作动态\"]\n+++\n")
				changed = []string{"content/bulletins/2021-01"} // mkdir -p: the watcher names the folder
			}
		}
		fm := fmt.Sprintf("+++\ntitle = %q\ndate = 2021-01-%02d\nunit = \"yian\"\nkeywords = [\"优质均衡\"]\n", e.words(2), 1+e.rng.IntN(28))
		if strings.Contains(folder, "bulletins") {
			fm += "section = \"工作动态\"\n"
		}
		e.write(rel, fm+"+++\n"+e.words(12)+"\n")
		return "create " + rel, changed
	case 9:
		if protected[a] {
			return e.step()
		}
		e.n++
		to := path.Dir(a) + fmt.Sprintf("/renamed-%d.md", e.n)
		if err := os.Rename(filepath.Join(e.dir, a), filepath.Join(e.dir, to)); err != nil {
			e.t.Fatal(err)
		}
		return "rename " + a, []string{a, to}
	case 10:
		if protected[a] || len(arts) < 4 {
			return e.step()
		}
		os.Remove(filepath.Join(e.dir, a))
		return "delete " + a, []string{a}
	case 11:
		rel := "content/bulletins/2020-10/index.md"
		e.write(rel, setField(e.read(rel), "subtitle", fmt.Sprintf("%q", e.words(2))))
		return "issue subtitle", []string{rel}
	case 12:
		rel := e.pick([]string{"content/about.md", "content/inspectors/wu-debao.md", "content/documents/jinggangshan-inspection-plan.md"})
		e.write(rel, e.read(rel)+"\n"+e.words(5)+"\n")
		return "edit " + rel, []string{rel}
	case 13:
		rel := "content/articles/baoji-reform-survey.md"
		e.write(rel, setField(e.read(rel), "slug", e.pick([]string{`"survey"`, `"baoji"`, ""})))
		return "slug of the link target", []string{rel}
	case 14:
		rel := "data/schools/yian/2025.csv"
		text := e.read(rel)
		text = strings.Replace(text, ",1988,", fmt.Sprintf(",%d,", 1900+e.rng.IntN(200)), 1)
		text = regexp.MustCompile(`,19\d\d,48,`).ReplaceAllString(text, fmt.Sprintf(",%d,48,", 1900+e.rng.IntN(99)))
		e.write(rel, text)
		return "data sheet", []string{rel}
	case 15:
		e.write("site.toml", setField(e.read("site.toml"), "description", fmt.Sprintf("%q", e.words(3))))
		return "site.toml", []string{"site.toml"}
	case 16:
		// A template of the site's own, taken away again the next step.
		rel := "layouts/partials/site-footer.html"
		text := e.read(rel)
		e.write(rel, `{{define "site-footer"}}<footer class="site-footer"><p>`+e.words(2)+`</p></footer>{{end}}`)
		e.undo, e.lastBroken = func() { e.write(rel, text) }, rel
		return "own footer", []string{rel}
	case 17:
		rel := "static/assets/css/site.css"
		theme, _ := dudao.Theme.Open("static/assets/css/site.css")
		var b bytes.Buffer
		b.ReadFrom(theme)
		theme.Close()
		fmt.Fprintf(&b, "\n.lead { letter-spacing: %dpx; }\n", e.rng.IntN(3))
		e.write(rel, b.String())
		return "own stylesheet", []string{rel}
	case 18:
		rel := "data/districts.toml"
		text := e.read(rel)
		e.write(rel, strings.Replace(text, `short = "义安区"`, `short = "义安"`, 1))
		e.undo = func() { e.write(rel, text) } // not an error; restored next step
		e.lastBroken = rel
		return "district short name", []string{rel}
	case 19:
		// A data sheet for a district that does not exist: an error, until
		// it goes again.
		rel := "data/schools/nowhere/2025.csv"
		e.write(rel, e.read("data/schools/yian/2025.csv"))
		e.undo = func() { os.RemoveAll(filepath.Join(e.dir, "data/schools/nowhere")) }
		e.lastBroken = "data/schools/nowhere"
		return "sheet of an unknown district", []string{rel}
	default:
		// An error: a broken front matter, a chart of a district without
		// data, a bad data sheet.
		rel := e.pick([]string{a, "data/schools/yian/2024.csv", a})
		text := e.read(rel)
		switch {
		case strings.HasSuffix(rel, ".csv"):
			e.write(rel, strings.Replace(text, "1961", "一九六一", 1))
		case e.rng.IntN(2) == 0:
			e.write(rel, strings.Replace(text, "+++\n", "+++\ntitle = \n", 1))
		default:
			e.write(rel, text+"\n```chart\ndistrict = \"nowhere\"\nkind = \"cv\"\n```\n")
		}
		e.undo = func() { e.write(rel, text) }
		e.lastBroken = rel
		return "break " + rel, []string{rel}
	}
}
