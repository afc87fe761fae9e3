// Package preview is the HTTP side of `dudao serve`: it serves one complete
// build of the site from memory, tells open pages to reload (or just to swap
// a stylesheet) when a new build arrives, and, when a save breaks the site,
// keeps serving the last good build with an error overlay on top.
//
// How it fits:
//
//	watcher (content/, layouts/, data/, static/, site.toml changed)
//	   → incremental build in memory
//	   → ok:     srv.Publish(files, changed, cssRenames)
//	     failed: srv.Fail(problems)
//	http.Server{Addr: "127.0.0.1:1313", Handler: srv.Handler()}
//	   with httpServer.RegisterOnShutdown(srv.Close), so that Ctrl-C →
//	   httpServer.Shutdown returns at once instead of waiting for open
//	   live-reload streams.
//
// The package never touches the disk and never modifies a Files map: the
// live-reload script tag and the overlay are added to a copy of each HTML
// response as it is served, so `dudao build` output never contains them.
//
// The browser side is /__dudao/live.js (embedded, no dependencies), which
// listens to /__dudao/events (Server-Sent Events):
//
//	event: hello   {"version","build"}             sent first on every connect
//	event: reload  {"version","build","changed","total"}
//	event: css     {"version","build","css":{old:new},"changed","total"}
//	event: errors  {"count","problems":[…],"html"}  sent on connect too while failed
//	event: ok      {"version","build","changed","total"}
//
// "version" names one build of one server process; every served page carries
// the version it was built from (data-version on the script tag), so a page
// that missed an event while disconnected, or outlived a server restart,
// sees a different version in the hello event and reloads.
package preview

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Files is one complete build of the site: slash paths without a leading
// slash ("index.html", "bulletins/2020-10/index.html",
// "assets/css/site.3f2a1b.css", "404.html", "districts/yian/schools.csv",
// "schools/yian/义安区钟鸣学校/index.html") → bytes. Treat it as immutable
// once published: the server keeps serving it concurrently.
type Files map[string][]byte

// Problem is one error that stopped a build. Line and Col start at 1; zero
// means unknown. Col counts characters (runes) of Source. Source is the text
// of the offending line, or "".
type Problem struct {
	Path      string
	Line, Col int
	Msg       string
	Source    string
}

// maxChanged caps the list of changed paths sent in an event.
const maxChanged = 50

// state is what a request sees: swapped as a whole, never modified.
type state struct {
	files   Files // nil before the first Publish
	build   int   // 0 before the first Publish
	version string
	failed  bool
	// inject is added before </body> of every HTML response: the overlay
	// markup when failed, then the live.js script tag.
	inject []byte
	// errorsEvent is the errors event to send on connect when failed.
	errorsEvent []byte
}

// Server serves the published build and the live-reload events. Its methods
// are safe for concurrent use.
type Server struct {
	id  string // this process's server instance, part of every version
	cur atomic.Pointer[state]

	mu      sync.Mutex // serializes Publish/Fail/Close and guards clients
	clients map[*client]struct{}
	closed  bool
	done    chan struct{} // closed by Close

	keepAlive time.Duration // comment line interval on event streams
}

// New returns a server with nothing published yet: until the first Publish
// every request gets a "正在生成网站" page (status 503) that reloads itself
// when the build arrives, with the error overlay if Fail came first.
func New() *Server {
	var b [6]byte
	_, _ = rand.Read(b[:])
	s := &Server{
		id:        hex.EncodeToString(b[:]),
		clients:   map[*client]struct{}{},
		done:      make(chan struct{}),
		keepAlive: 15 * time.Second,
	}
	s.cur.Store(s.newState(nil, 0, nil))
	return s
}

func (s *Server) newState(files Files, build int, problems []Problem) *state {
	st := &state{files: files, build: build, version: s.id + "." + strconv.Itoa(build)}
	var inj strings.Builder
	if problems != nil {
		st.failed = true
		inj.WriteString(overlayMarkup(problems))
		st.errorsEvent = event("errors", errorsData(problems))
	}
	inj.WriteString(`<script src="/__dudao/live.js" data-version="` + st.version + `" defer></script>`)
	st.inject = []byte(inj.String())
	return st
}

// Publish swaps in a new good build and clears any errors. A request sees
// either the old build or the new one, never a mix. changed lists the paths
// that differ from the previous build (added, modified or removed).
//
// Open pages are told what to do: if css maps old stylesheet paths to new
// ones ("assets/css/site.aaa.css" → "assets/css/site.bbb.css") and every
// changed path is one of those stylesheets or an HTML page (whose only
// change is then taken to be the stylesheet's new name), they swap their
// <link rel=stylesheet> without reloading ("css"); if nothing changed they
// just drop the error overlay ("ok"); otherwise they reload ("reload").
func (s *Server) Publish(files Files, changed []string, css map[string]string) {
	if files == nil {
		files = Files{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.cur.Load()
	st := s.newState(files, old.build+1, nil)
	s.cur.Store(st)

	list := changed
	if len(list) > maxChanged {
		list = list[:maxChanged]
	}
	if list == nil {
		list = []string{}
	}
	d := map[string]any{"version": st.version, "build": st.build, "changed": list, "total": len(changed)}
	name := "reload"
	switch {
	case old.build == 0:
		// First build: the placeholder page must go.
	case len(changed) == 0:
		name = "ok"
	case cssOnly(changed, css):
		name = "css"
		d["css"] = css
	}
	s.broadcastLocked(event(name, d))
}

// cssOnly reports whether a change of the given paths can be shown by
// swapping stylesheets: every changed stylesheet is in the mapping and
// everything else changed is an HTML page.
func cssOnly(changed []string, css map[string]string) bool {
	if len(css) == 0 {
		return false
	}
	known := map[string]bool{}
	for o, n := range css {
		known[o], known[n] = true, true
	}
	for _, p := range changed {
		switch ext := strings.ToLower(extOf(p)); {
		case ext == ".css":
			if !known[p] {
				return false
			}
		case ext == ".html" || ext == ".htm":
		default:
			return false
		}
	}
	return true
}

// Fail keeps serving the last good build and shows the problems on every
// open page and on every HTML page served until the next Publish.
func (s *Server) Fail(problems []Problem) {
	problems = append([]Problem(nil), problems...)
	if len(problems) == 0 {
		problems = []Problem{{Msg: "生成网站时出错（没有更详细的信息）"}}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.cur.Load()
	st := s.newState(old.files, old.build, problems)
	s.cur.Store(st)
	s.broadcastLocked(st.errorsEvent)
}

// Close ends every event stream at once (so http.Server.Shutdown, which
// waits for active requests, returns promptly) and refuses new ones. Pages
// keep retrying and reload when a server answers again. The files are still
// served. Close is idempotent.
func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	close(s.done)
	clear(s.clients)
}

// event formats one Server-Sent Event whose data is v as JSON on one line.
// encoding/json escapes <, > and & as \u003c…, so the data never carries
// markup in the clear.
func event(name string, v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		data = []byte("{}")
	}
	return []byte("event: " + name + "\ndata: " + string(data) + "\n\n")
}

type problemJSON struct {
	Path   string `json:"path"`
	Line   int    `json:"line"`
	Col    int    `json:"col"`
	Msg    string `json:"msg"`
	Source string `json:"source"`
}

func errorsData(problems []Problem) any {
	ps := make([]problemJSON, len(problems))
	for i, p := range problems {
		ps[i] = problemJSON{p.Path, p.Line, p.Col, p.Msg, p.Source}
	}
	return map[string]any{"count": len(problems), "problems": ps, "html": overlayShadow(problems)}
}
