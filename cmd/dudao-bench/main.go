// Command dudao-bench measures how fast dudao builds large sites and how much
// memory it takes.
//
// For each size it generates a corpus of that many articles with
// internal/corpus (once: corpora are kept in the cache folder and reused while
// their stamp matches the size, seed and generator version), then runs the
// dudao binary as a child process:
//
//   - cold: a first build, into a new output folder each run. The folders are
//     deleted only after all runs: on this kind of disk, creating many files
//     right after deleting many is far slower than either, and a real first
//     build does not follow a mass deletion;
//   - warm: a rebuild with nothing changed, into the output the last cold run
//     left.
//
// Each mode runs -runs times. It prints a table of medians — wall time, pages
// per second, the child's peak RSS — and the same figures as Go benchmark lines
// that benchstat reads:
//
//	go run ./cmd/dudao-bench -bin bin/dudao -sizes 1000,10000 -runs 5
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
	sizes []int
	runs  int
	bin   string
	cache string
	seed  int64
}

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("dudao-bench", flag.ContinueOnError)
	fl.SetOutput(stderr)
	sizes := fl.String("sizes", "1000,10000", "corpus sizes in articles, comma-separated")
	runs := fl.Int("runs", 5, "builds per size and mode (cold, warm)")
	bin := fl.String("bin", "bin/dudao", "the dudao binary to measure")
	cache := fl.String("cache", ".bench", "folder for the generated corpora and the build output")
	seed := fl.Int64("seed", 1, "corpus seed")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	opt := options{runs: *runs, bin: *bin, cache: *cache, seed: *seed}
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			fmt.Fprintf(stderr, "dudao-bench: bad size %q in -sizes\n", s)
			return 2
		}
		opt.sizes = append(opt.sizes, n)
	}
	if opt.runs < 1 || fl.NArg() > 0 {
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
	var results []result
	for _, size := range opt.sizes {
		rs, err := benchSize(opt, size, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "dudao-bench: %v\n", err)
			return 1
		}
		results = append(results, rs...)
	}
	report(stdout, results)
	return 0
}

// result is the runs of one size in one mode.
type result struct {
	size  int
	mode  string
	pages int
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
	if err := os.RemoveAll(base); err != nil {
		return nil, err
	}
	defer os.RemoveAll(base)
	cold := result{size: size, mode: "cold"}
	warm := result{size: size, mode: "warm"}
	var out string
	for i := 0; i < opt.runs; i++ {
		out = filepath.Join(base, fmt.Sprintf("cold-%d", i))
		s, pages, err := build(opt.bin, site, out)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			files, err := countHTML(out)
			if err != nil {
				return nil, err
			}
			if pages != files {
				fmt.Fprintf(log, "warning: dudao reported %d pages, the output holds %d .html files\n", pages, files)
			}
		}
		cold.pages = pages
		cold.runs = append(cold.runs, s)
		progress(log, size, "cold", i, opt.runs, s)
	}
	for i := 0; i < opt.runs; i++ {
		s, pages, err := build(opt.bin, site, out)
		if err != nil {
			return nil, err
		}
		warm.pages = pages
		warm.runs = append(warm.runs, s)
		progress(log, size, "warm", i, opt.runs, s)
	}
	return []result{cold, warm}, nil
}

func progress(log io.Writer, size int, mode string, i, n int, s sample) {
	fmt.Fprintf(log, "size=%d %s %d/%d: %.2fs wall, %.2fs cpu, %.0f MB peak\n",
		size, mode, i+1, n, s.wall.Seconds(), s.cpu.Seconds(), mb(s.rss))
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

var pagesRe = regexp.MustCompile(`已生成 (\d+) 个页面`)

// build runs dudao once and measures it.
func build(bin, site, out string) (sample, int, error) {
	cmd := exec.Command(bin, "build", "-s", site, "-d", out)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return sample{}, 0, fmt.Errorf("%s build -s %s -d %s failed: %v\n%s%s", bin, site, out, err, stdout.String(), stderr.String())
	}
	m := pagesRe.FindSubmatch(stdout.Bytes())
	if m == nil {
		return sample{}, 0, fmt.Errorf("no “已生成 N 个页面” line in dudao's output:\n%s", stdout.String())
	}
	pages, _ := strconv.Atoi(string(m[1]))
	ps := cmd.ProcessState
	return sample{wall: wall, cpu: ps.UserTime() + ps.SystemTime(), rss: peakRSS(ps)}, pages, nil
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
