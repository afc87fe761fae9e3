package preview

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const page = `<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>%s</title>
<link rel="stylesheet" href="/assets/css/site.aaa.css"></head>
<body><h1>%s</h1></body>
</html>
`

func htmlPage(title string) []byte { return fmt.Appendf(nil, page, title, title) }

const atom = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN"><title>铜陵</title></feed>
`

func testSite() Files {
	return Files{
		"index.html":                      htmlPage("首页"),
		"bulletins/2020-10/index.html":    htmlPage("2020 年第 10 期"),
		"search/index.html":               htmlPage("搜索"),
		"schools/yian/义安区钟鸣学校/index.html": htmlPage("义安区钟鸣学校"),
		"404.html":                        htmlPage("页面不存在"),
		"etc/passwd":                      []byte("SECRET-IN-MAP"),
		"assets/css/site.aaa.css":         []byte("body{color:#333}"),
		"assets/js/site.js":               []byte("console.log('</body>')"),
		"search/index.json":               []byte(`{"a":1}`),
		"districts/yian/schools.csv":      []byte("学校,人数\n钟鸣,1\n"),
		"districts/yian/feed.xml":         []byte(atom),
		"feed.xml":                        []byte(atom),
		"sitemap.xml":                     []byte(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>`),
		"favicon.svg":                     []byte(`<svg xmlns="http://www.w3.org/2000/svg"></svg>`),
		"favicon.ico":                     {0, 0, 1, 0},
		"robots.txt":                      []byte("User-agent: *\n"),
		"img/a.png":                       {0x89, 'P', 'N', 'G'},
		"img/b.jpg":                       {0xff, 0xd8},
		"img/c.jpeg":                      {0xff, 0xd8},
		"img/d.gif":                       []byte("GIF89a"),
		"img/e.webp":                      []byte("RIFF"),
		"documents/督导报告（2021）.pdf":        []byte("%PDF-1.4"),
		"documents/名单.xlsx":               []byte("PK"),
		"fonts/a.woff2":                   []byte("wOF2"),
		"notes.unknownext":                []byte("<html><body>sniff me</body></html>"),
		"LICENSE":                         []byte("<html>no extension</html>"),
		"bare.html":                       []byte("<p>no body tag</p>"),
		"upper.html":                      []byte("<HTML><BODY><p>x</p></BODY></HTML>"),
	}
}

func newTestServer(t *testing.T, files Files) (*Server, *httptest.Server) {
	t.Helper()
	s := New()
	if files != nil {
		s.Publish(files, nil, nil)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	t.Cleanup(s.Close) // runs first: ends the event streams ts.Close waits for
	return s, ts
}

func get(t *testing.T, h http.Handler, method, target string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, target, nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// rawGet sends the request line as given, byte for byte, to addr and returns
// the status code and body.
func rawGet(t *testing.T, addr, target string) (int, string) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", target)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("GET %q: %v", target, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestTraversal(t *testing.T) {
	_, ts := newTestServer(t, testSite())
	addr := strings.TrimPrefix(ts.URL, "http://")
	for _, tc := range []struct {
		target string
		want   int
	}{
		{"/../etc/passwd", 400},
		{"/../../../../etc/passwd", 400},
		{"/%2e%2e/x", 400},
		{"/%2E%2E/etc/passwd", 400},
		{"/..%2fx", 400},
		{"/..%2Fetc%2Fpasswd", 400},
		{"/a/..%2f..%2f", 400},
		{"/a/../etc/passwd", 400},
		{"/./etc/passwd", 400},
		{"/a/%2e/b", 400},
		{"//etc/passwd", 400},
		{"/etc//passwd", 400},
		{"/%2fetc/passwd", 400},
		{"/C:/x", 400},
		{"/c:%5cwindows%5cwin.ini", 400},
		{"/C%3A/x", 400},
		{`/\..\x`, 400},
		{`/..\etc\passwd`, 400},
		{"/%5c..%5cetc/passwd", 400},
		{"/a%00b", 400},
		{"/etc/passwd%00.html", 400},
		{"/a%0ab", 400},
		{"/%zz", 400},
		{"/a\x00b", 400}, // rejected by net/http before us
		{"/%252e%252e/etc/passwd", 404},
		{"/etc/passwd/", 404},
	} {
		code, body := rawGet(t, addr, tc.target)
		if code != tc.want {
			t.Errorf("GET %q: status %d, want %d", tc.target, code, tc.want)
		}
		if strings.Contains(body, "SECRET-IN-MAP") || strings.Contains(body, "root:") {
			t.Errorf("GET %q served a file it must not: %.80q", tc.target, body)
		}
	}
	// A raw UTF-8 request line (some clients send one) finds the Chinese name.
	if code, body := rawGet(t, addr, "/schools/yian/义安区钟鸣学校/"); code != 200 || !strings.Contains(body, "<h1>义安区钟鸣学校</h1>") {
		t.Errorf("raw UTF-8 path: %d", code)
	}
	// The map's own file is served by its own name.
	if code, body := rawGet(t, addr, "/etc/passwd"); code != 200 || body != "SECRET-IN-MAP" {
		t.Errorf("GET /etc/passwd: %d %q", code, body)
	}
}

func TestSitePath(t *testing.T) {
	for _, tc := range []struct {
		in   string
		key  string
		dir  bool
		okay bool
	}{
		{"", "", true, true},
		{"/", "", true, true},
		{"/a", "a", false, true},
		{"/a/", "a/", true, true},
		{"/a/b.html", "a/b.html", false, true},
		{"/schools/%E4%B9%89%E5%AE%89/", "schools/义安/", true, true},
		{"/a%20b", "a b", false, true},
		{"/a/..", "", false, false},
		{"a", "", false, false},
		{"/a//", "", false, false},
	} {
		key, dir, ok := sitePath(tc.in)
		if key != tc.key || dir != tc.dir || ok != tc.okay {
			t.Errorf("sitePath(%q) = %q, %v, %v; want %q, %v, %v", tc.in, key, dir, ok, tc.key, tc.dir, tc.okay)
		}
	}
}

func TestContentTypes(t *testing.T) {
	s := New()
	s.Publish(testSite(), nil, nil)
	h := s.Handler()
	for _, tc := range []struct{ path, want string }{
		{"/", "text/html; charset=utf-8"},
		{"/bulletins/2020-10/", "text/html; charset=utf-8"},
		{"/schools/yian/" + url.PathEscape("义安区钟鸣学校") + "/", "text/html; charset=utf-8"},
		{"/assets/css/site.aaa.css", "text/css; charset=utf-8"},
		{"/assets/js/site.js", "text/javascript; charset=utf-8"},
		{"/search/index.json", "application/json"},
		{"/districts/yian/schools.csv", "text/csv; charset=utf-8"},
		{"/feed.xml", "application/atom+xml"},
		{"/districts/yian/feed.xml", "application/atom+xml"},
		{"/sitemap.xml", "application/xml"},
		{"/favicon.svg", "image/svg+xml"},
		{"/favicon.ico", "image/x-icon"},
		{"/robots.txt", "text/plain; charset=utf-8"},
		{"/img/a.png", "image/png"},
		{"/img/b.jpg", "image/jpeg"},
		{"/img/c.jpeg", "image/jpeg"},
		{"/img/d.gif", "image/gif"},
		{"/img/e.webp", "image/webp"},
		{"/documents/" + url.PathEscape("督导报告（2021）.pdf"), "application/pdf"},
		{"/documents/%E5%90%8D%E5%8D%95.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"/fonts/a.woff2", "font/woff2"},
		{"/notes.unknownext", "application/octet-stream"},
		{"/LICENSE", "application/octet-stream"},
		{"/__dudao/live.js", "text/javascript; charset=utf-8"},
	} {
		for _, method := range []string{"GET", "HEAD"} {
			w := get(t, h, method, tc.path)
			if w.Code != 200 {
				t.Errorf("%s %s: status %d", method, tc.path, w.Code)
				continue
			}
			if got := w.Header().Get("Content-Type"); got != tc.want {
				t.Errorf("%s %s: Content-Type %q, want %q", method, tc.path, got, tc.want)
			}
			if got := w.Header().Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("%s %s: X-Content-Type-Options %q", method, tc.path, got)
			}
			if got := w.Header().Get("Cache-Control"); got != "no-store" {
				t.Errorf("%s %s: Cache-Control %q", method, tc.path, got)
			}
			if method == "HEAD" && w.Body.Len() != 0 {
				t.Errorf("HEAD %s: body of %d bytes", tc.path, w.Body.Len())
			}
		}
	}
}

func TestDirectoriesAndRedirects(t *testing.T) {
	files := testSite()
	s := New()
	s.Publish(files, nil, nil)
	h := s.Handler()

	for _, tc := range []struct{ target, title string }{
		{"/", "首页"},
		{"/index.html", "首页"},
		{"/?utm=1", "首页"},
		{"/bulletins/2020-10/", "2020 年第 10 期"},
		{"/bulletins/2020-10/index.html", "2020 年第 10 期"},
		{"/search/?q=" + url.QueryEscape("优质均衡"), "搜索"},
		{"/schools/yian/%E4%B9%89%E5%AE%89%E5%8C%BA%E9%92%9F%E9%B8%A3%E5%AD%A6%E6%A0%A1/", "义安区钟鸣学校"},
	} {
		w := get(t, h, "GET", tc.target)
		if w.Code != 200 || !strings.Contains(w.Body.String(), "<h1>"+tc.title+"</h1>") {
			t.Errorf("GET %s: %d, body %.120q", tc.target, w.Code, w.Body.String())
		}
	}

	for _, tc := range []struct{ target, loc string }{
		{"/bulletins/2020-10", "/bulletins/2020-10/"},
		{"/bulletins", "/bulletins/"}, // no bulletins/index.html → 404, checked below
		{"/search?q=%E4%BC%98", "/search/?q=%E4%BC%98"},
		{"/schools/yian/%E4%B9%89%E5%AE%89%E5%8C%BA%E9%92%9F%E9%B8%A3%E5%AD%A6%E6%A0%A1", "/schools/yian/%E4%B9%89%E5%AE%89%E5%8C%BA%E9%92%9F%E9%B8%A3%E5%AD%A6%E6%A0%A1/"},
	} {
		w := get(t, h, "GET", tc.target)
		if tc.target == "/bulletins" {
			if w.Code != 404 {
				t.Errorf("GET /bulletins: %d, want 404 (no bulletins/index.html)", w.Code)
			}
			continue
		}
		if w.Code != 301 || w.Header().Get("Location") != tc.loc {
			t.Errorf("GET %s: %d Location %q, want 301 %q", tc.target, w.Code, w.Header().Get("Location"), tc.loc)
		}
	}

	// Only GET and HEAD.
	if w := get(t, h, "POST", "/"); w.Code != 405 || w.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST /: %d Allow %q", w.Code, w.Header().Get("Allow"))
	}
}

func TestNotFound(t *testing.T) {
	s := New()
	s.Publish(testSite(), nil, nil)
	h := s.Handler()
	for _, target := range []string{"/nope", "/nope/", "/bulletins/2099-01/", "/assets/css/gone.css", "/__dudao/nope", "/%E4%B8%8D%E5%AD%98%E5%9C%A8"} {
		w := get(t, h, "GET", target)
		body := w.Body.String()
		if w.Code != 404 || !strings.Contains(body, "<h1>页面不存在</h1>") || w.Header().Get("Content-Type") != "text/html; charset=utf-8" {
			t.Errorf("GET %s: %d %q %.80q", target, w.Code, w.Header().Get("Content-Type"), body)
		}
		if strings.Count(body, "/__dudao/live.js") != 1 {
			t.Errorf("GET %s: 404 page without the live script", target)
		}
	}
	if w := get(t, h, "HEAD", "/nope"); w.Code != 404 || w.Body.Len() != 0 {
		t.Errorf("HEAD /nope: %d, %d bytes", w.Code, w.Body.Len())
	}

	// A site without 404.html: our own small page, still 404.
	s2 := New()
	s2.Publish(Files{"index.html": htmlPage("x")}, nil, nil)
	w := get(t, s2.Handler(), "GET", "/nope")
	if w.Code != 404 || !strings.Contains(w.Body.String(), "页面不存在") || !strings.Contains(w.Body.String(), "/__dudao/live.js") {
		t.Errorf("GET /nope without 404.html: %d %q", w.Code, w.Body.String())
	}
}

func TestInjection(t *testing.T) {
	files := testSite()
	orig := maps.Clone(files)
	copies := map[string][]byte{}
	for k, v := range files {
		copies[k] = bytes.Clone(v)
	}
	s := New()
	s.Publish(files, nil, nil)
	h := s.Handler()

	for key, data := range orig {
		target := "/" + (&url.URL{Path: key}).EscapedPath()
		w := get(t, h, "GET", target)
		if w.Code != 200 {
			t.Errorf("GET %s: %d", target, w.Code)
			continue
		}
		body := w.Body.Bytes()
		n := bytes.Count(body, []byte(`<script src="/__dudao/live.js"`))
		if strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
			if n != 1 {
				t.Errorf("%s: live.js injected %d times", key, n)
			}
			// Injected once, before the last </body>; the rest untouched.
			tag := regexp.MustCompile(`<script src="/__dudao/live.js" data-version="[0-9a-f]+\.1" defer></script>`)
			if got := tag.ReplaceAll(body, nil); !bytes.Equal(got, data) {
				t.Errorf("%s: page changed beyond the script tag:\n%s", key, got)
			}
			if i, j := bytes.Index(body, []byte("/__dudao/live.js")), lastIndexFold(body, "</body"); j >= 0 && i > j {
				t.Errorf("%s: script after </body>", key)
			}
		} else {
			if n != 0 || !bytes.Equal(body, data) {
				t.Errorf("%s (%s): served bytes differ from the file", key, w.Header().Get("Content-Type"))
			}
		}
	}
	if w := get(t, h, "GET", "/bare.html"); !strings.HasSuffix(w.Body.String(), "defer></script>") {
		t.Errorf("page without </body>: script not appended: %q", w.Body.String())
	}
	if w := get(t, h, "GET", "/upper.html"); !strings.Contains(w.Body.String(), "defer></script></BODY>") {
		t.Errorf("</BODY>: %q", w.Body.String())
	}
	// The published map is untouched.
	if len(files) != len(copies) {
		t.Fatal("Files map changed size")
	}
	for k, v := range files {
		if !bytes.Equal(v, copies[k]) {
			t.Errorf("Files[%q] modified", k)
		}
	}
}

func TestETag(t *testing.T) {
	s := New()
	s.Publish(testSite(), nil, nil)
	h := s.Handler()
	w := get(t, h, "GET", "/assets/css/site.aaa.css")
	etag := w.Header().Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	r := httptest.NewRequest("GET", "/assets/css/site.aaa.css", nil)
	r.Header.Set("If-None-Match", etag)
	w2 := httptest.NewRecorder()
	h.ServeHTTP(w2, r)
	if w2.Code != 304 {
		t.Errorf("If-None-Match: %d, want 304", w2.Code)
	}
	// A failed build changes what HTML pages are served as, so their tag.
	e1 := get(t, h, "GET", "/").Header().Get("ETag")
	s.Fail([]Problem{{Path: "site.toml", Line: 1, Msg: "x"}})
	if e2 := get(t, h, "GET", "/").Header().Get("ETag"); e1 == e2 {
		t.Error("HTML ETag unchanged by the overlay")
	}
}

func TestBeforeFirstPublish(t *testing.T) {
	s := New()
	h := s.Handler()
	w := get(t, h, "GET", "/anything/")
	if w.Code != 503 || !strings.Contains(w.Body.String(), "正在生成网站") || !strings.Contains(w.Body.String(), "/__dudao/live.js") {
		t.Errorf("before Publish: %d %q", w.Code, w.Body.String())
	}
	s.Fail([]Problem{{Path: "site.toml", Line: 3, Col: 9, Msg: "TOML 格式错误", Source: `title = "铜陵`}})
	w = get(t, h, "GET", "/")
	if w.Code != 503 || !strings.Contains(w.Body.String(), "网站没有更新：有 1 处错误") {
		t.Errorf("failed before Publish: %d %q", w.Code, w.Body.String())
	}
	s.Publish(testSite(), nil, nil)
	if w := get(t, h, "GET", "/"); w.Code != 200 || strings.Contains(w.Body.String(), overlayTag) {
		t.Errorf("after Publish: %d", w.Code)
	}
}

// TestPublishAtomic has readers check that every page they get carries the
// version of the build its content comes from, while builds are swapped.
func TestPublishAtomic(t *testing.T) {
	build := func(n int) Files {
		f := Files{"404.html": fmt.Appendf(nil, "<html><body>404 build=%d</body></html>", n)}
		for i := range 20 {
			f[fmt.Sprintf("p%d/index.html", i)] = fmt.Appendf(nil, "<html><body>build=%d</body></html>", n)
		}
		if n%2 == 0 {
			f["even/index.html"] = fmt.Appendf(nil, "<html><body>build=%d</body></html>", n)
		}
		return f
	}
	s := New()
	s.Publish(build(1), nil, nil)
	h := s.Handler()
	re := regexp.MustCompile(`build=(\d+)<(?:script|dudao-overlay)|data-version="[0-9a-f]+\.(\d+)"`)

	var stop atomic.Bool
	var wg sync.WaitGroup
	var checked atomic.Int64
	for g := range 8 {
		wg.Go(func() {
			for i := 0; !stop.Load(); i++ {
				target := fmt.Sprintf("/p%d/", (g+i)%20)
				if i%3 == 0 {
					target = "/even/"
				}
				w := get(t, h, "GET", target)
				m := re.FindAllStringSubmatch(w.Body.String(), -1)
				if len(m) != 2 || m[0][1] != m[1][2] {
					t.Errorf("GET %s: content and version from different builds: %q", target, w.Body.String())
					return
				}
				n, _ := strconv.Atoi(m[0][1])
				if target == "/even/" && (w.Code == 200) != (n%2 == 0) {
					t.Errorf("GET /even/: status %d for build %s", w.Code, m[0][1])
					return
				}
				checked.Add(1)
			}
		})
	}
	// Publish until the readers have checked enough pages, however slowly
	// they are scheduled.
	for n := 2; n <= 300 || checked.Load() < 100; n++ {
		s.Publish(build(n), []string{"p0/index.html"}, nil)
		if n%50 == 0 {
			s.Fail([]Problem{{Msg: "x"}})
		}
	}
	stop.Store(true)
	wg.Wait()
	if checked.Load() == 0 {
		t.Fatal("no request checked")
	}
}

type sseEvent struct{ name, data string }

// openEvents connects to the event stream and returns its events (comments
// as name ":", the retry field as name "retry"); the channel closes at the
// end of the stream.
func openEvents(t *testing.T, base string) (<-chan sseEvent, *http.Response) {
	t.Helper()
	resp, err := http.Get(base + "/__dudao/events")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream; charset=utf-8" {
		t.Fatalf("events: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	ch := make(chan sseEvent, 100)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<20)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.name != "" || ev.data != "" {
					ch <- ev
				}
				ev = sseEvent{}
			case strings.HasPrefix(line, ":"):
				ch <- sseEvent{":", line}
			case strings.HasPrefix(line, "retry: "):
				ch <- sseEvent{"retry", line[7:]}
			case strings.HasPrefix(line, "event: "):
				ev.name = line[7:]
			case strings.HasPrefix(line, "data: "):
				ev.data += line[6:]
			}
		}
	}()
	return ch, resp
}

// next returns the next event that is not a comment or retry field.
func next(t *testing.T, ch <-chan sseEvent) sseEvent {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				t.Fatal("event stream ended")
			}
			if ev.name == ":" || ev.name == "retry" {
				continue
			}
			return ev
		case <-timeout:
			t.Fatal("no event within 5s")
		}
	}
}

type eventData struct {
	Version  string            `json:"version"`
	Build    int               `json:"build"`
	Changed  []string          `json:"changed"`
	Total    int               `json:"total"`
	CSS      map[string]string `json:"css"`
	Count    int               `json:"count"`
	HTML     string            `json:"html"`
	Problems []problemJSON     `json:"problems"`
}

func decode(t *testing.T, ev sseEvent, name string) eventData {
	t.Helper()
	if ev.name != name {
		t.Fatalf("event %q (%s), want %q", ev.name, ev.data, name)
	}
	var d eventData
	if err := json.Unmarshal([]byte(ev.data), &d); err != nil {
		t.Fatalf("event %s: %v in %q", name, err, ev.data)
	}
	return d
}

func TestEvents(t *testing.T) {
	s := New()
	s.keepAlive = 30 * time.Millisecond // before any stream starts
	s.Publish(testSite(), nil, nil)
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	t.Cleanup(s.Close)
	ch, _ := openEvents(t, ts.URL)

	if ev := <-ch; ev.name != "retry" || ev.data != "1000" {
		t.Errorf("first line %+v, want retry: 1000", ev)
	}
	hello := decode(t, next(t, ch), "hello")
	if hello.Build != 1 || !strings.HasSuffix(hello.Version, ".1") {
		t.Errorf("hello %+v", hello)
	}
	// Keep-alive comments flow while nothing happens.
	deadline := time.After(5 * time.Second)
wait:
	for {
		select {
		case ev := <-ch:
			if ev.name == ":" {
				break wait
			}
			t.Fatalf("unexpected %+v", ev)
		case <-deadline:
			t.Fatal("no keep-alive comment")
		}
	}

	// A content change: reload, with the list of changed paths.
	files := testSite()
	files["index.html"] = htmlPage("新首页")
	s.Publish(files, []string{"index.html", "bulletins/2020-10/index.html"}, nil)
	d := decode(t, next(t, ch), "reload")
	if d.Build != 2 || d.Total != 2 || strings.Join(d.Changed, ",") != "index.html,bulletins/2020-10/index.html" {
		t.Errorf("reload %+v", d)
	}
	if w, _ := http.Get(ts.URL + "/"); w != nil {
		b, _ := io.ReadAll(w.Body)
		w.Body.Close()
		if !strings.Contains(string(b), "新首页") || !strings.Contains(string(b), d.Version) {
			t.Errorf("after Publish, / is %q", b)
		}
	}

	// Many changes: the list is capped, the total is not.
	var many []string
	for i := range 70 {
		many = append(many, fmt.Sprintf("articles/%d/index.html", i))
	}
	s.Publish(files, many, nil)
	if d := decode(t, next(t, ch), "reload"); len(d.Changed) != maxChanged || d.Total != 70 || d.Build != 3 {
		t.Errorf("capped reload: %d changed, total %d", len(d.Changed), d.Total)
	}

	// A stylesheet change: css, with the mapping.
	css := map[string]string{"assets/css/site.aaa.css": "assets/css/site.bbb.css"}
	s.Publish(files, []string{"assets/css/site.aaa.css", "assets/css/site.bbb.css", "index.html", "search/index.html"}, css)
	d = decode(t, next(t, ch), "css")
	if d.CSS["assets/css/site.aaa.css"] != "assets/css/site.bbb.css" || d.Build != 4 {
		t.Errorf("css %+v", d)
	}
	// The mapping with other changes as well: reload.
	s.Publish(files, []string{"assets/css/site.bbb.css", "search/index.json"}, css)
	decode(t, next(t, ch), "reload")
	s.Publish(files, []string{"assets/css/print.css"}, css)
	decode(t, next(t, ch), "reload")

	// Nothing changed: ok.
	s.Publish(files, nil, nil)
	if d := decode(t, next(t, ch), "ok"); d.Build != 7 {
		t.Errorf("ok %+v", d)
	}
}

const hostile = `<script>alert("x")</script>`

func TestErrors(t *testing.T) {
	s, ts := newTestServer(t, testSite())
	ch, _ := openEvents(t, ts.URL)
	decode(t, next(t, ch), "hello")

	problems := []Problem{
		{Path: "content/bulletins/2020-10.md", Line: 3, Col: 9, Msg: "TOML 格式错误：" + hostile, Source: `title = "` + hostile},
		{Path: "data/yian.csv", Line: 12, Msg: "数字写错了 & 单位不对"},
	}
	s.Fail(problems)
	problems[0].Msg = "changed by the caller afterwards"
	ev := next(t, ch)
	if strings.Contains(ev.data, "<script") || strings.Contains(ev.data, "</") {
		t.Errorf("errors event carries markup in the clear: %s", ev.data)
	}
	d := decode(t, ev, "errors")
	if d.Count != 2 || len(d.Problems) != 2 || d.Problems[0].Msg != "TOML 格式错误："+hostile || d.Problems[0].Line != 3 || d.Problems[0].Col != 9 {
		t.Errorf("errors %+v", d)
	}
	if strings.Contains(d.HTML, "<script") || !strings.Contains(d.HTML, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") || !strings.Contains(d.HTML, "网站没有更新：有 2 处错误") {
		t.Errorf("errors html: %s", d.HTML)
	}

	// Pages served now: last good bytes, with the overlay.
	resp, err := http.Get(ts.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	page := string(body)
	for _, want := range []string{
		"<h1>首页</h1>",
		"<" + overlayTag + `><template shadowrootmode="open">`,
		"网站没有更新：有 2 处错误",
		"改正后保存即可，这里显示的是上一次成功生成的网站",
		"content/bulletins/2020-10.md:3:9",
		"data/yian.csv:12<",
		"数字写错了 &amp; 单位不对",
		`<span class="caret">^</span>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page while failed lacks %q", want)
		}
	}
	if resp.StatusCode != 200 || strings.Contains(page, hostile) || strings.Count(page, "<script") != 1 {
		t.Errorf("page while failed: %d, %d <script", resp.StatusCode, strings.Count(page, "<script"))
	}
	if strings.Contains(page, "changed by the caller") {
		t.Error("Fail kept the caller's slice")
	}
	// Not HTML: untouched.
	if resp, err := http.Get(ts.URL + "/assets/css/site.aaa.css"); err == nil {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(b) != "body{color:#333}" {
			t.Errorf("CSS while failed: %q", b)
		}
	}

	// A page opened now gets the errors on connect.
	ch2, _ := openEvents(t, ts.URL)
	decode(t, next(t, ch2), "hello")
	if d := decode(t, next(t, ch2), "errors"); d.Count != 2 {
		t.Errorf("errors on connect: %+v", d)
	}

	// Fixed, with nothing changed since the last good build: ok, no overlay.
	s.Publish(testSite(), nil, nil)
	decode(t, next(t, ch), "ok")
	decode(t, next(t, ch2), "ok")
	resp, _ = http.Get(ts.URL + "/")
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if strings.Contains(string(body), overlayTag) || strings.Contains(string(body), "网站没有更新") {
		t.Error("overlay still served after Publish")
	}
	// Broken again, then fixed with changes: reload.
	s.Fail([]Problem{{Path: "site.toml", Msg: "x"}})
	decode(t, next(t, ch), "errors")
	s.Publish(testSite(), []string{"index.html"}, nil)
	decode(t, next(t, ch), "reload")
}

func TestOverlayMarkup(t *testing.T) {
	for _, tc := range []struct {
		p    Problem
		want []string
		not  []string
	}{
		{
			Problem{Path: "site.toml", Line: 4, Col: 7, Msg: "m", Source: "标题 = 铜陵\n"},
			[]string{`<span class="ln">4 | </span>标题 = 铜<span class="at">陵</span>`, `<span class="ln"><span class="pad">4</span> | </span><span class="pad">标题 = 铜</span><span class="caret">^</span>`},
			nil,
		},
		{ // column past the end: caret after the text
			Problem{Path: "a.md", Line: 1, Col: 30, Msg: "m", Source: "ab"},
			[]string{`<span class="pad">ab</span><span class="caret">^</span>`},
			[]string{`class="at"`},
		},
		{ // no column: the line, no caret
			Problem{Path: "a.md", Line: 2, Msg: "m", Source: "ab"},
			[]string{`<span class="ln">2 | </span>ab</pre>`},
			[]string{"caret"},
		},
		{ // no source, no line
			Problem{Path: "data/x.xlsx", Msg: "打不开"},
			[]string{`<div class="loc">data/x.xlsx</div><div class="msg">打不开</div></li>`},
			[]string{"<pre>"},
		},
		{ // hostile everything
			Problem{Path: `<b>p</b>`, Line: 1, Col: 2, Msg: hostile, Source: "\u202e" + hostile + "\x00"},
			[]string{"&lt;b&gt;p&lt;/b&gt;:1:2", "&lt;script&gt;"},
			[]string{"<script", "<b>", "\u202e", "\x00"},
		},
	} {
		got := overlayShadow([]Problem{tc.p})
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%+v: lacks %q in\n%s", tc.p, w, got[len(overlayCSS):])
			}
		}
		for _, w := range tc.not {
			if strings.Contains(got[len(overlayCSS):], w) {
				t.Errorf("%+v: has %q", tc.p, w)
			}
		}
	}

	// A long line is cut around the column.
	long := strings.Repeat("一", 500) + "X" + strings.Repeat("二", 500)
	before, at, after := splitAt(long, 501)
	if at != "X" || !strings.HasPrefix(before, "…") || !strings.HasSuffix(after, "…") || len([]rune(before+at+after)) > window+2 {
		t.Errorf("splitAt long: %d+%q+%d", len([]rune(before)), at, len([]rune(after)))
	}

	// Many problems: the first 50 and a count of the rest.
	many := make([]Problem, 60)
	for i := range many {
		many[i] = Problem{Path: fmt.Sprintf("f%d.md", i), Msg: "m"}
	}
	got := overlayShadow(many)
	if !strings.Contains(got, "有 60 处错误") || !strings.Contains(got, "还有 10 处错误没有列出") || strings.Contains(got, "f50.md") {
		t.Error("60 problems not capped at 50")
	}
}

func TestLiveJS(t *testing.T) {
	s := New()
	w := get(t, s.Handler(), "GET", "/__dudao/live.js")
	if w.Code != 200 || !strings.Contains(w.Body.String(), "new EventSource('/__dudao/events')") {
		t.Errorf("live.js: %d", w.Code)
	}
	if w := get(t, s.Handler(), "POST", "/__dudao/events"); w.Code != 405 {
		t.Errorf("POST events: %d", w.Code)
	}
}

// TestCloseAndShutdown runs a real http.Server with open event streams:
// Shutdown, with Close registered, returns at once, the streams end, and no
// goroutine is left behind.
func TestCloseAndShutdown(t *testing.T) {
	before := runtime.NumGoroutine()

	s := New()
	s.Publish(testSite(), nil, nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: s.Handler(), WriteTimeout: 200 * time.Millisecond}
	srv.RegisterOnShutdown(s.Close)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	base := "http://" + ln.Addr().String()

	client := &http.Client{Transport: &http.Transport{}}
	var streams []<-chan sseEvent
	for range 5 {
		resp, err := client.Get(base + "/__dudao/events")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		ch := make(chan sseEvent, 10)
		go func() {
			defer close(ch)
			sc := bufio.NewScanner(resp.Body)
			for sc.Scan() {
				if strings.HasPrefix(sc.Text(), "event: ") {
					ch <- sseEvent{name: sc.Text()[7:]}
				}
			}
		}()
		if ev := <-ch; ev.name != "hello" {
			t.Fatalf("first event %q", ev.name)
		}
		streams = append(streams, ch)
	}
	// The server's WriteTimeout does not cut a stream.
	time.Sleep(300 * time.Millisecond)
	s.Publish(testSite(), []string{"index.html"}, nil)
	for _, ch := range streams {
		if ev := <-ch; ev.name != "reload" {
			t.Fatalf("after WriteTimeout: %q", ev.name)
		}
	}

	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Shutdown took %v", d)
	}
	if err := <-served; err != http.ErrServerClosed {
		t.Errorf("Serve: %v", err)
	}
	for i, ch := range streams {
		select {
		case _, ok := <-ch:
			for ok {
				_, ok = <-ch
			}
		case <-time.After(time.Second):
			t.Errorf("stream %d still open", i)
		}
	}
	// After Close: no new streams; files are still served.
	w := get(t, s.Handler(), "GET", "/__dudao/events")
	if w.Code != 503 {
		t.Errorf("events after Close: %d", w.Code)
	}
	if w := get(t, s.Handler(), "GET", "/"); w.Code != 200 {
		t.Errorf("page after Close: %d", w.Code)
	}
	s.Close() // idempotent
	s.Publish(testSite(), []string{"x"}, nil)
	client.CloseIdleConnections()

	deadline := time.Now().Add(3 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines before, %d after:\n%s", before, n, buf[:runtime.Stack(buf, true)])
	}
}

// TestSlowClientDropped: a stream that does not read is dropped rather than
// holding up Publish.
func TestSlowClientDropped(t *testing.T) {
	s := New()
	c := s.subscribe()
	for i := 0; i < clientQueue+5; i++ {
		s.Publish(Files{}, []string{"a"}, nil)
	}
	n := 0
	for range c.ch {
		n++
	}
	if n != clientQueue {
		t.Errorf("got %d queued events, want %d then closed", n, clientQueue)
	}
	s.Close()
}
