package content

import (
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"sync"

	"github.com/dudao/dudao/internal/diag"
	"github.com/dudao/dudao/internal/markdown"
)

// Cache keeps what Load read and converted so that the next Load of the same
// site (dudao serve, after a save) reads and converts only the files that
// changed. A file's entry is trusted until Forget names it: the caller
// watches the folder. A Cache belongs to one site, one site.toml and one
// drafts setting; make a new one when any of them changes.
//
// Reusing an entry is exact: the entry holds the file as it was decoded,
// before assembling changed it, and a converted body is reused only when the
// file, its URL and every link it resolved resolve the same now.
type Cache struct {
	mu      sync.Mutex
	dir     string                 // the site's folder, once loaded
	files   map[string]*cachedFile // by site path
	conv    map[string]*cachedBody // by site path
	listing []walked               // what walking content/ found; nil: walk again
}

// walked is a file walking content/ found, or a problem it met.
type walked struct {
	rel     string
	problem *diag.Problem
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{files: map[string]*cachedFile{}, conv: map[string]*cachedBody{}}
}

// Forget drops what the cache holds for the site paths: files that changed,
// appeared or went away. A folder's path drops everything under it.
func (c *Cache) Forget(paths ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range paths {
		// The listing holds while only files it has change.
		if _, known := c.files[p]; !known || c.dir == "" || !isFile(filepath.Join(c.dir, filepath.FromSlash(p))) {
			c.listing = nil
		}
		delete(c.files, p)
		delete(c.conv, p)
		prefix := p + "/"
		for k := range c.files {
			if len(k) > len(prefix) && k[:len(prefix)] == prefix {
				delete(c.files, k)
				delete(c.conv, k)
			}
		}
	}
}

func isFile(p string) bool {
	info, err := os.Lstat(p)
	return err == nil && info.Mode().IsRegular()
}

// cachedFile is a file as readMarkdown left it.
type cachedFile struct {
	value    any // *Issue, *Article, *Inspector, *Document or *Page
	problems []diag.Problem
}

// cachedBody is a converted body and what it depended on.
type cachedBody struct {
	source   uint64 // digest of the file's bytes
	url      string
	verse    bool
	links    []resolved
	body     template.HTML
	charts   bool
	excerpt  string
	sum      uint64 // File.Sum
	headings []markdown.Heading
	warnings []diag.Problem
}

// resolved is a link of the body and what it resolved to.
type resolved struct{ dest, url string }

// walked returns the listing of content/ in dir, or nil if there is none.
func (c *Cache) walked(dir string) []walked {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dir != dir {
		return nil
	}
	return c.listing
}

func (c *Cache) keepListing(dir string, listing []walked) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.dir, c.listing = dir, listing
	c.mu.Unlock()
}

func (c *Cache) file(rel string) *cachedFile {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.files[rel]
}

func (c *Cache) putFile(rel string, f *cachedFile) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.files[rel] = f
	c.mu.Unlock()
}

func (c *Cache) body(rel string) *cachedBody {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.conv[rel]
}

func (c *Cache) putBody(rel string, b *cachedBody) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.conv[rel] = b
	c.mu.Unlock()
}

// assign copies the decoded file src into dst, both of the same kind. The
// copy is shallow: assembling sets fields of dst and never writes into what
// the two share.
func assign(dst, src any) {
	switch d := dst.(type) {
	case *Issue:
		*d = *src.(*Issue)
	case *Article:
		*d = *src.(*Article)
	case *Inspector:
		*d = *src.(*Inspector)
	case *Document:
		*d = *src.(*Document)
	case *Page:
		*d = *src.(*Page)
	default:
		panic(fmt.Sprintf("content: cannot copy a %T", dst))
	}
}

// clone returns a new copy of the decoded file v.
func clone(v any) any {
	var c any
	switch v.(type) {
	case *Issue:
		c = new(Issue)
	case *Article:
		c = new(Article)
	case *Inspector:
		c = new(Inspector)
	case *Document:
		c = new(Document)
	case *Page:
		c = new(Page)
	}
	assign(c, v)
	return c
}
