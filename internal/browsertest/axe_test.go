package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"github.com/chromedp/chromedp"
)

// axeVersion is the axe-core the accessibility tests run. It comes from the
// npm registry, installed for the tests into .cache/axe at the top of the
// repository (git ignores it): it is never part of the site and never
// served to readers; the tests put it into the page themselves.
const axeVersion = "4.14.1"

var (
	axeOnce   sync.Once
	axeScript string
	axeSkip   string // why the accessibility checks cannot run, if they cannot
)

// axe returns the source of axe-core, installing it with npm on first use,
// or "" and why it cannot. DUDAO_AXE may name an axe.min.js to use instead.
func axe() (script, why string) {
	axeOnce.Do(func() { axeScript, axeSkip = loadAxe() })
	return axeScript, axeSkip
}

func loadAxe() (script, skip string) {
	if p := os.Getenv("DUDAO_AXE"); p != "" {
		b, err := os.ReadFile(p)
		if err != nil {
			return "", fmt.Sprintf("DUDAO_AXE: %v: accessibility checks skipped", err)
		}
		return string(b), ""
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		return "", err.Error()
	}
	prefix := filepath.Join(root, ".cache", "axe")
	dir := filepath.Join(prefix, "node_modules", "axe-core")
	if !installed(dir) {
		npm, err := exec.LookPath("npm")
		if err != nil {
			return "", "npm is not installed, so axe-core cannot be (apt-get install npm, or set DUDAO_AXE to an axe.min.js): accessibility checks skipped"
		}
		cmd := exec.Command(npm, "install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund",
			"--ignore-scripts", "--prefix", prefix, "axe-core@"+axeVersion)
		if out, err := cmd.CombinedOutput(); err != nil || !installed(dir) {
			return "", fmt.Sprintf("npm install axe-core@%s into %s failed (%v): accessibility checks skipped\n%s", axeVersion, prefix, err, out)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "axe.min.js"))
	if err != nil {
		return "", err.Error()
	}
	return string(b), ""
}

// installed reports whether dir holds axe-core at axeVersion.
func installed(dir string) bool {
	b, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return false
	}
	var pkg struct{ Version string }
	return json.Unmarshal(b, &pkg) == nil && pkg.Version == axeVersion
}

// axeRule is one rule's result on a page, with the nodes it concerns.
type axeRule struct {
	ID     string    `json:"id"`
	Impact string    `json:"impact"`
	Help   string    `json:"help"`
	Nodes  []axeNode `json:"nodes"`
}

type axeNode struct {
	Target  string `json:"target"`
	Impact  string `json:"impact"`
	Summary string `json:"summary"`
	HTML    string `json:"html"`
}

// axeResult is what axe-core found on a page.
type axeResult struct {
	Violations []axeRule `json:"violations"`
	Incomplete []axeRule `json:"incomplete"`
	Passes     []string  `json:"passes"` // ids of the rules that passed
}

// serious reports whether a rule (or node) of this impact fails the test.
func serious(impact string) bool { return impact == "serious" || impact == "critical" }

// axeOptions run axe-core's WCAG 2.x A and AA rules and its best practices.
const axeOptions = `{runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}}`

// axeLayoutRules are the rules whose outcome can change with the colours
// and the text size while the page stays the same.
const axeLayoutRules = `{runOnly: {type: "rule", values: ["color-contrast", "link-in-text-block", "scrollable-region-focusable", "target-size"]}}`

// runAxe runs axe-core with options (axeOptions or axeLayoutRules) on the
// page ctx shows. What ECharts draws inside a chart is left out: the chart
// is one image (role="img") with a text alternative and a data table, and
// chartText checks the contrast of its words. (The drawings are even taken
// out of the page while axe runs, and put back after: the chart's box keeps
// its size, so nothing else moves, and axe takes half the time.)
func runAxe(ctx context.Context, script, options string) (axeResult, error) {
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof axe !== "undefined"`))
	if err != nil {
		return axeResult{}, err
	}
	if !loaded {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](script)); err != nil {
			return axeResult{}, fmt.Errorf("loading axe-core: %w", err)
		}
	}
	return chromedp.Run(ctx, chromedp.Evaluate[axeResult](`(async () => {
  const drawings = [...document.querySelectorAll(".chart-canvas > *")].map(d => [d, d.parentNode, d.nextSibling]);
  drawings.forEach(([d, p]) => p.removeChild(d));
  let r;
  try {
    r = await axe.run(document, Object.assign(`+options+`, {resultTypes: ["violations", "incomplete"]}));
  } finally {
    drawings.reverse().forEach(([d, p, next]) => p.insertBefore(d, next));
  }
  const rules = list => list.map(v => ({
    id: v.id, impact: v.impact || "", help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), impact: n.impact || "", summary: n.failureSummary || "", html: n.html.slice(0, 160)})),
  }));
  return {violations: rules(r.violations), incomplete: rules(r.incomplete), passes: r.passes.map(p => p.id)};
})()`, chromedp.EvalAwaitPromise))
}

// count is the number of nodes of the rules, by impact.
func count(rules []axeRule) map[string]int {
	m := map[string]int{}
	for _, r := range rules {
		for _, n := range r.Nodes {
			impact := n.Impact
			if impact == "" {
				impact = r.Impact
			}
			if impact == "" {
				impact = "unrated"
			}
			m[impact]++
		}
	}
	return m
}

// nodes is the number of nodes of rule id in rules.
func nodes(rules []axeRule, id string) int {
	for _, r := range rules {
		if r.ID == id {
			return len(r.Nodes)
		}
	}
	return 0
}

// impacts writes counts by impact, most severe first.
func impacts(m map[string]int) string {
	var parts []string
	for _, k := range []string{"critical", "serious", "moderate", "minor", "unrated"} {
		if m[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", m[k], k))
		}
	}
	if len(parts) == 0 {
		return "0"
	}
	return strings.Join(parts, ", ")
}
