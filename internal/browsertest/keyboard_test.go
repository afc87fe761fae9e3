package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// focused describes the element that has the keyboard focus.
type focused struct {
	Desc    string `json:"desc"`    // tag, id or class, text
	Key     string `json:"key"`     // the same element gives the same key
	Ring    bool   `json:"ring"`    // an outline or a box shadow shows where the focus is
	Visible bool   `json:"visible"` // it has a size, and is not hidden
	Mode    string `json:"mode"`    // data-mode of a reading-tools button
	Pressed string `json:"pressed"` // its aria-pressed
	Classes string `json:"classes"` // the root element's classes
}

const readFocus = `(() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return {desc: "BODY", key: "BODY", classes: document.documentElement.className};
  if (!e.dataset.focusKey) e.dataset.focusKey = String(Math.random());
  const s = getComputedStyle(e);
  const r = e.getBoundingClientRect();
  const text = (e.textContent || e.value || "").trim().replace(/\s+/g, " ").slice(0, 24);
  return {
    desc: e.tagName + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.split(" ")[0] : "") + " " + JSON.stringify(text),
    key: e.dataset.focusKey,
    ring: (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== "none",
    visible: r.width > 0 && r.height > 0 && s.visibility !== "hidden",
    mode: e.dataset.mode || "", pressed: e.getAttribute("aria-pressed") || "",
    classes: document.documentElement.className,
  };
})()`

func focus(ctx context.Context) (focused, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[focused](readFocus))
}

// press sends one key, as a reader's keyboard does, and returns what has
// the focus then.
func press(ctx context.Context, key string) (focused, error) {
	if err := chromedp.Do(ctx, chromedp.KeyEvent(key)); err != nil {
		return focused{}, err
	}
	return focus(ctx)
}

// The keyboard alone reaches and works everything: the first Tab gives the
// skip link, which takes the focus to the main text; Tab goes through every
// control with a visible focus ring and comes round to the start (no trap);
// the 大字 and 高对比 buttons switch with Enter and with Space. On a desktop,
// the home, search and district pages; on a phone the district page, whose
// wide tables scroll.
func TestKeyboard(t *testing.T) {
	t.Parallel() // with the other long browser tests: they wait on the browser as often as it works
	chromium(t)
	dest := buildSite(t, "../..")
	base := serve(t, dest, "/dudao/")
	for _, c := range []struct {
		width int
		pages []string
	}{
		{1280, []string{"", "search/?q=%E5%B7%AE%E5%BC%82%E7%B3%BB%E6%95%B0", "districts/zongyang/"}},
		{375, []string{"districts/zongyang/"}},
	} {
		ctx := browser(t, c.width, 900)
		for _, p := range c.pages {
			tabThrough(t, ctx, base, p, fmt.Sprintf("%d px, %s", c.width, pageName(p)))
		}
	}
}

// tabThrough opens base+p and goes through it with the keyboard.
func tabThrough(t *testing.T, ctx context.Context, base, p, where string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+p)); err != nil {
		t.Fatal(err)
	}
	if err := settle(ctx, ""); err != nil {
		t.Fatal(err)
	}
	var seen []string
	keys := map[string]bool{}
	tools := map[string]bool{}
	var f focused
	for i := 0; ; i++ {
		var err error
		if f, err = press(ctx, "\t"); err != nil {
			t.Fatal(err)
		}
		if i == 0 && (!strings.Contains(f.Desc, ".skip-link") || !f.Ring || !f.Visible) {
			t.Errorf("%s: the first Tab focuses %s (ring %t, visible %t), want the skip link, shown with a focus ring", where, f.Desc, f.Ring, f.Visible)
		}
		if keys[f.Key] || (f.Key == "BODY" && i > 0) {
			if f.Key != "BODY" && !strings.Contains(f.Desc, ".skip-link") {
				t.Errorf("%s: Tab came back to %s before reaching the end (a keyboard trap?): ...%v", where, f.Desc, seen[max(0, len(seen)-10):])
			}
			break // round: the focus left the page, or came back to the start
		}
		if i >= 600 {
			t.Errorf("%s: after 600 Tabs the focus has not come round (a keyboard trap?): ...%v", where, seen[len(seen)-10:])
			break
		}
		keys[f.Key] = true
		seen = append(seen, f.Desc)
		if !f.Ring {
			t.Errorf("%s: %s has the focus but no visible focus ring", where, f.Desc)
		}
		if !f.Visible {
			t.Errorf("%s: %s has the focus but cannot be seen", where, f.Desc)
		}
		if f.Mode != "" {
			tools[f.Mode] = true
			// Enter switches the mode on, Space off again.
			for _, k := range []string{"\r", " "} {
				before := f.Pressed
				g, err := press(ctx, k)
				if err != nil {
					t.Fatal(err)
				}
				on := strings.Contains(" "+g.Classes+" ", " "+f.Mode+" ")
				if g.Key != f.Key || g.Pressed == before || g.Pressed != fmt.Sprint(on) {
					t.Errorf("%s: %q on %s: aria-pressed %s → %s, mode on %t, focus on %s", where, k, f.Desc, before, g.Pressed, on, g.Desc)
				}
				f = g
			}
		}
	}
	t.Logf("%s: %d Tab stops", where, len(seen))
	for _, m := range []string{"large-text", "high-contrast"} {
		if !tools[m] {
			t.Errorf("%s: Tab never reached the %s switch", where, m)
		}
	}

	// Round again to the skip link; Enter on it takes the focus to main.
	if f.Key == "BODY" {
		var err error
		if f, err = press(ctx, "\t"); err != nil {
			t.Fatal(err)
		}
	}
	if !strings.Contains(f.Desc, ".skip-link") {
		t.Errorf("%s: Tab after the last control gives %s, not the skip link", where, f.Desc)
		return
	}
	f, err := press(ctx, "\r")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(f.Desc, "MAIN#main") {
		t.Errorf("%s: the skip link took the focus to %s, not to main", where, f.Desc)
	}
}
