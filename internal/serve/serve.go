// Package serve is dudao serve: it builds the site in memory, serves it on a
// local address and rebuilds it whenever a file of the site is saved.
//
//	watch (files saved) → build.Session.Rebuild (only what changed)
//	  → preview.Server.Publish (open pages reload, or swap the stylesheet)
//	  or preview.Server.Fail  (the last good site stays, with the errors on top)
//
// The terminal gets the same news as the browser: what was rebuilt and how
// long it took, or every error with its file, line and column.
package serve

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/dudao/dudao/internal/build"
	"github.com/dudao/dudao/internal/diag"
	"github.com/dudao/dudao/internal/preview"
	"github.com/dudao/dudao/internal/watch"
)

// Options say what to serve and where.
type Options struct {
	Build build.Options // SiteDir, Drafts, Theme; BaseURL is set here
	Bind  string        // the address to listen on; default 127.0.0.1
	Port  int           // default 1313; 0 picks a free one
	Poll  bool          // poll for changes instead of using file system events
	Log   io.Writer     // the terminal
	// Ready, if set, is called with the site's address once the first build
	// is served.
	Ready func(url string)
	// Rebuilt, if set, is called after every rebuild (tests wait on it).
	Rebuilt func(up *build.Update, err error)
}

// searchPause is how long saving must pause before the search index is
// brought up to date.
const searchPause = 500 * time.Millisecond

// quiet is how long the watcher waits for more events before a rebuild: an
// editor's save is often several events.
const quiet = 100 * time.Millisecond

// watched are the parts of a site a change to which changes the site.
var (
	watchedDirs  = []string{"content", "layouts", "data", "static"}
	watchedFiles = []string{"site.toml"}
)

// Run serves the site until ctx ends, then shuts down: open pages'
// live-reload streams are closed and the watcher stops.
func Run(ctx context.Context, opt Options) error {
	if opt.Bind == "" {
		opt.Bind = "127.0.0.1"
	}
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	ln, err := listen(opt.Bind, opt.Port)
	if err != nil {
		return err
	}
	url := "http://" + net.JoinHostPort(displayHost(opt.Bind), strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)) + "/"
	// The site is built for the address it is served at, so that its
	// absolute links (feeds, sitemap, the 404 page) lead back here.
	opt.Build.BaseURL = url

	// Watch before the first build, so nothing saved during it is missed.
	w, err := watch.New(watch.Options{Root: opt.Build.SiteDir, Dirs: watchedDirs, Files: watchedFiles, Poll: opt.Poll, Quiet: quiet})
	if err != nil {
		ln.Close()
		return err
	}
	defer w.Close()

	srv := preview.New()
	httpSrv := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	httpSrv.RegisterOnShutdown(srv.Close)
	served := make(chan error, 1)
	go func() { served <- httpSrv.Serve(ln) }()

	s := &server{opt: opt, sess: build.NewSession(opt.Build), srv: srv}
	s.rebuild(nil) // the first build renders everything: nothing is pending
	fmt.Fprintf(opt.Log, "预览地址：%s（按 Ctrl+C 停止）\n", url)
	if opt.Build.Drafts {
		fmt.Fprintln(opt.Log, "预览包括草稿（draft = true），页面上标有“草稿”；正式生成（dudao build）时不包括。")
	}
	if opt.Ready != nil {
		opt.Ready(url)
	}

	// The search index, slow on a large site, is brought up to date once
	// saving pauses, not after every save.
	pending := time.NewTimer(time.Hour)
	pending.Stop()
	for {
		select {
		case <-pending.C:
			s.finish()
		case <-ctx.Done():
			shut, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			err := httpSrv.Shutdown(shut)
			<-served
			return err
		case err := <-served:
			return err
		case batch, ok := <-w.Batches():
			if !ok {
				return errors.New("停止监视文件")
			}
			if s.rebuild(batch) {
				pending.Reset(searchPause)
			}
		case err, ok := <-w.Errors():
			if ok {
				fmt.Fprintf(opt.Log, "监视文件出错：%v\n", err)
			}
		}
	}
}

// listen listens on bind:port; if the port is taken, on the next free one.
func listen(bind string, port int) (net.Listener, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(port)))
	if err == nil || port == 0 {
		return ln, err
	}
	for p := port + 1; p < port+20; p++ {
		if ln, err2 := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(p))); err2 == nil {
			return ln, nil
		}
	}
	return nil, fmt.Errorf("不能在 %s 端口 %d 上启动预览：%v（换个端口：--port）", bind, port, err)
}

// displayHost is the host to print: a browser cannot open 0.0.0.0.
func displayHost(bind string) string {
	if bind == "0.0.0.0" || bind == "::" {
		return "127.0.0.1"
	}
	return bind
}

type server struct {
	opt  Options
	sess *build.Session
	srv  *preview.Server
}

// rebuild brings the site up to date after the batch of changes and
// publishes it; it reports whether the search index lags behind.
func (s *server) rebuild(batch []string) (pending bool) {
	start := time.Now()
	up, err := s.sess.Rebuild(batch)
	s.publish(batch, up, err, start)
	return err == nil && up.Pending
}

// finish brings the search index up to date, if it lags.
func (s *server) finish() {
	start := time.Now()
	up, err := s.sess.Finish()
	if err != nil || len(up.Changed)+len(up.Removed) > 0 {
		s.publish(nil, up, err, start)
	}
}

func (s *server) publish(batch []string, up *build.Update, err error, start time.Time) {
	took := time.Since(start)
	log := s.opt.Log
	if err != nil {
		problems := s.problems(err)
		s.srv.Fail(problems)
		fmt.Fprintf(log, "%s 网站没有更新，有 %d 处错误（浏览器里显示的是上一次成功生成的网站）：\n", clock(), len(problems))
		fmt.Fprintln(log, errorText(err))
	} else {
		for _, w := range up.Warnings {
			if batch == nil || w.Path != "site.toml" {
				fmt.Fprintln(log, w.String())
			}
		}
		s.srv.Publish(preview.Files(up.Files), append(up.Changed, up.Removed...), cssSwaps(batch, up))
		switch {
		case batch == nil && up.Rendered == up.Parts:
			fmt.Fprintf(log, "%s 已生成 %d 个文件（%s）\n", clock(), len(up.Files), ms(took))
		case len(up.Changed)+len(up.Removed) == 0:
			fmt.Fprintf(log, "%s 没有变化（%s）\n", clock(), ms(took))
		default:
			fmt.Fprintf(log, "%s 已更新 %d 个文件，删除 %d 个（%s）%s\n", clock(), len(up.Changed), len(up.Removed), ms(took), names(batch))
		}
	}
	if s.opt.Rebuilt != nil {
		s.opt.Rebuilt(up, err)
	}
}

// cssSwaps says which stylesheets replace which when a batch changed
// nothing but stylesheets: open pages then swap them without reloading.
func cssSwaps(batch []string, up *build.Update) map[string]string {
	if len(batch) == 0 {
		return nil
	}
	for _, p := range batch {
		if !strings.HasPrefix(p, "static/") || path.Ext(p) != ".css" {
			return nil
		}
	}
	added := map[string]string{} // plain name → new file
	for _, p := range up.Changed {
		if path.Ext(p) == ".css" {
			added[plainAsset(p)] = p
		}
	}
	swaps := map[string]string{}
	for _, p := range up.Removed {
		if n, ok := added[plainAsset(p)]; ok && path.Ext(p) == ".css" {
			swaps[p] = n
		}
	}
	return swaps
}

// plainAsset drops the fingerprint from an asset's name: site.1a2b3c4d.css
// → site.css.
func plainAsset(p string) string {
	ext := path.Ext(p)
	stem := strings.TrimSuffix(p, ext)
	if i := strings.LastIndexByte(stem, '.'); i >= 0 {
		stem = stem[:i]
	}
	return stem + ext
}

// problems turns a failed build's error into what the overlay shows, with
// the line each problem is on.
func (s *server) problems(err error) []preview.Problem {
	var list diag.Errors
	if !errors.As(err, &list) {
		return []preview.Problem{{Msg: err.Error()}}
	}
	out := make([]preview.Problem, 0, len(list))
	for _, p := range list {
		out = append(out, preview.Problem{Path: p.Path, Line: p.Line, Col: p.Col, Msg: p.Msg, Source: s.line(p.Path, p.Line)})
	}
	return out
}

// line returns line n of the site file at path, or "".
func (s *server) line(p string, n int) string {
	if n <= 0 {
		return ""
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(s.opt.Build.SiteDir, filepath.FromSlash(p))
	}
	f, err := os.Open(p)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for i := 1; sc.Scan(); i++ {
		if i == n {
			return strings.TrimRight(sc.Text(), "\r")
		}
	}
	return ""
}

func errorText(err error) string {
	var list diag.Errors
	if errors.As(err, &list) {
		return list.Error()
	}
	return err.Error()
}

func clock() string { return time.Now().Format("15:04:05") }

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64) + " 毫秒"
}

// names lists the first changed files for the terminal.
func names(batch []string) string {
	if len(batch) == 0 {
		return ""
	}
	if len(batch) > 3 {
		return "：" + strings.Join(batch[:3], "、") + " 等"
	}
	return "：" + strings.Join(batch, "、")
}
