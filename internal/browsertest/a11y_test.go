package browsertest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// A mode is a way a reader may have the site shown: the system's dark
// scheme, and the site's own 大字 and 高对比 switches.
type mode struct {
	name                  string
	dark, large, contrast bool
}

// modes are in the order the tests switch them, which redraws the charts
// least often. 大字 and 高对比 are checked together: 高对比 changes only
// colours and 大字 only sizes, so together they show what each does alone
// (light colours on large text are checked by "light": larger text only
// makes the contrast it needs smaller).
var modes = []mode{
	{name: "light"},
	{name: "large-contrast", large: true, contrast: true},
	{name: "dark-contrast", dark: true, contrast: true}, // 高对比 wins over the dark scheme
	{name: "dark", dark: true},
}

// theme is the ECharts theme the charts are drawn with in m.
func (m mode) theme() string {
	if m.dark && !m.contrast {
		return "dark"
	}
	return "light"
}

// artifacts is the folder (git ignores it) the browser tests leave their
// screenshots in, for a person to look at: DUDAO_ARTIFACTS, or
// testdata/artifacts/screens at the top of the repository.
func artifacts(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("DUDAO_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("..", "..", "testdata", "artifacts", "screens")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// pageName names page type p in logs and file names.
func pageName(p string) string {
	switch {
	case p == "":
		return "home"
	case strings.HasPrefix(p, "search/"):
		return "search"
	case p == "404.html":
		return "404"
	}
	if u, err := url.PathUnescape(p); err == nil {
		p = u
	}
	return strings.ReplaceAll(strings.Trim(p, "/"), "/", "-")
}

// settle waits until the page has loaded and drawn every chart, with the
// ECharts theme named (or any, for "").
func settle(ctx context.Context, theme string) error {
	deadline := time.Now().Add(15 * time.Second)
	for {
		ready, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.readyState === "complete" &&
			[...document.querySelectorAll(".chart-canvas")].every(c => c.querySelector("svg") && (!`+strconv.Quote(theme)+` || c.dataset.theme === `+strconv.Quote(theme)+`))`))
		if err != nil {
			return err
		}
		if ready {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the page did not finish loading and drawing its charts (theme %q) in 15s", theme)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// scheme emulates the system's light or dark colour scheme.
func scheme(ctx context.Context, dark bool) error {
	v := "light"
	if dark {
		v = "dark"
	}
	_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: v}},
	})
	return err
}

// switchMode changes the page shown in mode from to mode to: the scheme as
// the system would, 大字 and 高对比 with the switches in the header as a
// reader does (they keep the choice for the next page, so the tests switch
// back to mode{} before they leave a page).
func switchMode(ctx context.Context, from, to mode) error {
	if from.dark != to.dark {
		if err := scheme(ctx, to.dark); err != nil {
			return err
		}
	}
	if from.large != to.large || from.contrast != to.contrast {
		waits, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(() => {
  const want = {"large-text": %t, "high-contrast": %t};
  for (const [m, on] of Object.entries(want)) {
    if (document.documentElement.classList.contains(m) !== on) document.querySelector('button[data-mode="' + m + '"]').click();
  }
  return !!document.querySelector(".chart-canvas, .table-scroll, .prose table");
})()`, to.large, to.contrast)))
		if err != nil {
			return err
		}
		if waits && from.large != to.large {
			// Charts fit, and tables become scrollable, after a resize
			// has been quiet for 150ms.
			time.Sleep(200 * time.Millisecond)
		}
	}
	return settle(ctx, to.theme())
}

// sideways lists what sticks out of a page at the right, if it scrolls
// sideways.
const sideways = `document.documentElement.scrollWidth <= document.documentElement.clientWidth ? [] :
  [...document.querySelectorAll("body *")].filter(e => {
    if (e.getBoundingClientRect().right <= document.documentElement.clientWidth + 1) return false;
    if (["absolute", "fixed"].includes(getComputedStyle(e).position)) return true;
    for (let a = e.parentElement; a; a = a.parentElement) if (getComputedStyle(a).overflowX !== "visible") return false;
    return true;
  }).slice(0, 3).map(e => e.outerHTML.slice(0, 120)).concat(["(" + document.documentElement.scrollWidth + " px wide)"])`

// screenshot saves the page, from the top and at most maxHeight pixels of
// it, as a PNG.
func screenshot(ctx context.Context, file string, width, maxHeight int) error {
	h, err := chromedp.Run(ctx, chromedp.Evaluate[[2]float64](`[document.documentElement.scrollHeight, innerHeight]`))
	if err != nil {
		return err
	}
	height := min(h[0], float64(maxHeight))
	png, err := chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{
		Clip:                  &page.Viewport{Width: float64(width), Height: height, Scale: 1},
		CaptureBeyondViewport: ptr(height > h[1]),
		FromSurface:           ptr(true),
		OptimizeForSpeed:      ptr(true),
	})
	if err != nil {
		return err
	}
	return os.WriteFile(file, png.Data, 0o644)
}

func ptr[T any](v T) *T { return &v }

// structure checks by hand what a screen-reader user relies on: the
// language, one h1, the landmarks, the skip link, a text alternative and a
// table for every chart, a label for every form control, alt text.
const structure = `(() => {
  const out = [];
  const q = s => [...document.querySelectorAll(s)];
  if (document.documentElement.lang !== "zh-CN") out.push("lang is " + JSON.stringify(document.documentElement.lang));
  if (q("h1").length !== 1) out.push(q("h1").length + " h1 elements");
  for (const s of ["body > header", "body > header nav", "body > main#main", "body > footer"]) {
    if (q(s).length !== 1) out.push(q(s).length + " landmarks " + s);
  }
  if (q("main").length !== 1) out.push(q("main").length + " main elements");
  const skip = document.querySelector("body > a:first-of-type");
  if (!skip || skip !== document.body.firstElementChild || skip.getAttribute("href") !== "#main") out.push("the first element is not a skip link to #main");
  for (const c of q(".chart-canvas")) {
    const label = c.getAttribute("role") === "img" ? c.getAttribute("aria-label") : (c.querySelector("svg[aria-label]") || {getAttribute: () => ""}).getAttribute("aria-label");
    if (!label) out.push("chart " + c.closest("figure").id + " has no text alternative");
    if (!c.querySelector("svg")) out.push("chart " + c.closest("figure").id + " is not drawn as SVG");
    if (!c.closest("figure").querySelector("details table")) out.push("chart " + c.closest("figure").id + " has no data table");
  }
  for (const f of q("input:not([type=hidden]), select, textarea")) {
    if (!f.labels.length && !f.getAttribute("aria-label") && !f.getAttribute("aria-labelledby")) out.push("form control " + (f.id || f.name) + " has no label");
  }
  for (const b of q("button")) if (!b.textContent.trim() && !b.getAttribute("aria-label")) out.push("a button without a name");
  for (const i of q("img")) if (!i.hasAttribute("alt")) out.push("image " + i.getAttribute("src") + " has no alt");
  for (const i of q("img")) if (!i.complete || !i.naturalWidth) out.push("image " + i.getAttribute("src") + " did not load");
  return out;
})()`

// chartText lists the charts whose title does not stand out from the
// chart's background by 4.5:1: the words ECharts draws follow the
// scheme and the 高对比 mode as the page's own do.
const chartText = `(() => {
  const rgba = c => (c.match(/[\d.]+/g) || []).map(Number);
  const opaque = c => { const v = rgba(c); return v.length === 3 || (v.length === 4 && v[3] > 0); };
  const lum = c => { const [r, g, b] = rgba(c).slice(0, 3).map(v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const background = el => { for (; el; el = el.parentElement) { const c = getComputedStyle(el).backgroundColor; if (opaque(c)) return c; } return "rgb(255, 255, 255)"; };
  const out = [];
  for (const c of document.querySelectorAll(".chart-canvas")) {
    const svg = c.querySelector("svg");
    const data = document.getElementById(c.dataset.chart);
    if (!svg || !data) continue;
    let title = JSON.parse(data.textContent).title;
    title = (Array.isArray(title) ? title[0] : title || {}).text;
    const text = [...svg.querySelectorAll("text")].find(t => t.textContent === title);
    if (!text) { out.push(c.closest("figure").id + ": no title drawn"); continue; }
    const fg = getComputedStyle(text).fill, bg = background(svg);
    const ratio = (Math.max(lum(fg), lum(bg)) + 0.05) / (Math.min(lum(fg), lum(bg)) + 0.05);
    if (ratio < 4.5) out.push(c.closest("figure").id + ": title " + fg + " on " + bg + ", contrast " + ratio.toFixed(2));
  }
  return out;
})()`

// A page's result in one mode.
type checked struct {
	page, mode string
	width      int
	result     axeResult
}

// onlyPages, if DUDAO_PAGES is set, are the page types to check (by
// pageName, comma-separated), for a quick look at a few.
func onlyPages() map[string]bool {
	v := os.Getenv("DUDAO_PAGES")
	if v == "" {
		return nil
	}
	m := map[string]bool{}
	for _, p := range strings.Split(v, ",") {
		m[p] = true
	}
	return m
}

// checkMode checks the page ctx shows in mode m and hands axe-core's result
// to keep.
func checkMode(t *testing.T, ctx context.Context, script string, width int, name string, m mode, keep func(axeResult)) {
	t.Helper()
	where := fmt.Sprintf("%d px, %s, %s", width, name, m.name)
	if script != "" && m.name != "dark-contrast" { // the same colours as large-contrast
		options := axeLayoutRules
		if m == modes[0] {
			options = axeOptions
		}
		r, err := runAxe(ctx, script, options)
		if err != nil {
			t.Fatalf("%s: axe: %v", where, err)
		}
		keep(r)
		for _, v := range r.Violations {
			for _, n := range v.Nodes {
				impact := n.Impact
				if impact == "" {
					impact = v.Impact
				}
				if serious(impact) {
					t.Errorf("%s: %s %s (%s): %s\n\t%s\n\t%s", where, impact, v.ID, v.Help, n.Target, n.HTML, n.Summary)
				}
			}
		}
	}
	bad, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](chartText))
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	for _, b := range bad {
		t.Errorf("%s: chart %s", where, b)
	}
	if width < 500 {
		if over, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](sideways)); len(over) > 0 {
			t.Errorf("%s: scrolls sideways: %s", where, strings.Join(over, "\n\t"))
		}
	}
	if m.contrast {
		if bg, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor`)); bg != "rgb(0, 0, 0)" {
			t.Errorf("%s: high contrast background %s, want black", where, bg)
		}
	}
}

// accessible checks the page ctx shows, as it has just loaded, at width:
// the structure a screen reader relies on; then, in every mode, axe-core
// (unless script is ""), the charts' words, sideways scrolling on a phone,
// 高对比's black; it leaves screenshots in dir and the axe results to keep.
// It switches every mode off again before it returns.
func accessible(t *testing.T, ctx context.Context, script, dir string, width int, name string, keep func(checked)) {
	t.Helper()
	problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](structure))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for _, s := range problems {
		t.Errorf("%d px, %s: %s", width, name, s)
	}
	var now mode
	for _, m := range modes {
		if err := switchMode(ctx, now, m); err != nil {
			t.Fatalf("%s, %s: %v", name, m.name, err)
		}
		now = m
		checkMode(t, ctx, script, width, name, m, func(r axeResult) {
			keep(checked{page: name, mode: m.name, width: width, result: r})
		})
		// The whole page (up to 3000 pixels of it) as it normally is; the
		// first screen dark, and on a phone in large text and high
		// contrast; with DUDAO_SCREENS=full the whole page in every mode.
		height := 0
		switch {
		case os.Getenv("DUDAO_SCREENS") == "full":
			height = 16000
		case m == modes[0]:
			height = 3000
		case m.name == "dark" || (width < 500 && m.name == "large-contrast"):
			height = 900
		}
		if height > 0 {
			file := filepath.Join(dir, fmt.Sprintf("%s-%d-%s.png", name, width, m.name))
			if err := screenshot(ctx, file, width, height); err != nil {
				t.Errorf("%s: %v", file, err)
			}
		}
	}
	if err := switchMode(ctx, now, mode{}); err != nil {
		t.Fatal(err)
	}
}

// logAxe writes what axe-core found per page type, over both widths and
// every mode, for the note, and fails a page type where the
// color-contrast rule decided nothing.
func logAxe(t *testing.T, all []checked) {
	type sum struct {
		runs, contrastDecided int
		violations            map[string]int            // nodes by impact
		violated              map[string]int            // nodes by rule
		incomplete            map[string]map[string]int // nodes by rule and reason
		undecided             int
	}
	sums := map[string]*sum{}
	var order []string
	for _, c := range all {
		s := sums[c.page]
		if s == nil {
			s = &sum{violations: map[string]int{}, violated: map[string]int{}, incomplete: map[string]map[string]int{}}
			sums[c.page] = s
			order = append(order, c.page)
		}
		s.runs++
		for k, v := range count(c.result.Violations) {
			s.violations[k] += v
		}
		for _, r := range c.result.Violations {
			s.violated[r.ID] += len(r.Nodes)
		}
		for _, r := range c.result.Incomplete {
			if s.incomplete[r.ID] == nil {
				s.incomplete[r.ID] = map[string]int{}
			}
			for _, n := range r.Nodes {
				s.incomplete[r.ID][reason(n.Summary)]++
				s.undecided++
			}
		}
		decided := nodes(c.result.Violations, "color-contrast") > 0
		for _, id := range c.result.Passes {
			decided = decided || id == "color-contrast"
		}
		if decided {
			s.contrastDecided++
		}
	}
	var modeNames []string
	for _, m := range modes {
		if m.name != "dark-contrast" {
			modeNames = append(modeNames, m.name)
		}
	}
	t.Logf("axe-core %s, per page type over 1280 and 375 px × %s (nodes):", axeVersion, strings.Join(modeNames, ", "))
	for _, p := range order {
		s := sums[p]
		line := fmt.Sprintf("%-40s violations: %s", p, impacts(s.violations))
		if len(s.violated) > 0 {
			line += " (" + counted(s.violated) + ")"
		}
		line += fmt.Sprintf("; incomplete: %d", s.undecided)
		if s.undecided > 0 {
			var parts []string
			for _, id := range sortedKeys(s.incomplete) {
				parts = append(parts, id+": "+counted(s.incomplete[id]))
			}
			line += " (" + strings.Join(parts, "; ") + ")"
		}
		line += fmt.Sprintf("; color-contrast decided in %d of %d runs", s.contrastDecided, s.runs)
		t.Log(line)
		if s.contrastDecided < s.runs {
			t.Errorf("%s: axe's color-contrast rule decided nothing in %d of %d runs", p, s.runs-s.contrastDecided, s.runs)
		}
	}
}

// reason says in a few words why axe left a node undecided.
func reason(summary string) string {
	lines := strings.Split(strings.TrimSpace(summary), "\n")
	last := strings.TrimSpace(lines[len(lines)-1])
	for _, r := range []struct{ has, say string }{
		{"non-text characters", "only a symbol"},
		{"partially obscured", "partly covered (a table scrolled out of its box, or an overlapping box)"},
		{"overlapped", "overlapped"},
		{"too short", "too short to tell"},
		{"image", "over an image"},
		{"pseudo", "pseudo-element"},
		{"not well supported", "aria-label on a plain element"},
	} {
		if strings.Contains(last, r.has) {
			return r.say
		}
	}
	return last
}

// counted writes "key ×n" for each key, most first.
func counted(m map[string]int) string {
	keys := sortedKeys(m)
	sort.SliceStable(keys, func(i, j int) bool { return m[keys[i]] > m[keys[j]] })
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s ×%d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// A reader who asks for less motion gets none: no smooth scrolling, no
// transitions, no animations (the site has none today; this keeps it so).
func TestReducedMotion(t *testing.T) {
	chromium(t)
	dest := buildSite(t, "../..")
	base := serve(t, dest, "/dudao/")
	ctx := browser(t, 1280, 900)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"bulletins/2020-10/")); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ value, scroll string }{{"reduce", "auto"}} {
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: c.value}},
		}); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[getComputedStyle(document.documentElement).scrollBehavior].concat(
  [...document.querySelectorAll("*")].map(e => getComputedStyle(e)).filter(s =>
    s.transitionDuration.split(",").some(d => parseFloat(d) > 0) || s.animationName !== "none").length ? ["moving"] : [])`))
		if err != nil {
			t.Fatal(err)
		}
		if got[0] != c.scroll {
			t.Errorf("prefers-reduced-motion: %s: scroll-behavior %s, want %s", c.value, got[0], c.scroll)
		}
		if c.value == "reduce" && len(got) > 1 {
			t.Errorf("prefers-reduced-motion: reduce: something still has a transition or an animation")
		}
	}
}
