package serve

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dudao/dudao"
	"github.com/dudao/dudao/internal/build"
)

// exampleCopy copies the example site's sources into a new folder.
func exampleCopy(t *testing.T) string {
	return copySite(t, "../..", func(rel string) bool {
		top, _, _ := strings.Cut(rel, string(filepath.Separator))
		switch top {
		case ".", "content", "data", "layouts", "static", "site.toml":
			return true
		}
		return false
	})
}

// event is one Server-Sent Event.
type event struct{ name, data string }

// site is a running dudao serve on a copy of the example site.
type site struct {
	t      *testing.T
	dir    string
	url    string
	events chan event
	done   chan error
	cancel context.CancelFunc
}

func start(t *testing.T, poll bool) *site {
	t.Helper()
	s := &site{t: t, dir: exampleCopy(t), events: make(chan event, 100), done: make(chan error, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	ready := make(chan string, 1)
	go func() {
		s.done <- Run(ctx, Options{
			Build: build.Options{SiteDir: s.dir, Drafts: true, Theme: dudao.Theme},
			Port:  0, Poll: poll, Log: io.Discard,
			Ready: func(url string) { ready <- url },
		})
	}()
	select {
	case s.url = <-ready:
	case err := <-s.done:
		t.Fatal(err)
	case <-time.After(20 * time.Second):
		t.Fatal("the first build took too long")
	}
	t.Cleanup(func() { s.stop() })
	resp, err := http.Get(s.url + "__dudao/events")
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var e event
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				e.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				e.data += strings.TrimPrefix(line, "data: ")
			case line == "" && e.name != "":
				s.events <- e
				e = event{}
			}
		}
		close(s.events)
	}()
	s.expect("hello", "")
	return s
}

// stop ends the server as Ctrl-C does: it must return promptly although an
// event stream is open.
func (s *site) stop() {
	if s.cancel == nil {
		return
	}
	s.cancel()
	s.cancel = nil
	select {
	case err := <-s.done:
		if err != nil {
			s.t.Errorf("serve ended with %v", err)
		}
	case <-time.After(2 * time.Second):
		s.t.Error("serve did not stop within 2 s of Ctrl-C")
	}
}

func (s *site) path(rel string) string { return filepath.Join(s.dir, filepath.FromSlash(rel)) }

func (s *site) write(rel, text string) {
	s.t.Helper()
	if err := os.MkdirAll(filepath.Dir(s.path(rel)), 0o755); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(s.path(rel), []byte(text), 0o644); err != nil {
		s.t.Fatal(err)
	}
}

func (s *site) read(rel string) string {
	b, err := os.ReadFile(s.path(rel))
	if err != nil {
		s.t.Fatal(err)
	}
	return string(b)
}

func (s *site) get(page string) (int, string) {
	resp, err := http.Get(s.url + page)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// within waits up to a second for the page to satisfy ok.
func (s *site) within(what, page string, ok func(code int, body string) bool) {
	s.t.Helper()
	start := time.Now()
	for {
		code, body := s.get(page)
		if ok(code, body) {
			s.t.Logf("%s: served after %v", what, time.Since(start).Round(time.Millisecond))
			return
		}
		if time.Since(start) > time.Second {
			s.t.Fatalf("%s: /%s not as expected within 1 s (status %d)", what, page, code)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// expect waits for an event called name whose data contains want.
func (s *site) expect(name, want string) event {
	s.t.Helper()
	deadline := time.After(3 * time.Second)
	for {
		select {
		case e, ok := <-s.events:
			if !ok {
				s.t.Fatalf("the event stream ended while waiting for %q", name)
			}
			if e.name == name && strings.Contains(e.data, want) {
				return e
			}
		case <-deadline:
			s.t.Fatalf("no %q event with %q", name, want)
		}
	}
}

func contains(s string) func(int, string) bool {
	return func(code int, body string) bool { return code == 200 && strings.Contains(body, s) }
}

const article = "content/bulletins/2020-10/yian-report.md"
const articlePage = "bulletins/2020-10/yian-report/"

// Saves of every kind an editor's tools make show up in the served site
// within a second, and the event stream announces each.
func TestSavesShowUp(t *testing.T) {
	for _, mode := range []struct {
		name string
		poll bool
	}{{"events", false}, {"poll", true}} {
		t.Run(mode.name, func(t *testing.T) {
			s := start(t, mode.poll)
			orig := s.read(article)

			s.write(article, orig+"\n直接写入的新段落。\n")
			s.within("write", articlePage, contains("直接写入的新段落"))
			s.expect("reload", articlePage+"index.html")

			// An atomic save: a temporary file renamed over the article.
			s.write("content/bulletins/2020-10/.yian-report.md.tmp123", orig+"\n改名保存的新段落。\n")
			if err := os.Rename(s.path("content/bulletins/2020-10/.yian-report.md.tmp123"), s.path(article)); err != nil {
				t.Fatal(err)
			}
			s.within("rename over", articlePage, contains("改名保存的新段落"))
			s.expect("reload", articlePage+"index.html")

			// vim: a probe file, the old file moved to a backup, a new file.
			s.write("content/bulletins/2020-10/4913", "")
			os.Remove(s.path("content/bulletins/2020-10/4913"))
			os.Rename(s.path(article), s.path(article+"~"))
			s.write(article, orig+"\nvim 保存的新段落。\n")
			os.Remove(s.path(article + "~"))
			s.within("vim save", articlePage, contains("vim 保存的新段落"))
			s.expect("reload", articlePage+"index.html")

			// mkdir -p and a file inside at once: a new issue.
			s.write("content/bulletins/2021-01/index.md", "+++\nseries = \"铜陵市教育督导工作信息\"\nyear = 2021\nnumber = 1\ntotal = 15\ndate = 2021-01-31\nissuer = \"铜陵市人民政府教育督导委员会办公室\"\nsections = [\"工作动态\"]\n+++\n")
			s.write("content/bulletins/2021-01/new.md", "+++\ntitle = \"新一期的文章\"\nsection = \"工作动态\"\nunit = \"yian\"\n+++\n新一期的正文。\n")
			s.within("mkdir -p", "bulletins/2021-01/new/", contains("新一期的正文"))
			s.expect("reload", "bulletins/2021-01/new/index.html")

			// A draft shows, marked.
			s.write("content/articles/draft.md", "+++\ntitle = \"还没定稿\"\ndate = 2021-02-01\ndraft = true\n+++\n草稿正文。\n")
			s.within("draft", "articles/draft/", contains("草稿正文"))
			if _, body := s.get("articles/draft/"); !strings.Contains(body, `class="draft-mark"`) {
				t.Error("the draft is not marked 草稿")
			}

			// A deleted article leaves the site.
			os.Remove(s.path("content/bulletins/2021-01/new.md"))
			s.within("delete", "bulletins/2021-01/new/", func(code int, _ string) bool { return code == 404 })
			s.expect("reload", "bulletins/2021-01/new/index.html")
		})
	}
}

// A save that breaks the site keeps the last good site served, shows the
// error with its file, line and offending line on every page and in the
// event stream, and the next good save clears it.
func TestErrorOverlay(t *testing.T) {
	s := start(t, false)
	orig := s.read(article)
	s.write(article, strings.Replace(orig, "kind = \"update\"", "kind = \"update\"\ndate = 2020-13-45", 1))
	e := s.expect("errors", "yian-report.md")
	if !strings.Contains(e.data, `"line":6`) {
		t.Errorf("errors event does not name line 6: %s", e.data)
	}
	code, body := s.get(articlePage)
	if code != 200 || !strings.Contains(body, "召开动员会") {
		t.Fatalf("the last good page is not served while broken (status %d)", code)
	}
	text := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(body, "")
	for _, want := range []string{"content/bulletins/2020-10/yian-report.md:6", "date = 2020-13-45"} {
		if !strings.Contains(text, want) {
			t.Errorf("the page served while broken lacks %q", want)
		}
	}
	if !strings.Contains(body, "<dudao-overlay") {
		t.Error("the page served while broken has no overlay")
	}
	if _, home := s.get(""); !strings.Contains(home, "<dudao-overlay") {
		t.Error("another page served while broken has no overlay")
	}
	s.write(article, orig)
	s.expect("ok", "")
	if _, body := s.get(articlePage); strings.Contains(body, "<dudao-overlay") {
		t.Error("the overlay stays after the error is fixed")
	}
}

// Changing only the stylesheet swaps it in open pages without a reload.
func TestStylesheetSwaps(t *testing.T) {
	s := start(t, false)
	css := s.read("static/assets/css/site.css")
	s.write("static/assets/css/site.css", css+"\n.lead { color: #123456; }\n")
	e := s.expect("css", "assets/css/site.")
	t.Logf("css event: %.200s", e.data)
}
