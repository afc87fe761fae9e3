// Command dudao-bench measures how fast dudao builds large sites and how much
// memory it takes.
//
// For each size it generates a corpus of that many articles with
// internal/corpus (once: corpora are kept in the cache folder and reused while
// their stamp matches the size, seed and generator version), then runs the
// dudao binary as a child process:
//
//   - cold: a first build, into a new output folder each run. The folders are
//     deleted only after all runs of all sizes: on this kind of disk, creating
//     many files right after deleting many is far slower than either, and a
//     real first build does not follow a mass deletion;
//   - warm: a rebuild with nothing changed, into the output the last cold run
//     left.
//
// Each mode runs -runs times. It prints a table of medians — wall time, pages
// per second, the child's peak RSS — and the same figures as Go benchmark lines
// that benchstat reads:
//
//	go run ./cmd/dudao-bench -bin bin/dudao -sizes 1000,10000 -runs 5
//
// With -province DxSxP (100x150x5: 100 districts of 150 schools, 5 periods)
// it also measures what the 优质均衡 data costs: it generates a province site
// with corpus.GenerateProvince and a copy of it whose data/ holds only
// districts.toml (both cached like the corpora), builds the two alternately,
// cold and warm as above, and reports the medians of each and their
// difference, "dashboards add X s": reading and computing the data and
// rendering the dashboards, the overview, the indicator pages and a page per
// school. The warm difference isolates computing and rendering from the cost
// of creating files on first write; the cold one includes it. -sizes "" skips
// the article corpora.
//
// A failed build stops the benchmark with the build's output and a non-zero
// exit status.
package main

import (
	"bytes"
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/dudao/dudao/internal/corpus"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type options struct {
	sizes    []int
	province *province // nil: none
	runs     int
	bin      string
	cache    string
	seed     int64
	outputs  *[]string // build output folders, deleted when everything is measured
}

// province is the size of a province site: districts × schools × periods.
type province struct{ districts, schools, periods int }

func (p province) String() string {
	return fmt.Sprintf("%dx%dx%d", p.districts, p.schools, p.periods)
}

// parseProvince reads DxSxP, as in 100x150x5.
func parseProvince(s string) (*province, error) {
	parts := strings.Split(strings.ToLower(strings.TrimSpace(s)), "x")
	var n [3]int
	if len(parts) != 3 {
		return nil, fmt.Errorf("bad -province %q: want districts x schools x periods, as in 100x150x5", s)
	}
	for i, part := range parts {
		v, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || v < 1 {
			return nil, fmt.Errorf("bad -province %q: want districts x schools x periods, as in 100x150x5", s)
		}
		n[i] = v
	}
	return &province{n[0], n[1], n[2]}, nil
}

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("dudao-bench", flag.ContinueOnError)
	fl.SetOutput(stderr)
	sizes := fl.String("sizes", "1000,10000", "corpus sizes in articles, comma-separated; \"\" for none")
	runs := fl.Int("runs", 5, "builds per size and mode (cold, warm)")
	bin := fl.String("bin", "bin/dudao", "the dudao binary to measure")
	cache := fl.String("cache", ".bench", "folder for the generated corpora and the build output")
	seed := fl.Int64("seed", 1, "corpus seed")
	prov := fl.String("province", "", "also measure a province site of districts x schools x periods, as in 100x150x5, with and without its data/")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	opt := options{runs: *runs, bin: *bin, cache: *cache, seed: *seed}
	if strings.TrimSpace(*sizes) != "" {
		for _, s := range strings.Split(*sizes, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || n < 1 {
				fmt.Fprintf(stderr, "dudao-bench: bad size %q in -sizes\n", s)
				return 2
			}
			opt.sizes = append(opt.sizes, n)
		}
	}
	if *prov != "" {
		p, err := parseProvince(*prov)
		if err != nil {
			fmt.Fprintf(stderr, "dudao-bench: %v\n", err)
			return 2
		}
		opt.province = p
	}
	if opt.runs < 1 || fl.NArg() > 0 || (len(opt.sizes) == 0 && opt.province == nil) {
		fl.Usage()
		return 2
	}
	if _, err := os.Stat(opt.bin); err != nil {
		fmt.Fprintf(stderr, "dudao-bench: no dudao binary at %s (build it first: go build -o bin/dudao ./cmd/dudao)\n", opt.bin)
		return 2
	}
	// Measure a copy, so that a rebuild of -bin during the benchmark (make in
	// another terminal) cannot mix two binaries in one set of runs.
	copied, version, err := snapshot(opt.bin, opt.cache)
	if err != nil {
		fmt.Fprintf(stderr, "dudao-bench: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "measuring %s (%s), %d runs per size and mode\n", opt.bin, version, opt.runs)
	opt.bin = copied
	var outputs []string
	opt.outputs = &outputs
	defer func() {
		for _, o := range outputs {
			os.RemoveAll(o)
		}
	}()
	var results []result
	for _, size := range opt.sizes {
		rs, err := benchSize(opt, size, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "dudao-bench: %v\n", err)
			return 1
		}
		results = append(results, rs...)
	}
	var prs []result
	if opt.province != nil {
		var err error
		if prs, err = benchProvince(opt, *opt.province, stderr); err != nil {
			fmt.Fprintf(stderr, "dudao-bench: %v\n", err)
			return 1
		}
	}
	report(stdout, results)
	if opt.province != nil {
		if len(results) > 0 {
			fmt.Fprintln(stdout)
		}
		reportProvince(stdout, *opt.province, prs)
	}
	return 0
}

// result is the runs of one size in one mode; for a province site, data says
// whether it is the site with its data/ (with) or without (without).
type result struct {
	size  int
	data  string
	mode  string
	pages int
	files int
	runs  []sample
}

type sample struct {
	wall time.Duration
	cpu  time.Duration // user + system time of the child
	rss  int64         // peak resident set, bytes
}

func benchSize(opt options, size int, log io.Writer) ([]result, error) {
	site, err := ensureCorpus(opt, size, log)
	if err != nil {
		return nil, err
	}
	base, err := filepath.Abs(filepath.Join(opt.cache, fmt.Sprintf("out-%d", size)))
	if err != nil {
		return nil, err
	}
	if err := os.RemoveAll(base); err != nil { // left by an interrupted run
		return nil, err
	}
	*opt.outputs = append(*opt.outputs, base)
	cold := result{size: size, mode: "cold"}
	warm := result{size: size, mode: "warm"}
	var out string
	for i := 0; i < opt.runs; i++ {
		out = filepath.Join(base, fmt.Sprintf("cold-%d", i))
		if err := measure(opt.bin, site, out, &cold, i == 0, log); err != nil {
			return nil, err
		}
		progress(log, fmt.Sprintf("size=%d", size), cold, opt.runs)
	}
	for i := 0; i < opt.runs; i++ {
		if err := measure(opt.bin, site, out, &warm, false, log); err != nil {
			return nil, err
		}
		progress(log, fmt.Sprintf("size=%d", size), warm, opt.runs)
	}
	return []result{cold, warm}, nil
}

// measure builds site into out once and adds the run to r; check compares
// the pages dudao reports with the .html files in out (a difference is a
// warning on log).
func measure(bin, site, out string, r *result, check bool, log io.Writer) error {
	s, b, err := build(bin, site, out)
	if err != nil {
		return err
	}
	if check {
		files, err := countHTML(out)
		if err != nil {
			return err
		}
		if b.pages != files {
			fmt.Fprintf(log, "warning: dudao reported %d pages, the output holds %d .html files\n", b.pages, files)
		}
	}
	r.pages, r.files = b.pages, b.files
	r.runs = append(r.runs, s)
	return nil
}

func progress(log io.Writer, name string, r result, n int) {
	s := r.runs[len(r.runs)-1]
	fmt.Fprintf(log, "%s %s %d/%d: %.2fs wall, %.2fs cpu, %.0f MB peak\n",
		name, r.mode, len(r.runs), n, s.wall.Seconds(), s.cpu.Seconds(), mb(s.rss))
}

// benchProvince measures the province site with and without its data/,
// alternating the two so that a drift of the machine's speed during the
// runs weighs on both alike: the cold runs first, each into a new folder,
// then the warm runs into the last cold output of each.
func benchProvince(opt options, p province, log io.Writer) ([]result, error) {
	with, without, err := ensureProvince(opt, p, log)
	if err != nil {
		return nil, err
	}
	base, err := filepath.Abs(filepath.Join(opt.cache, "out-province-"+p.String()))
	if err != nil {
		return nil, err
	}
	if err := os.RemoveAll(base); err != nil { // left by an interrupted run
		return nil, err
	}
	*opt.outputs = append(*opt.outputs, base)
	sites := []struct{ data, dir string }{{"with", with}, {"without", without}}
	results := make([]result, 4) // cold with, cold without, warm with, warm without
	last := make([]string, 2)
	for k, mode := range []string{"cold", "warm"} {
		for i := 0; i < opt.runs; i++ {
			for j, s := range sites {
				r := &results[2*k+j]
				r.data, r.mode = s.data, mode
				if mode == "cold" {
					last[j] = filepath.Join(base, s.data, fmt.Sprintf("cold-%d", i))
				}
				if err := measure(opt.bin, s.dir, last[j], r, i == 0, log); err != nil {
					return nil, err
				}
				progress(log, "province="+p.String()+" data="+s.data, *r, opt.runs)
			}
		}
	}
	return results, nil
}

// ensureProvince returns the folders of the province site and of its copy
// without data, generating them unless both are there with the same stamp.
func ensureProvince(opt options, p province, log io.Writer) (string, string, error) {
	dir, err := filepath.Abs(filepath.Join(opt.cache, "province-"+p.String()))
	if err != nil {
		return "", "", err
	}
	bare := dir + "-nodata"
	stamp := fmt.Sprintf("province=%s seed=%d generator=%s/%s\n", p, opt.seed, corpus.Version, corpus.ProvinceVersion)
	const stampFile = "corpus.stamp"
	fresh := true
	for _, d := range []string{dir, bare} {
		b, err := os.ReadFile(filepath.Join(d, stampFile))
		fresh = fresh && err == nil && string(b) == stamp
	}
	if fresh {
		fmt.Fprintf(log, "province=%s: reusing %s and %s\n", p, dir, bare)
		return dir, bare, nil
	}
	fmt.Fprintf(log, "province=%s: generating %s and %s …\n", p, dir, bare)
	start := time.Now()
	tmp, bareTmp := dir+".tmp", bare+".tmp"
	for _, d := range []string{tmp, bareTmp} {
		if err := os.RemoveAll(d); err != nil {
			return "", "", err
		}
	}
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return "", "", err
	}
	if err := corpus.GenerateProvince(tmp, p.districts, p.schools, p.periods, opt.seed); err != nil {
		return "", "", err
	}
	if err := corpus.CopyWithoutData(tmp, bareTmp); err != nil {
		return "", "", err
	}
	for _, d := range []string{tmp, bareTmp} {
		if err := os.WriteFile(filepath.Join(d, stampFile), []byte(stamp), 0o644); err != nil {
			return "", "", err
		}
	}
	for _, d := range [][2]string{{tmp, dir}, {bareTmp, bare}} {
		if err := os.RemoveAll(d[1]); err != nil {
			return "", "", err
		}
		if err := os.Rename(d[0], d[1]); err != nil {
			return "", "", err
		}
	}
	fmt.Fprintf(log, "province=%s: generated in %.1fs\n", p, time.Since(start).Seconds())
	return dir, bare, nil
}

// snapshot copies the binary into the cache folder and asks it its version.
func snapshot(bin, cache string) (string, string, error) {
	data, err := os.ReadFile(bin)
	if err != nil {
		return "", "", err
	}
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return "", "", err
	}
	name := "dudao-under-test"
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	dst, err := filepath.Abs(filepath.Join(cache, name))
	if err != nil {
		return "", "", err
	}
	if err := os.Remove(dst); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", "", err
	}
	if err := os.WriteFile(dst, data, 0o755); err != nil {
		return "", "", err
	}
	out, err := exec.Command(dst, "version").Output()
	if err != nil {
		return "", "", fmt.Errorf("%s version: %v", bin, err)
	}
	return dst, strings.TrimSpace(string(out)), nil
}

// ensureCorpus returns the folder of the corpus of size articles, generating
// it unless a corpus with the same stamp is already there.
func ensureCorpus(opt options, size int, log io.Writer) (string, error) {
	dir, err := filepath.Abs(filepath.Join(opt.cache, fmt.Sprintf("corpus-%d", size)))
	if err != nil {
		return "", err
	}
	stamp := fmt.Sprintf("size=%d seed=%d generator=%s\n", size, opt.seed, corpus.Version)
	const stampFile = "corpus.stamp"
	if b, err := os.ReadFile(filepath.Join(dir, stampFile)); err == nil && string(b) == stamp {
		fmt.Fprintf(log, "size=%d: reusing corpus %s\n", size, dir)
		return dir, nil
	}
	fmt.Fprintf(log, "size=%d: generating corpus in %s …\n", size, dir)
	start := time.Now()
	tmp := dir + ".tmp"
	if err := os.RemoveAll(tmp); err != nil {
		return "", err
	}
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return "", err
	}
	if err := corpus.Generate(tmp, size, opt.seed); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(tmp, stampFile), []byte(stamp), 0o644); err != nil {
		return "", err
	}
	if err := os.RemoveAll(dir); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, dir); err != nil {
		return "", err
	}
	fmt.Fprintf(log, "size=%d: generated in %.1fs\n", size, time.Since(start).Seconds())
	return dir, nil
}

var pagesRe = regexp.MustCompile(`已生成 (\d+) 个页面(?:，共 (\d+) 个文件)?`)

// built is what dudao says it made.
type built struct{ pages, files int }

// build runs dudao once and measures it.
func build(bin, site, out string) (sample, built, error) {
	cmd := exec.Command(bin, "build", "-s", site, "-d", out)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return sample{}, built{}, fmt.Errorf("%s build -s %s -d %s failed: %v\n%s%s", bin, site, out, err, stdout.String(), stderr.String())
	}
	m := pagesRe.FindSubmatch(stdout.Bytes())
	if m == nil {
		return sample{}, built{}, fmt.Errorf("no “已生成 N 个页面” line in dudao's output:\n%s", stdout.String())
	}
	var b built
	b.pages, _ = strconv.Atoi(string(m[1]))
	b.files, _ = strconv.Atoi(string(m[2])) // 0 if dudao does not say
	ps := cmd.ProcessState
	return sample{wall: wall, cpu: ps.UserTime() + ps.SystemTime(), rss: peakRSS(ps)}, b, nil
}

func countHTML(dir string) (int, error) {
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(d.Name(), ".html") {
			n++
		}
		return err
	})
	return n, err
}

func report(w io.Writer, results []result) {
	if len(results) == 0 {
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "size\tmode\truns\tpages\tmedian wall\tmin wall\tmax wall\tmedian cpu\tpages/s\tpeak RSS MB\t")
	for _, r := range results {
		wall := median(r.runs, func(s sample) float64 { return s.wall.Seconds() })
		minW := slices.MinFunc(r.runs, func(a, b sample) int { return cmp.Compare(a.wall, b.wall) }).wall
		maxW := slices.MaxFunc(r.runs, func(a, b sample) int { return cmp.Compare(a.wall, b.wall) }).wall
		cpu := median(r.runs, func(s sample) float64 { return s.cpu.Seconds() })
		rss := median(r.runs, func(s sample) float64 { return mb(s.rss) })
		fmt.Fprintf(tw, "%d\t%s\t%d\t%d\t%.2fs\t%.2fs\t%.2fs\t%.2fs\t%.0f\t%.0f\t\n",
			r.size, r.mode, len(r.runs), r.pages, wall, minW.Seconds(), maxW.Seconds(), cpu, float64(r.pages)/wall, rss)
	}
	tw.Flush()
	fmt.Fprintln(w)
	fmt.Fprintf(w, "goos: %s\ngoarch: %s\npkg: github.com/dudao/dudao/cmd/dudao-bench\n", runtime.GOOS, runtime.GOARCH)
	for _, r := range results {
		wall := median(r.runs, func(s sample) float64 { return s.wall.Seconds() })
		rss := median(r.runs, func(s sample) float64 { return mb(s.rss) })
		fmt.Fprintf(w, "BenchmarkBuild/size=%d/%s 1 %.0f ns/op %.1f pages/s %.1f peakMB\n",
			r.size, r.mode, wall*1e9, float64(r.pages)/wall, rss)
	}
}

// reportProvince prints the province runs: a table of medians with and
// without data in each mode, the difference, and benchstat lines.
func reportProvince(w io.Writer, p province, rs []result) {
	wall := func(r result) float64 { return median(r.runs, func(s sample) float64 { return s.wall.Seconds() }) }
	cpu := func(r result) float64 { return median(r.runs, func(s sample) float64 { return s.cpu.Seconds() }) }
	rss := func(r result) float64 { return median(r.runs, func(s sample) float64 { return mb(s.rss) }) }
	fmt.Fprintf(w, "province %s: %d districts × %d schools × %d periods, built alternately with and without data/\n",
		p, p.districts, p.schools, p.periods)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "data\tmode\truns\tpages\tfiles\tmedian wall\tmin wall\tmax wall\tmedian cpu\tpeak RSS MB\t")
	for _, r := range rs {
		minW := slices.MinFunc(r.runs, func(a, b sample) int { return cmp.Compare(a.wall, b.wall) }).wall
		maxW := slices.MaxFunc(r.runs, func(a, b sample) int { return cmp.Compare(a.wall, b.wall) }).wall
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%.2fs\t%.2fs\t%.2fs\t%.2fs\t%.0f\t\n",
			r.data, r.mode, len(r.runs), r.pages, r.files, wall(r), minW.Seconds(), maxW.Seconds(), cpu(r), rss(r))
	}
	tw.Flush()
	// rs is cold with, cold without, warm with, warm without.
	for _, i := range []int{2, 0} {
		a, b := rs[i], rs[i+1]
		fmt.Fprintf(w, "%s: dashboards add %.2f s (median wall %.2f s − %.2f s), %.2f s cpu, %d pages, %d files, %.0f MB peak RSS\n",
			a.mode, wall(a)-wall(b), wall(a), wall(b), cpu(a)-cpu(b), a.pages-b.pages, a.files-b.files, math.Round(rss(a)-rss(b))+0)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "goos: %s\ngoarch: %s\npkg: github.com/dudao/dudao/cmd/dudao-bench\n", runtime.GOOS, runtime.GOARCH)
	for _, r := range rs {
		fmt.Fprintf(w, "BenchmarkBuild/province=%s/data=%s/%s 1 %.0f ns/op %.1f pages/s %.1f peakMB\n",
			p, r.data, r.mode, wall(r)*1e9, float64(r.pages)/wall(r), rss(r))
	}
	for _, i := range []int{0, 2} {
		a, b := rs[i], rs[i+1]
		fmt.Fprintf(w, "BenchmarkDashboards/province=%s/%s 1 %.0f ns/op %.0f cpu-ns/op %d pages %d files %.1f peakMB\n",
			p, a.mode, (wall(a)-wall(b))*1e9, (cpu(a)-cpu(b))*1e9, a.pages-b.pages, a.files-b.files, rss(a)-rss(b))
	}
}

// median of f over the samples; the mean of the middle two for an even count.
func median(s []sample, f func(sample) float64) float64 {
	v := make([]float64, len(s))
	for i, x := range s {
		v[i] = f(x)
	}
	slices.Sort(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }
