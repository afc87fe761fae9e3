package browsertest

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dudao/dudao/internal/corpus"
	"github.com/dudao/dudao/internal/search"
)

// benchQueries are typical queries on the generated corpus: two to four
// characters, names, a place, a number.
var benchQueries = []string{"督导", "优质均衡", "包保", "差异系数", "学校", "整改", "铜官区", "督学风采", "校园安全", "课后服务", "2020年", "控辍保学"}

// benchSite returns a site of n generated articles: the corpus cmd/dudao-bench
// keeps in .bench when its stamp matches, else a new one.
func benchSite(b *testing.B, n int) string {
	dir := filepath.Join("..", "..", ".bench", "corpus-"+strconv.Itoa(n))
	stamp := fmt.Sprintf("size=%d seed=%d generator=%s\n", n, 1, corpus.Version)
	if got, err := os.ReadFile(filepath.Join(dir, "corpus.stamp")); err == nil && string(got) == stamp {
		return dir
	}
	dir = b.TempDir()
	if err := corpus.Generate(dir, n, 1); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkSearch10k measures search on a site of 10,000 generated
// articles: the index's size, what typical queries download (meta.js, the
// shards of their tokens and the blocks of the first ten results), and, in
// headless Chromium, the time from the last keystroke of a query to its
// results on the page once the query's files are cached (ms/op).
// DUDAO_SEARCH_BENCH_ARTICLES sets another number of articles.
func BenchmarkSearch10k(b *testing.B) {
	n := 10000
	if s := os.Getenv("DUDAO_SEARCH_BENCH_ARTICLES"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	chromium(b)
	dest := buildSite(b, benchSite(b, n))

	var total int64
	var files int
	filepath.WalkDir(filepath.Join(dest, "search", "data"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			info, _ := d.Info()
			total += info.Size()
			files++
		}
		return nil
	})
	b.Logf("index: %d files, %.1f MB", files, float64(total)/1e6)

	// Bytes per query, each query on its own (only meta.js cached).
	meta := openIndex(b, dest).Bytes
	var sizes []int64
	for _, q := range benchQueries {
		ix := openIndex(b, dest)
		hits, err := ix.Search(q, search.Filter{})
		if err != nil {
			b.Fatal(err)
		}
		shards := ix.Bytes - meta
		for i := 0; i < 10 && i < len(hits); i++ {
			if _, err := ix.Doc(hits[i].Doc); err != nil {
				b.Fatal(err)
			}
		}
		kb := float64(ix.Bytes-meta) / 1024
		sizes = append(sizes, ix.Bytes-meta)
		b.Logf("%-6s %6d results, %6.1f KB: shards %6.1f KB, blocks %6.1f KB (+ meta.js %.1f KB)", q, len(hits), kb,
			float64(shards)/1024, kb-float64(shards)/1024, float64(meta)/1024)
	}
	slices.Sort(sizes)

	// Keystroke to results, in the browser.
	ctx := browser(b, 1280, 900)
	base := serve(b, dest, "/sub/path/")
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"search/"), chromedp.WaitReady(chromedp.ID("search-q"))); err != nil {
		b.Fatal(err)
	}
	// Each keystroke is timed in the page, from its keydown to the frame
	// after the results were put in.
	const timer = `(() => {
	  const input = document.getElementById("search-q"), list = document.getElementById("search-results");
	  window.__t = {};
	  input.addEventListener("keydown", () => { window.__t = {down: performance.now()}; }, true);
	  new MutationObserver(() => {
	    if (list.getAttribute("data-query") === input.value.trim() && window.__t.down && !window.__t.done) {
	      requestAnimationFrame(() => { window.__t.done = performance.now(); });
	    }
	  }).observe(list, {attributes: true, attributeFilter: ["data-query"]});
	  return true;
	})()`
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](timer)); err != nil {
		b.Fatal(err)
	}
	for _, q := range benchQueries { // load every query's files once
		if _, err := typeQuery(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	var times []float64
	i := 0
	for b.Loop() {
		q := []rune(benchQueries[i%len(benchQueries)])
		i++
		b.StopTimer()
		if _, err := typeQuery(ctx, string(q[:len(q)-1])); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		if err := chromedp.Do(ctx, chromedp.KeyEvent(string(q[len(q)-1:]))); err != nil {
			b.Fatal(err)
		}
		var ms float64
		for {
			v, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.__t.done ? window.__t.done - window.__t.down : -1`))
			if err != nil {
				b.Fatal(err)
			}
			if v >= 0 {
				ms = v
				break
			}
			if time.Since(start) > 20*time.Second {
				b.Fatalf("%s: no results", string(q))
			}
			time.Sleep(2 * time.Millisecond)
		}
		times = append(times, ms)
	}
	// (Metrics reported before b.Loop would be dropped.)
	b.ReportMetric(float64(total)/1e6, "index-MB")
	b.ReportMetric(float64(files), "index-files")
	b.ReportMetric(float64(meta)/1024, "meta-KB")
	b.ReportMetric(float64(sizes[len(sizes)/2])/1024, "query-median-KB")
	b.ReportMetric(float64(sizes[len(sizes)-1])/1024, "query-max-KB")
	slices.Sort(times)
	b.ReportMetric(times[len(times)/2], "keystroke-median-ms")
	b.ReportMetric(times[len(times)-1], "keystroke-max-ms")
	b.Logf("keystroke to results: %d keystrokes, median %.1f ms, max %.1f ms (%s)", len(times), times[len(times)/2], times[len(times)-1],
		strings.Join(strings.Fields(fmt.Sprint(times)), " "))
}
