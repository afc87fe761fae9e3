package corpus

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dudao/dudao"
	"github.com/dudao/dudao/internal/build"
	"github.com/dudao/dudao/internal/diag"
	ind "github.com/dudao/dudao/internal/indicators"
)

// TestProvinceBuilds builds a small province site with the real pipeline:
// no errors, no warnings, and every page the data makes is there.
func TestProvinceBuilds(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	m, err := generateProvince(site, 3, 10, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(dir, "public")
	res, err := build.Build(build.Options{SiteDir: site, Dest: dest, Theme: dudao.Theme})
	if err != nil {
		t.Fatalf("build failed:\n%v", err)
	}
	for _, w := range res.Warnings {
		t.Errorf("warning: %s", w.String())
	}
	if len(res.Site.Districts) != 4 {
		t.Errorf("%d districts, want the office and 3", len(res.Site.Districts))
	}
	if m.schools != 30 || m.rows <= m.schools {
		t.Errorf("%d schools in %d rows, want 30 schools and some 九年一贯制 with two rows", m.schools, m.rows)
	}
	if want := m.expectedPages(); res.Pages != want {
		t.Errorf("built %d pages, want %d", res.Pages, want)
	}
	exists := func(rel string) {
		t.Helper()
		if _, err := os.Stat(filepath.Join(dest, filepath.FromSlash(rel))); err != nil {
			t.Errorf("missing %s", rel)
		}
	}
	exists("overview/index.html")
	exists("indicators/equipment/index.html")
	for _, d := range m.districts {
		base := "districts/" + d.id + "/"
		exists(base + "index.html")
		for _, f := range []string{"charts/cv-primary.csv", "charts/matrix-junior.csv", "charts/trend-primary.csv",
			"charts/tasks.csv", "charts/problems.csv", "indicators.json", "schools.csv", "tasks.csv", "problems.csv"} {
			exists(base + f)
		}
		page, err := os.ReadFile(filepath.Join(dest, "districts", d.id, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(page), "charts/cv-primary.csv") {
			t.Errorf("%s: the district page shows no dashboard", d.id)
		}
		for _, s := range d.schools {
			exists("schools/" + d.id + "/" + s.name + "/index.html")
		}
	}
	html := 0
	err = filepath.WalkDir(filepath.Join(dest, "schools"), func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() && strings.HasSuffix(p, ".html") {
			html++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if html != m.schools {
		t.Errorf("%d school pages, want %d", html, m.schools)
	}

	// The same site without its data builds too, with the data's pages gone.
	bare := filepath.Join(dir, "bare")
	if err := CopyWithoutData(site, bare); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(filepath.Join(bare, "data"))
	if err != nil || len(entries) != 1 || entries[0].Name() != "districts.toml" {
		t.Fatalf("data/ of the copy: %v %v, want districts.toml alone", entries, err)
	}
	res2, err := build.Build(build.Options{SiteDir: bare, Theme: dudao.Theme, DryRun: true})
	if err != nil {
		t.Fatalf("build without data failed:\n%v", err)
	}
	if want := m.content.expectedPages(); res2.Pages != want {
		t.Errorf("without data: built %d pages, want %d", res2.Pages, want)
	}
	if err := CopyWithoutData(site, bare); err == nil {
		t.Error("CopyWithoutData wrote over an existing folder")
	}
}

// TestProvinceData checks on a larger instance, through the indicators
// package alone, that the data loads cleanly and looks like a province's:
// 60/40 primary and junior schools, a few 九年一贯制, schools short of the
// thresholds, districts over the 差异系数 gate, and a few ready ones.
func TestProvinceData(t *testing.T) {
	site := t.TempDir()
	const nd, ns, np = 40, 60, 3
	m, err := generateProvince(site, nd, ns, np, 3)
	if err != nil {
		t.Fatal(err)
	}
	list := &diag.List{}
	data := ind.Load(site, nil, "", list)
	for _, p := range list.Problems() {
		t.Errorf("%s", p.String())
	}
	if len(data.Districts) != nd+1 {
		t.Fatalf("%d districts loaded, want %d", len(data.Districts), nd+1)
	}
	rep := ind.Compute(data, time.Date(2026, 11, 1, 0, 0, 0, 0, ind.China))
	var primary, junior, nine, short, overGate, ready, rows, tasks, problems, overdue int
	for _, d := range m.districts {
		for _, s := range d.schools {
			switch s.kind {
			case "小学":
				primary++
			case "初中":
				junior++
			default:
				nine++
			}
		}
		dr := rep.District(d.id)
		if dr == nil || len(dr.Periods) != np || dr.Tasks == nil || dr.Problems == nil || dr.Phases == nil {
			t.Fatalf("%s: incomplete report", d.id)
		}
		latest := dr.Latest()
		if latest.County == nil {
			t.Errorf("%s: no county report", d.id)
		}
		over := false
		for _, st := range latest.Stages {
			rows += len(st.Schools)
			short += len(st.Schools) - st.SchoolsPassed
			over = over || !st.CVPassed
		}
		if over {
			overGate++
		}
		if latest.Ready {
			ready++
		}
		tasks += dr.Tasks.Total
		overdue += dr.Tasks.Overdue
		problems += dr.Problems.Found
	}
	total := nd * ns
	if primary+junior+nine != total || rows != m.rows {
		t.Errorf("%d + %d + %d schools in %d rows, want %d schools in %d rows", primary, junior, nine, rows, total, m.rows)
	}
	if f := float64(primary) / float64(primary+junior); f < 0.55 || f > 0.65 {
		t.Errorf("%.0f%% of the 小学 and 初中 are 小学, want about 60%%", f*100)
	}
	if f := float64(nine) / float64(total); f < 0.03 || f > 0.1 {
		t.Errorf("%.1f%% 九年一贯制, want a few", f*100)
	}
	if f := float64(short) / float64(rows); f < 0.03 || f > 0.4 {
		t.Errorf("%.1f%% of the schools fall short, want some", f*100)
	}
	if overGate < 2 || overGate > nd/2 {
		t.Errorf("%d of %d districts have a 差异系数 over the gate, want some", overGate, nd)
	}
	if ready < 1 || ready > nd/2 {
		t.Errorf("%d of %d districts ready, want a few", ready, nd)
	}
	if tasks < 18*nd || tasks > 22*nd || overdue == 0 || tasks != m.tasks {
		t.Errorf("%d tasks (%d overdue), %d written, want about 20 a district", tasks, overdue, m.tasks)
	}
	if problems < 90*nd || problems > 110*nd || problems != m.problems {
		t.Errorf("%d problems, %d written, want about 100 a district", problems, m.problems)
	}
	t.Logf("%d schools (%d 小学, %d 初中, %d 九年一贯制) in %d rows; %d short; %d districts over the gate, %d ready; %d tasks, %d overdue; %d problems",
		total, primary, junior, nine, rows, short, overGate, ready, tasks, overdue, problems)
}

func TestProvinceDeterministic(t *testing.T) {
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	for _, x := range []struct {
		dir  string
		seed int64
	}{{a, 5}, {b, 5}, {c, 6}} {
		if err := GenerateProvince(x.dir, 4, 12, 2, x.seed); err != nil {
			t.Fatal(err)
		}
	}
	if d := diffTrees(t, a, b); d != "" {
		t.Errorf("same seed, different output: %s", d)
	}
	if diffTrees(t, a, c) == "" {
		t.Errorf("different seeds, same output")
	}
}

func TestProvinceArguments(t *testing.T) {
	for _, x := range [][3]int{{0, 10, 1}, {1, 0, 1}, {1, 10, 0}, {1, 10, 7}, {maxDistricts() + 1, 10, 1}} {
		if err := GenerateProvince(t.TempDir(), x[0], x[1], x[2], 1); err == nil {
			t.Errorf("GenerateProvince(%d, %d, %d) did not fail", x[0], x[1], x[2])
		}
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte("title = \"x\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := GenerateProvince(dir, 1, 5, 1, 1); err == nil {
		t.Error("GenerateProvince wrote into a folder that already holds a site")
	}
}

// TestProvinceSmall makes tiny and odd sizes, which must still build.
func TestProvinceSmall(t *testing.T) {
	for _, x := range [][3]int{{1, 1, 1}, {1, 2, 1}, {2, 3, 6}, {1, 7, 1}} {
		site := t.TempDir()
		m, err := generateProvince(site, x[0], x[1], x[2], int64(x[1]))
		if err != nil {
			t.Fatal(err)
		}
		res, err := build.Build(build.Options{SiteDir: site, Theme: dudao.Theme, DryRun: true})
		if err != nil {
			t.Fatalf("%v: build failed:\n%v", x, err)
		}
		if len(res.Warnings) > 0 || res.Pages != m.expectedPages() {
			t.Errorf("%v: %d warnings, %d pages, want none and %d", x, len(res.Warnings), res.Pages, m.expectedPages())
		}
	}
}

// BenchmarkProvinceBuild rebuilds a fifth of the province site of make bench
// (20 districts × 150 schools × 5 periods) into its existing output: the
// target to profile what the data costs a build, as in
//
//	go test -run '^$' -bench ProvinceBuild -cpuprofile cpu.prof ./internal/corpus/
func BenchmarkProvinceBuild(b *testing.B) {
	dir := b.TempDir()
	site, dest := filepath.Join(dir, "site"), filepath.Join(dir, "public")
	if err := GenerateProvince(site, 20, 150, 5, 1); err != nil {
		b.Fatal(err)
	}
	opt := build.Options{SiteDir: site, Dest: dest, Theme: dudao.Theme}
	if _, err := build.Build(opt); err != nil {
		b.Fatal(err)
	}
	var pages int
	for b.Loop() { // b.Loop times only the loop
		res, err := build.Build(opt)
		if err != nil {
			b.Fatal(err)
		}
		pages = res.Pages
	}
	b.ReportMetric(float64(pages), "pages")
}
