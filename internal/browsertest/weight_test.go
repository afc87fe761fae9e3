package browsertest

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"strings"
	"sync"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// pageKinds names the page types of pageTypes in benchmark output.
var pageKinds = map[string]string{
	"":                                  "home",
	"bulletins/":                        "archive",
	"bulletins/2020-10/":                "issue",
	"bulletins/2020-10/yian-report/":    "article",
	"bulletins/2020-10/poems-wu-debao/": "poem",
	"articles/":                         "articles",
	"districts/":                        "districts",
	"districts/yian/":                   "district",
	"districts/zongyang/":               "district-charts",
	"overview/":                         "overview",
	"indicators/equipment/":             "indicator",
	"schools/yian/%E4%B9%89%E5%AE%89%E5%8C%BA%E9%92%9F%E9%B8%A3%E5%AD%A6%E6%A0%A1/": "school",
	"keywords/":            "keywords",
	"inspectors/":          "inspectors",
	"inspectors/wu-debao/": "inspector",
	"documents/":           "documents",
	"documents/jinggangshan-inspection-plan/": "document",
	"about/": "page",
	"search/?q=%E5%B7%AE%E5%BC%82%E7%B3%BB%E6%95%B0": "search",
	"404.html": "404",
}

// pageKind is the name of page type p: from pageKinds, else made from its
// path, so that a page type added to pageTypes still gets measured.
func pageKind(p string) string {
	if k, ok := pageKinds[p]; ok {
		return k
	}
	return strings.NewReplacer("/", "-", "?", "-", "=", "-", "%", "").Replace(strings.Trim(p, "/"))
}

// loggedRequest is one request of a page as the browser's network log has it.
type loggedRequest struct {
	url, mime string
	status    int64
	transfer  int64 // encodedDataLength: headers and body as received
	done      bool
	failed    string
	cached    bool
}

// netLog keeps the network events of a tab from one reset to the next.
type netLog struct {
	mu   sync.Mutex
	reqs map[network.RequestID]*loggedRequest
	ids  []network.RequestID // in the order the requests were sent
	last time.Time           // the last event
}

func (l *netLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reqs, l.ids, l.last = map[network.RequestID]*loggedRequest{}, nil, time.Now()
}

// event is called by chromedp.Listen, on the tab's reading goroutine.
func (l *netLog) event(ev any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	get := func(id network.RequestID) *loggedRequest {
		r, ok := l.reqs[id]
		if !ok {
			r = &loggedRequest{}
			l.reqs[id] = r
			l.ids = append(l.ids, id)
		}
		return r
	}
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		get(e.RequestID).url = e.Request.URL
	case *network.EventResponseReceived:
		r := get(e.RequestID)
		r.url, r.status, r.mime = e.Response.URL, e.Response.Status, e.Response.MimeType
	case *network.EventRequestServedFromCache:
		get(e.RequestID).cached = true
	case *network.EventLoadingFinished:
		r := get(e.RequestID)
		r.done, r.transfer = true, int64(e.EncodedDataLength)
	case *network.EventLoadingFailed:
		r := get(e.RequestID)
		r.done, r.failed = true, e.ErrorText
	default:
		return
	}
	l.last = time.Now()
}

// settle waits until no request has been in flight, and no network event
// has come, for quiet, or until max has passed; it returns the requests.
func (l *netLog) settle(quiet, max time.Duration) []loggedRequest {
	deadline := time.Now().Add(max)
	for {
		l.mu.Lock()
		busy := time.Since(l.last) < quiet
		for _, r := range l.reqs {
			busy = busy || !r.done
		}
		if !busy || time.Now().After(deadline) {
			out := make([]loggedRequest, 0, len(l.ids))
			for _, id := range l.ids {
				out = append(out, *l.reqs[id])
			}
			l.mu.Unlock()
			return out
		}
		l.mu.Unlock()
		time.Sleep(25 * time.Millisecond)
	}
}

// pageWeight is what one page type transfers on a first visit.
type pageWeight struct {
	kind, page string
	requests   int
	transfer   int64 // bytes received, headers included (the browser's count)
	body       int64 // bytes of the response bodies
	gzip       int64 // the same bodies gzipped (text types; images as they are)
	index      int64 // of body: the search index (search/data/)
	echarts    bool
	notes      []string // requests to other hosts, failures, cache hits, 4xx/5xx
}

// bodySize fetches address again from the test server and returns the size
// of its body, and of the body gzipped at the default level, as a server
// that compresses text would send it (other types count as they are).
// (Chromium 156 leaves loadingFinished's encodedBodyLength at 0, so the
// bodies are measured here.)
func bodySize(client *http.Client, address string) (raw, gz int64, err error) {
	resp, err := client.Get(address)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, 0, err
	}
	raw = int64(len(body))
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if !strings.HasPrefix(mt, "text/") && !strings.HasSuffix(mt, "javascript") && !strings.HasSuffix(mt, "json") &&
		!strings.HasSuffix(mt, "xml") && mt != "image/svg+xml" {
		return raw, raw, nil
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	zw.Write(body)
	zw.Close()
	return raw, int64(buf.Len()), nil
}

// measureWeight loads base+p once, with the cache disabled, and adds up its
// requests from the network log.
func measureWeight(ctx context.Context, log *netLog, client *http.Client, base, p string) (pageWeight, error) {
	w := pageWeight{kind: pageKind(p), page: "/" + p}
	log.reset()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+p)); err != nil {
		return w, err
	}
	site, err := url.Parse(base)
	if err != nil {
		return w, err
	}
	for _, r := range log.settle(500*time.Millisecond, 15*time.Second) {
		u, err := url.Parse(r.url)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			continue // data: and blob: URLs cost no transfer
		}
		w.requests++
		w.transfer += r.transfer
		if strings.Contains(path.Base(u.Path), "echarts") {
			w.echarts = true
		}
		if testing.Verbose() {
			fmt.Printf("    %s: %d %s %s %d B\n", w.kind, r.status, r.mime, r.url, r.transfer)
		}
		switch {
		case u.Host != site.Host:
			w.notes = append(w.notes, "other host: "+r.url)
		case r.failed != "":
			w.notes = append(w.notes, "failed: "+r.url+" "+r.failed)
		case !r.done:
			w.notes = append(w.notes, "unfinished: "+r.url)
		case r.cached:
			w.notes = append(w.notes, "from cache: "+r.url)
		case r.status >= 400 && p != "404.html":
			w.notes = append(w.notes, fmt.Sprintf("%d: %s", r.status, r.url))
		}
		if u.Host == site.Host && r.failed == "" {
			raw, gz, err := bodySize(client, r.url)
			if err != nil {
				return w, err
			}
			w.body += raw
			w.gzip += gz
			if strings.Contains(u.Path, "/search/data/") {
				w.index += raw
			}
		}
	}
	return w, nil
}

// BenchmarkPageWeight loads one page of each page type of the example site
// (pageTypes) in headless Chromium at 1280px, with the cache disabled, as a
// first visit, and reports from the browser's own network log the requests
// it made, the bytes it received (transfer-B, headers included), the bytes
// of the response bodies (body-B), what those bodies would weigh gzipped
// (gzip-B: the test server does not compress, so they are gzipped here in
// Go; images count as they are) and whether it loaded ECharts (echarts 1 or
// 0); ns/op is the time to load the page and for its network to go quiet.
// It prints the figures as a table too. It asserts nothing: the budgets are
// in TestEveryPageTypeReads.
//
//	go test -run '^$' -bench PageWeight -benchtime 1x ./internal/browsertest
func BenchmarkPageWeight(b *testing.B) {
	defer func() {
		// A skipped benchmark is silent without -v: say so in make bench.
		if b.Skipped() {
			fmt.Println("BenchmarkPageWeight skipped: no Chromium (set DUDAO_CHROMIUM to its path)")
		}
	}()
	chromium(b)
	dest := buildSite(b, "../..")
	// Served where the example site's base_url says, as the 404 page expects.
	base := serve(b, dest, "/dudao/")
	ctx := browser(b, 1280, 900)
	log := &netLog{}
	log.reset()
	if err := chromedp.Listen(ctx, log.event); err != nil {
		b.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		b.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		b.Fatal(err)
	}
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}, Timeout: 10 * time.Second}

	var weights []pageWeight
	for _, p := range pageTypes {
		var w pageWeight
		ok := b.Run(pageKind(p), func(b *testing.B) {
			for b.Loop() {
				var err error
				if w, err = measureWeight(ctx, log, client, base, p); err != nil {
					b.Fatalf("/%s: %v", p, err)
				}
			}
			b.ReportMetric(float64(w.requests), "requests")
			b.ReportMetric(float64(w.transfer), "transfer-B")
			b.ReportMetric(float64(w.body), "body-B")
			b.ReportMetric(float64(w.gzip), "gzip-B")
			echarts := 0.0
			if w.echarts {
				echarts = 1
			}
			b.ReportMetric(echarts, "echarts")
		})
		if ok && w.kind != "" {
			weights = append(weights, w)
		}
	}
	if len(weights) == 0 {
		return
	}

	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(os.Stdout, "\nPage weight, first visit at 1280px, cache disabled (KB = 1024 bytes; gzip: bodies gzipped at level 6, without headers):")
	fmt.Fprintln(tw, "page type\trequests\ttransferred KB\tbodies KB\tgzip KB\tsearch index KB\tECharts\t")
	for _, w := range weights {
		echarts := "no"
		if w.echarts {
			echarts = "yes"
		}
		index := "-"
		if w.index > 0 {
			index = fmt.Sprintf("%.1f", float64(w.index)/1024)
		}
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%.1f\t%.1f\t%s\t%s\t\n", w.kind, w.requests,
			float64(w.transfer)/1024, float64(w.body)/1024, float64(w.gzip)/1024, index, echarts)
	}
	tw.Flush()
	for _, w := range weights {
		for _, n := range w.notes {
			fmt.Printf("%s (%s): %s\n", w.kind, w.page, n)
		}
	}
}
