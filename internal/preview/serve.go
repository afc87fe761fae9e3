package preview

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

//go:embed live.js
var liveJS []byte

// Handler serves the current build, /__dudao/live.js and /__dudao/events.
// It is meant to be the http.Server's handler as is; the paths under
// /__dudao/ hide any site file of the same name.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(s.serveHTTP)
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")

	escaped := r.URL.EscapedPath()
	switch escaped {
	case "/__dudao/events":
		s.serveEvents(w, r)
		return
	case "/__dudao/live.js":
		if !getOrHead(w, r) {
			return
		}
		h.Set("Content-Type", "text/javascript; charset=utf-8")
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(liveJS))
		return
	}
	if !getOrHead(w, r) {
		return
	}

	key, dir, ok := sitePath(escaped)
	if !ok {
		http.Error(w, "400 bad request: not a path of this site", http.StatusBadRequest)
		return
	}
	st := s.cur.Load() // one build for the whole request
	if st.files == nil {
		h.Set("Retry-After", "1")
		s.writeHTML(w, r, st, http.StatusServiceUnavailable, []byte(placeholderPage))
		return
	}
	if strings.HasPrefix(key, "__dudao/") {
		s.notFound(w, r, st)
		return
	}
	if dir {
		key += "index.html"
	}
	data, found := st.files[key]
	if !found {
		if !dir && key != "" {
			if _, isDir := st.files[key+"/index.html"]; isDir {
				// escaped passed sitePath: it starts with one slash and has
				// no empty segment or backslash, so the target cannot be
				// another host ("//evil" or "/\evil").
				loc := escaped + "/"
				if r.URL.RawQuery != "" {
					loc += "?" + r.URL.RawQuery
				}
				h.Set("Location", loc)
				w.WriteHeader(http.StatusMovedPermanently)
				return
			}
		}
		s.notFound(w, r, st)
		return
	}

	ctype := contentType(key, data)
	h.Set("Content-Type", ctype)
	if isHTML(ctype) {
		data = inject(data, st.inject)
	}
	sum := sha256.Sum256(data)
	h.Set("ETag", `"`+hex.EncodeToString(sum[:12])+`"`)
	// ServeContent does HEAD, Range and If-None-Match.
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
}

func getOrHead(w http.ResponseWriter, r *http.Request) bool {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return true
	}
	w.Header().Set("Allow", "GET, HEAD")
	http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
	return false
}

// notFound serves the site's 404.html with status 404, or a small page of
// our own: HTML either way, so that live.js is on it and the page reloads by
// itself once the missing page is written.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, st *state) {
	page, ok := st.files["404.html"]
	if !ok {
		page = []byte(notFoundPage)
	}
	s.writeHTML(w, r, st, http.StatusNotFound, page)
}

func (s *Server) writeHTML(w http.ResponseWriter, r *http.Request, st *state, code int, page []byte) {
	body := inject(page, st.inject)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(code)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

const placeholderPage = `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>正在生成网站…</title></head>
<body><p>正在生成网站，生成好以后本页会自动刷新。</p></body></html>
`

const notFoundPage = `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>404 页面不存在</title></head>
<body><p>404：页面不存在。这个页面生成以后本页会自动刷新。</p></body></html>
`

// sitePath turns the escaped path of a request into a key of Files. dir is
// true when the path ends in a slash (key is then "" or ends in "/"). ok is
// false for anything that is not a plain path inside the site: a ".." or "."
// segment, an empty segment ("//etc/passwd"), an encoded slash, a backslash,
// NUL or other control character, a Windows drive ("/C:/x"), bad
// percent-encoding.
//
// The site is a map in memory, so nothing outside it can be served whatever
// the path is, and there is no file system under it whose symlinks could
// lead out. These checks make the refusal explicit (400, not a puzzling 404)
// and keep a cleaned-away ".." from ever turning into a different key.
func sitePath(escaped string) (key string, dir, ok bool) {
	if escaped == "" {
		escaped = "/"
	}
	if escaped[0] != '/' {
		return "", false, false
	}
	rest := escaped[1:]
	if rest == "" {
		return "", true, true
	}
	segs := strings.Split(rest, "/")
	if segs[len(segs)-1] == "" {
		dir = true
		segs = segs[:len(segs)-1]
	}
	var b strings.Builder
	for i, seg := range segs {
		dec, err := url.PathUnescape(seg)
		if err != nil || dec == "" || dec == "." || dec == ".." {
			return "", false, false
		}
		for j := 0; j < len(dec); j++ {
			if c := dec[j]; c < 0x20 || c == 0x7f || c == '/' || c == '\\' {
				return "", false, false
			}
		}
		if i == 0 && len(dec) >= 2 && dec[1] == ':' && isLetter(dec[0]) {
			return "", false, false
		}
		b.WriteString(dec)
		if i < len(segs)-1 || dir {
			b.WriteByte('/')
		}
	}
	return b.String(), dir, true
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func extOf(p string) string {
	i := strings.LastIndexAny(p, "./")
	if i < 0 || p[i] != '.' {
		return ""
	}
	return p[i:]
}

// contentTypes are the types dudao sites serve, fixed here rather than left
// to mime.TypeByExtension, whose answers depend on the machine's
// /etc/mime.types (and on Windows, its registry).
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".htm":         "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json",
	".map":         "application/json",
	".webmanifest": "application/manifest+json",
	".csv":         "text/csv; charset=utf-8",
	".xml":         "application/xml",
	".svg":         "image/svg+xml",
	".txt":         "text/plain; charset=utf-8",
	".md":          "text/markdown; charset=utf-8",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".ico":         "image/x-icon",
	".pdf":         "application/pdf",
	".woff2":       "font/woff2",
	".woff":        "font/woff",
	".ttf":         "font/ttf",
	".otf":         "font/otf",
	".zip":         "application/zip",
	".mp4":         "video/mp4",
	".doc":         "application/msword",
	".docx":        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xls":         "application/vnd.ms-excel",
	".xlsx":        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".ppt":         "application/vnd.ms-powerpoint",
	".pptx":        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	".wps":         "application/vnd.ms-works",
}

// contentType is the Content-Type for the file at key.
//
// XML that is an Atom feed (feed.xml, districts/*/feed.xml: a <feed> root in
// the Atom namespace) is application/atom+xml, the type RFC 4287 registers
// and the one the site's own <link rel="alternate"> announces, so a feed
// reader pointed at the preview sees what it should; browsers show +xml
// types as XML like application/xml. Other XML (sitemap.xml) is
// application/xml.
func contentType(key string, data []byte) string {
	ext := strings.ToLower(extOf(key))
	if ext == ".xml" && isAtom(data) {
		return "application/atom+xml"
	}
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if ext != "" {
		if t := mime.TypeByExtension(ext); t != "" {
			return t
		}
	}
	return "application/octet-stream"
}

func isAtom(data []byte) bool {
	head := data[:min(len(data), 1024)]
	i := bytes.Index(head, []byte("<feed"))
	return i >= 0 && bytes.Contains(head[i:], []byte("http://www.w3.org/2005/Atom"))
}

func isHTML(ctype string) bool { return strings.HasPrefix(ctype, "text/html") }

// inject returns a copy of page with extra before its last </body> (or
// </html>, or at the end). page itself, a value of Files, is not modified.
func inject(page, extra []byte) []byte {
	i := lastIndexFold(page, "</body")
	if i < 0 {
		i = lastIndexFold(page, "</html")
	}
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(extra))
	out = append(out, page[:i]...)
	out = append(out, extra...)
	return append(out, page[i:]...)
}

// lastIndexFold is bytes.LastIndex ignoring ASCII case; pat is lower case.
func lastIndexFold(b []byte, pat string) int {
	for i := len(b) - len(pat); i >= 0; i-- {
		if b[i] != pat[0] {
			continue
		}
		match := true
		for j := 1; j < len(pat); j++ {
			c := b[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != pat[j] {
				match = false
				break
			}
		}
		if match {
			return i
		}
	}
	return -1
}
