// Package browsertest runs the built example site in headless Chromium, as
// readers see it: every page type on a phone and a desktop (reader_test.go);
// accessibility with axe-core in the light and dark schemes and the 大字 and
// 高对比 modes, the keyboard alone, reduced motion (a11y_test.go,
// keyboard_test.go, axe_test.go); print; the search page over HTTP under a
// sub-path and straight from disk (file://). Screenshots of every page type
// and the printed issue are left in testdata/artifacts/screens (git ignores
// it) for a person to look at. The tests skip, saying so, where no Chromium
// is installed, and the axe-core checks where npm cannot install axe-core.
package browsertest

import (
	"context"
	"flag"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dudao/dudao"
	"github.com/dudao/dudao/internal/build"
	"github.com/dudao/dudao/internal/search"
)

// TestMain lets four browser tests run at once unless -parallel says
// otherwise: a test spends much of its time waiting on its browser, so on
// two cores four of them finish sooner than the default two.
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		flag.Set("test.parallel", strconv.Itoa(max(4, runtime.GOMAXPROCS(0))))
	}
	os.Exit(m.Run())
}

// chromium returns the browser to run, or skips the test.
func chromium(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("DUDAO_CHROMIUM"); p != "" {
		if _, err := exec.LookPath(p); err != nil {
			t.Skipf("DUDAO_CHROMIUM=%s: %v: browser tests skipped", p, err)
		}
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium installed (looked for /usr/bin/chromium, chromium, chromium-browser, google-chrome; set DUDAO_CHROMIUM to its path): browser tests skipped")
	return ""
}

// browser starts a headless Chromium with a fresh profile and returns a
// context for one tab of it.
func browser(t testing.TB, width, height int) context.Context {
	t.Helper()
	exe := chromium(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	// Headless windows are at least 500 pixels wide: narrower ones are
	// emulated, as a phone's.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatalf("starting %s: %v", exe, err)
	}
	return ctx
}

// buildSite builds the example site (the repository's top level) into a new
// folder.
func buildSite(t testing.TB, siteDir string) string {
	t.Helper()
	dest := t.TempDir()
	if _, err := build.Build(build.Options{SiteDir: siteDir, Dest: dest, Theme: dudao.Theme}); err != nil {
		t.Fatal(err)
	}
	return dest
}

// serve serves dir under prefix (such as /sub/path/) on a loopback port and
// returns the address of prefix.
func serve(t testing.TB, dir, prefix string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle(prefix, http.StripPrefix(strings.TrimSuffix(prefix, "/"), http.FileServer(http.Dir(dir))))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String() + prefix
}

func openIndex(t testing.TB, dest string) *search.Index {
	t.Helper()
	ix, err := search.Open(func(name string) ([]byte, error) {
		return os.ReadFile(filepath.Join(dest, filepath.FromSlash(search.DataDir+name)))
	})
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// shown is what the search page shows for its query.
type shown struct {
	Query  string   `json:"query"`
	Count  string   `json:"count"`
	Status string   `json:"status"`
	Titles []string `json:"titles"`
	Links  []string `json:"links"` // href attributes
	Marks  []string `json:"marks"` // highlighted text of the first result
	Metas  []string `json:"metas"` // the date, district and kind line of each result
}

const readResults = `(() => {
  const list = document.getElementById("search-results");
  const items = [...list.querySelectorAll("li")];
  return {
    query: list.getAttribute("data-query") || "",
    count: list.getAttribute("data-count") || "",
    status: document.getElementById("search-status").textContent,
    titles: items.map(li => li.querySelector("a").textContent),
    links: items.map(li => li.querySelector("a").getAttribute("href")),
    marks: items.length ? [...items[0].querySelectorAll("mark")].map(m => m.textContent) : [],
    metas: items.map(li => li.querySelector(".item-meta").textContent),
  };
})()`

// waitFor waits until the page has shown the results of q.
func waitFor(ctx context.Context, q string) (shown, error) {
	deadline := time.Now().Add(20 * time.Second)
	for {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[shown](readResults))
		if err != nil {
			return s, err
		}
		if s.Query == q || time.Now().After(deadline) {
			return s, nil
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// typeQuery empties the search box and types q into it, key by key.
func typeQuery(ctx context.Context, q string) (shown, error) {
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("search-q").value = ""`)); err != nil {
		return shown{}, err
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("search-q"), q)); err != nil {
		return shown{}, err
	}
	return waitFor(ctx, strings.TrimSpace(q))
}
