package serve

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dudao/dudao"
	"github.com/dudao/dudao/internal/build"
	"github.com/dudao/dudao/internal/corpus"
)

// The serve benchmarks save a file of a large site again and again and
// report, as medians over the saves:
//
//   - rebuild-ms: build.Session.Rebuild of the saved file, from the call to
//     the new site in memory (publishing it is swapping a pointer);
//   - served-ms: through dudao serve itself, from the write to the rebuilt
//     site being served, the watcher's batching window (100 ms) included;
//   - search-ms: the search index brought up to date after that (Finish),
//     which serve does after publishing the pages.
//
// The sites are those cmd/dudao-bench keeps in .bench when their stamps
// match (make bench generates them first), else new ones.

const saves = 15

// BenchmarkServeArticleSave10k edits one article of a site of 10,000.
func BenchmarkServeArticleSave10k(b *testing.B) {
	dir := copySite(b, cachedSite(b, "corpus-10000", fmt.Sprintf("size=%d seed=%d generator=%s\n", 10000, 1, corpus.Version),
		func(dir string) error { return corpus.Generate(dir, 10000, 1) }), nil)
	var arts []string
	filepath.WalkDir(filepath.Join(dir, "content", "articles"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") && len(arts) < saves {
			arts = append(arts, p)
		}
		return nil
	})
	benchSaves(b, dir, func(i int) string {
		p := arts[i%len(arts)]
		raw, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, fmt.Appendf(raw, "\n\n新加的一段，第%d次保存。\n", i), 0o644); err != nil {
			b.Fatal(err)
		}
		return p
	})
}

// BenchmarkServeSheetSaveProvince edits the latest school sheet of one
// district of a province site (100 districts × 150 schools × 5 periods).
func BenchmarkServeSheetSaveProvince(b *testing.B) {
	const p = "100x150x5"
	dir := copySite(b, cachedSite(b, "province-"+p, fmt.Sprintf("province=%s seed=%d generator=%s/%s\n", p, 1, corpus.Version, corpus.ProvinceVersion),
		func(dir string) error { return corpus.GenerateProvince(dir, 100, 150, 5, 1) }), nil)
	sheets, _ := filepath.Glob(filepath.Join(dir, "data", "schools", "*", "*.csv"))
	slices.Sort(sheets)
	benchSaves(b, dir, func(i int) string {
		p := sheets[(i*37)%len(sheets)]
		raw, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		// Change one school's number of students.
		lines := strings.Split(string(raw), "\n")
		row := 1 + i%(len(lines)-2)
		cells := strings.Split(lines[row], ",")
		for j, c := range cells {
			if n := len(c); j > 0 && n > 1 && strings.Trim(c, "0123456789") == "" {
				cells[j] = c[:n-1] + string('0'+byte(i%10))
				break
			}
		}
		lines[row] = strings.Join(cells, ",")
		if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
			b.Fatal(err)
		}
		return p
	})
}

// benchSaves measures saves made by save(i), which returns the file saved.
func benchSaves(b *testing.B, dir string, save func(i int) string) {
	opt := build.Options{SiteDir: dir, Theme: dudao.Theme}
	var rebuild, search []time.Duration
	sess := build.NewSession(opt)
	if _, err := sess.Rebuild(nil); err != nil {
		b.Fatal(err)
	}
	for i := range saves {
		rel, _ := filepath.Rel(dir, save(i))
		start := time.Now()
		up, err := sess.Rebuild([]string{filepath.ToSlash(rel)})
		if err != nil {
			b.Fatal(err)
		}
		rebuild = append(rebuild, time.Since(start))
		if up.Pending {
			start = time.Now()
			if _, err := sess.Finish(); err != nil {
				b.Fatal(err)
			}
			search = append(search, time.Since(start))
		}
	}

	// Through dudao serve: from the write to the rebuilt site served.
	type served struct {
		at      time.Time
		pending bool // the search index follows
	}
	rebuilt := make(chan served, 4)
	indexed := make(chan struct{}, 4)
	ready := make(chan string, 1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Options{Build: opt, Port: 0, Ready: func(u string) { ready <- u },
			Rebuilt: func(up *build.Update, err error) {
				switch {
				case err != nil || len(up.Changed) == 0:
				case strings.HasPrefix(up.Changed[0], "search/"):
					indexed <- struct{}{}
				default:
					rebuilt <- served{time.Now(), up.Pending}
				}
			}})
	}()
	<-ready
	<-rebuilt // the first build
	var took []time.Duration
	for i := range saves {
		start := time.Now()
		save(saves + i)
		select {
		case r := <-rebuilt:
			took = append(took, r.at.Sub(start))
			if !r.pending {
				continue
			}
		case <-time.After(30 * time.Second):
			b.Fatal("a save was not served within 30 s")
		}
		// Measure the next save with the server idle again.
		select {
		case <-indexed:
		case <-time.After(30 * time.Second):
			b.Fatal("the search index was not brought up to date within 30 s")
		}
	}
	cancel()
	<-done
	b.ReportMetric(medianMs(rebuild), "rebuild-ms")
	b.ReportMetric(medianMs(took), "served-ms")
	if len(search) > 0 {
		b.ReportMetric(medianMs(search), "search-ms")
	}
}

func medianMs(ds []time.Duration) float64 {
	s := slices.Clone(ds)
	slices.Sort(s)
	return float64(s[len(s)/2].Microseconds()) / 1000
}

// cachedSite returns the site dudao-bench keeps in .bench under name if its
// stamp is want, else a new one made by gen.
func cachedSite(b *testing.B, name, want string, gen func(string) error) string {
	dir := filepath.Join("..", "..", ".bench", name)
	if got, err := os.ReadFile(filepath.Join(dir, "corpus.stamp")); err == nil && string(got) == want {
		return dir
	}
	dir = b.TempDir()
	if err := gen(dir); err != nil {
		b.Fatal(err)
	}
	return dir
}

// copySite copies the files of a site that keep says to keep (relative
// paths; nil keeps all but public/) into a new folder, so that saving
// changes only the copy.
func copySite(tb testing.TB, src string, keep func(rel string) bool) string {
	if keep == nil {
		keep = func(rel string) bool { return rel != "public" }
	}
	dst := tb.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if !keep(rel) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), raw, 0o644)
	})
	if err != nil {
		tb.Fatal(err)
	}
	return dst
}
