package preview

import (
	"html"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The error overlay is rendered here, once per Fail, and only here: served
// pages get it as a declarative shadow root (<template shadowrootmode>), so
// it shows without JavaScript and the site's CSS cannot reach into it; open
// pages get the same inner markup in the errors event and live.js puts it in
// a shadow root of its own. Every piece of problem text goes through
// html.EscapeString. The <style> is ours and lives in the shadow root, so
// it cannot touch the site either (the site's pages carry no
// Content-Security-Policy that would block it).

const overlayTag = "dudao-overlay"

// maxShown caps the problems listed; the terminal has them all.
const maxShown = 50

// overlayMarkup is what a served HTML page gets before </body>.
func overlayMarkup(problems []Problem) string {
	return "<" + overlayTag + `><template shadowrootmode="open">` + overlayShadow(problems) + "</template></" + overlayTag + ">"
}

// overlayShadow is the content of the overlay's shadow root.
func overlayShadow(problems []Problem) string {
	var b strings.Builder
	b.WriteString("<style>")
	b.WriteString(overlayCSS)
	b.WriteString("</style>")
	b.WriteString(`<dialog open aria-labelledby="t">`)
	b.WriteString(`<form method="dialog"><button class="close" aria-label="关闭" title="关闭（Esc）">×</button></form>`)
	b.WriteString(`<h2 id="t">网站没有更新：有 ` + strconv.Itoa(len(problems)) + ` 处错误</h2>`)
	b.WriteString(`<p class="sub">改正后保存即可，这里显示的是上一次成功生成的网站</p><ol>`)
	for i, p := range problems {
		if i == maxShown {
			b.WriteString(`<li class="more">还有 ` + strconv.Itoa(len(problems)-maxShown) + ` 处错误没有列出，请看终端里的完整列表</li>`)
			break
		}
		writeProblem(&b, p)
	}
	b.WriteString("</ol></dialog>")
	return b.String()
}

func writeProblem(b *strings.Builder, p Problem) {
	esc := html.EscapeString
	b.WriteString(`<li><div class="loc">`)
	loc := p.Path
	if p.Line > 0 {
		loc += ":" + strconv.Itoa(p.Line)
		if p.Col > 0 {
			loc += ":" + strconv.Itoa(p.Col)
		}
	}
	b.WriteString(esc(loc))
	b.WriteString(`</div><div class="msg">`)
	b.WriteString(esc(p.Msg))
	b.WriteString("</div>")
	if p.Source == "" {
		b.WriteString("</li>")
		return
	}

	ln := ""
	if p.Line > 0 {
		ln = strconv.Itoa(p.Line)
	}
	before, at, after := splitAt(visible(p.Source), p.Col)
	b.WriteString(`<pre><span class="ln">` + ln + ` | </span>`)
	b.WriteString(esc(before))
	if at != "" {
		b.WriteString(`<span class="at">` + esc(at) + "</span>")
	}
	b.WriteString(esc(after))
	if p.Col > 0 {
		// The caret line repeats the text before the column, invisible, so
		// the caret lands under the column whatever the glyphs' widths
		// (Chinese characters, tabs) are.
		b.WriteString("\n" + `<span class="ln"><span class="pad">` + ln + `</span> | </span><span class="pad">`)
		b.WriteString(esc(before))
		b.WriteString(`</span><span class="caret">^</span>`)
	}
	b.WriteString("</pre></li>")
}

// visible replaces control characters (but tab) and bidirectional-text
// controls with U+FFFD, one for one, so a hostile line cannot reorder what
// is shown; columns still count the same.
func visible(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return r
		case r < 0x20, r == 0x7f, 0x80 <= r && r < 0xa0,
			0x202a <= r && r <= 0x202e, 0x2066 <= r && r <= 0x2069, r == 0x200e, r == 0x200f:
			return utf8.RuneError
		}
		return r
	}, strings.TrimRight(s, "\r\n"))
}

// window is how many characters of a long source line are shown.
const window = 160

// splitAt splits line around the character at col (1-based, in runes). A
// line longer than window characters is cut to a window around col, with
// "…" where text was left out. col beyond the end puts "at" past the end.
func splitAt(line string, col int) (before, at, after string) {
	r := []rune(line)
	if col <= 0 {
		if len(r) > window {
			return "", "", string(r[:window]) + "…"
		}
		return "", "", line
	}
	i := col - 1
	if i > len(r) {
		i = len(r)
	}
	if len(r) > window {
		start := max(0, i-window/2)
		end := min(len(r), start+window)
		start = max(0, end-window)
		var pre, post string
		if start > 0 {
			pre = "…"
		}
		if end < len(r) {
			post = "…"
		}
		before = pre + string(r[start:i])
		if i < end {
			at, after = string(r[i:i+1]), string(r[i+1:end])+post
		} else {
			after = post
		}
		return before, at, after
	}
	if i < len(r) {
		return string(r[:i]), string(r[i : i+1]), string(r[i+1:])
	}
	return line, "", ""
}

const overlayCSS = `:host{all:initial}
dialog{position:fixed;z-index:2147483647;inset:12px 12px auto 12px;margin:0 auto;box-sizing:border-box;width:auto;max-width:960px;max-height:calc(100vh - 24px);overflow:auto;padding:20px 24px 16px;border:0;border-top:6px solid #c62828;border-radius:8px;background:#fff;color:#1f2328;box-shadow:0 12px 40px rgba(0,0,0,.35),0 0 0 1px rgba(0,0,0,.08);font:15px/1.65 system-ui,-apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",sans-serif;text-align:left;letter-spacing:normal;word-spacing:normal;text-transform:none;-webkit-text-size-adjust:100%;text-size-adjust:100%}
dialog:not([open]){display:none}
form{margin:0}
h2{margin:0 44px 2px 0;font-size:20px;line-height:1.45;font-weight:700;color:#b71c1c}
.sub{margin:0 0 10px;color:#57606a;font-size:14px}
.close{position:absolute;top:12px;right:12px;width:36px;height:36px;padding:0;border:0;border-radius:50%;background:transparent;color:#57606a;font:26px/36px system-ui,sans-serif;cursor:pointer}
.close:hover,.close:focus-visible{background:#eaeef2;color:#1f2328}
ol{list-style:none;margin:0;padding:0}
li{padding:12px 0 10px;border-top:1px solid #eaeef2}
.loc{font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,"Noto Sans Mono CJK SC","Liberation Mono",monospace;color:#0550ae;overflow-wrap:anywhere}
.msg{margin-top:2px;white-space:pre-wrap;overflow-wrap:anywhere}
pre{margin:8px 0 0;padding:8px 12px;background:#f6f8fa;border:1px solid #d8dee4;border-radius:6px;overflow-x:auto;font:13px/1.6 ui-monospace,SFMono-Regular,Menlo,Consolas,"Noto Sans Mono CJK SC","Liberation Mono",monospace;tab-size:4;color:#1f2328;white-space:pre}
.ln{color:#8c959f;user-select:none;-webkit-user-select:none}
.at{background:#ffcecb;color:#82071e;border-radius:2px}
.caret{color:#cf222e;font-weight:700}
.pad{visibility:hidden}
.more{color:#57606a}
@media (max-width:600px){dialog{inset:0 0 auto 0;max-height:100vh;border-radius:0 0 8px 8px;padding:14px 16px 10px}h2{font-size:18px;margin-right:40px}.close{top:8px;right:6px}}
@media print{dialog{display:none}}`
