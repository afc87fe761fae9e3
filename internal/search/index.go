// Package search builds dudao's full-text search index: static files that
// the search page (static/assets/js/search.js) loads as scripts, so search
// works on any web server, under any sub-path and from a folder opened
// straight from disk (file://, where fetch is not allowed), with no server
// code at all.
//
// # Tokens
//
// Text is normalized (Normalize: NFC, full-width ASCII folded, lower case)
// and cut into tokens (Tokens): every Han character, every two and three
// adjacent Han characters, every run of other letters and digits, and a word
// joined to the Han character next to it. A query is cut the same way; a
// query of one Han character looks up that character, of two the pair, of
// three or more every overlapping triple: a document that holds the triples
// holds the phrase, not just its characters scattered about. Documents that
// hold every pair of the query but not the triples match too, ranked below
// (scattered). The three-character tokens are the phrase check: they take
// the place of word positions, which for common pairs would be many times
// the size of the document list.
//
// # Files
//
// Everything is under search/data/ (DataDir), each file a script that calls
// dudaoSearchData(kind, number, data):
//
//   - meta.js: the number of documents, shards and blocks, the filters'
//     values (districts, kinds, years) and each document's district and
//     kind, so that a query can filter and count without more files;
//   - s/N.js, N = Hash(token) % shards: the postings of the tokens of that
//     shard, an object from token to a string of numbers (see vlq.go). For
//     each document holding the token, newest first: (gap-1)<<3 | fields,
//     where gap is the distance in document numbers from the previous
//     posting (the first counts from -1) and fields says where the token is
//     besides the body: InTitle, InKeywords, InMeta;
//   - d/N.js: the documents of block N, in order: [url, title, date, sub,
//     text], text being the whole plain text, for snippets.
//
// Documents are numbered in the order they are added: newest first, so
// that a posting list is in the order results are shown when their scores
// tie.
package search

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// DataDir is where the index files go, relative to the site's root.
const DataDir = "search/data/"

// Where a token is found besides the body: the fields of a posting.
const (
	InMeta     = 1 // district, kind, people, places, sources …
	InKeywords = 2 // keywords, a document's subjects
	InTitle    = 4
)

// Doc is one page as the index sees it.
type Doc struct {
	URL      string // the page's site URL: bulletins/2020-10/yian-report/
	Title    string
	Date     string // 2020-12-31, or "" for an undated page
	Year     int    // 0 if undated
	Kind     string // the kind filter's value: 会议, 简报, 文件, 督学 …
	District string // the district filter's value, or ""
	Sub      string // a line shown below the title in results, or ""
	Keywords []string
	Meta     []string // more fields searched: district, kind, people, places …
	Text     string   // the whole plain text of the body
}

// Options tune the size of the files.
type Options struct {
	// ShardBytes is the average size a shard should have; the number of
	// shards is the power of two that comes closest. Default 16 KiB.
	ShardBytes int
	// BlockBytes is the size after which a block of documents is closed.
	// Default 12 KiB.
	BlockBytes int
}

// Stats tell what Finish wrote.
type Stats struct {
	Docs, Tokens, Shards, Blocks int
	Bytes                        int64  // all files together
	Version                      string // changes whenever any file does
}

// Builder makes the index of documents added one after the other. Add and
// Finish are not safe for concurrent use.
type Builder struct {
	opt Options
	put func(name string, data []byte) error

	table hanTable         // Han tokens by packed code points
	words map[string]int32 // other tokens
	toks  []tokenState

	doc    int32 // number of the document being added
	fields uint8 // fields of the text being added

	block     []byte // the open block's file, without its end
	blockDocs int
	blocks    []uint32 // documents in each closed block

	kinds, districts, years indexOf
	attrs                   []byte // district, kind per document
	yearRuns                []uint32

	sum   hash.Hash
	bytes int64
	err   error
}

type tokenState struct {
	key    uint64 // packed Han code points, or 0 for a word
	word   string
	last   int32 // the document of the open posting, -1 if none
	prev   int32 // the document of the posting before
	fields uint8 // of the open posting
	buf    []byte
}

// indexOf numbers distinct strings in the order they come.
type indexOf struct {
	names []string
	m     map[string]int
}

func (x *indexOf) of(s string) int {
	if x.m == nil {
		x.m = map[string]int{}
	}
	i, ok := x.m[s]
	if !ok {
		i = len(x.names)
		x.names = append(x.names, s)
		x.m[s] = i
	}
	return i
}

// NewBuilder returns a builder that hands every file to put, with a name
// relative to DataDir.
func NewBuilder(opt Options, put func(name string, data []byte) error) *Builder {
	if opt.ShardBytes <= 0 {
		opt.ShardBytes = 16 << 10
	}
	if opt.BlockBytes <= 0 {
		opt.BlockBytes = 12 << 10
	}
	b := &Builder{opt: opt, put: put, words: map[string]int32{}, sum: sha256.New()}
	b.table.init(1 << 12)
	return b
}

// Add indexes the next document. Documents should come newest first.
func (b *Builder) Add(d *Doc) error {
	if b.err != nil {
		return b.err
	}
	b.index(d.Title, InTitle)
	for _, k := range d.Keywords {
		b.index(k, InKeywords)
	}
	for _, m := range d.Meta {
		b.index(m, InMeta)
	}
	b.index(d.Text, 0)

	district := 0
	if d.District != "" {
		district = b.districts.of(d.District) + 1
	}
	b.attrs = appendVLQ(b.attrs, uint32(district))
	b.attrs = appendVLQ(b.attrs, uint32(b.kinds.of(d.Kind)))
	y := uint32(b.years.of(strconv.Itoa(d.Year)))
	if n := len(b.yearRuns); n > 0 && b.yearRuns[n-2] == y {
		b.yearRuns[n-1]++
	} else {
		b.yearRuns = append(b.yearRuns, y, 1)
	}

	if b.blockDocs == 0 {
		b.block = fmt.Appendf(b.block[:0], "dudaoSearchData(\"d\",%d,[", len(b.blocks))
	} else {
		b.block = append(b.block, ',')
	}
	b.block = appendJSON(b.block, []string{d.URL, d.Title, d.Date, d.Sub, d.Text})
	b.blockDocs++
	if len(b.block) >= b.opt.BlockBytes {
		b.closeBlock()
	}
	b.doc++
	return b.err
}

func appendJSON(dst []byte, v any) []byte {
	j, err := json.Marshal(v)
	if err != nil {
		panic(err) // strings always marshal
	}
	return append(dst, j...)
}

func (b *Builder) closeBlock() {
	if b.blockDocs == 0 {
		return
	}
	b.block = append(b.block, "])\n"...)
	b.write("d/"+strconv.Itoa(len(b.blocks))+".js", b.block)
	b.blocks = append(b.blocks, uint32(b.blockDocs))
	b.blockDocs = 0
}

func (b *Builder) write(name string, data []byte) {
	if b.err != nil {
		return
	}
	b.sum.Write([]byte(name))
	b.sum.Write(data)
	b.bytes += int64(len(data))
	b.err = b.put(name, data)
}

// index adds the tokens of one field of the current document.
func (b *Builder) index(text string, fields uint8) {
	if text == "" {
		return
	}
	b.fields = fields
	scan(Normalize(text), b.addToken)
}

func (b *Builder) addToken(tok string, key uint64, k Kind) {
	var id int32
	if key != 0 {
		slot := b.table.find(key)
		if b.table.keys[slot] == 0 {
			b.table.keys[slot] = key
			b.table.vals[slot] = int32(len(b.toks))
			b.toks = append(b.toks, tokenState{key: key, last: -1, prev: -1})
			b.table.added()
		}
		id = b.table.vals[slot]
	} else {
		var ok bool
		id, ok = b.words[tok]
		if !ok {
			id = int32(len(b.toks))
			w := strings.Clone(tok)
			b.words[w] = id
			b.toks = append(b.toks, tokenState{word: w, last: -1, prev: -1})
		}
	}
	t := &b.toks[id]
	if t.last == b.doc {
		t.fields |= b.fields
		return
	}
	t.flush()
	t.last, t.fields = b.doc, b.fields
}

// flush writes the open posting.
func (t *tokenState) flush() {
	if t.last < 0 {
		return
	}
	t.buf = appendVLQ(t.buf, uint32(t.last-t.prev-1)<<3|uint32(t.fields))
	t.prev = t.last
	t.last = -1
}

// text is the token itself.
func (t *tokenState) text() string {
	if t.key == 0 {
		return t.word
	}
	var r [3]rune
	n := 0
	for k := t.key; k != 0; k >>= 21 {
		r[n] = rune(k & (1<<21 - 1))
		n++
	}
	var b []byte
	for i := n - 1; i >= 0; i-- {
		b = utf8.AppendRune(b, r[i])
	}
	return string(b)
}

// Finish writes the last block, the shards and meta.js.
func (b *Builder) Finish() (Stats, error) {
	b.closeBlock()
	if b.err != nil {
		return Stats{}, b.err
	}
	total := 0
	for i := range b.toks {
		t := &b.toks[i]
		t.flush()
		total += len(t.buf) + 8
	}
	shards := 1
	for shards < 1<<16 && total/(shards*2) >= b.opt.ShardBytes*3/4 {
		shards *= 2
	}
	// Tokens by shard, each shard's in byte order, so that the same content
	// always gives the same files.
	type entry struct {
		shard uint32
		text  string
		id    int32
	}
	entries := make([]entry, len(b.toks))
	for i := range b.toks {
		s := b.toks[i].text()
		entries[i] = entry{Hash(s) % uint32(shards), s, int32(i)}
	}
	slices.SortFunc(entries, func(x, y entry) int {
		if x.shard != y.shard {
			return int(x.shard) - int(y.shard)
		}
		return strings.Compare(x.text, y.text)
	})
	var buf []byte
	for lo := 0; lo < len(entries); {
		hi := lo
		for hi < len(entries) && entries[hi].shard == entries[lo].shard {
			hi++
		}
		buf = fmt.Appendf(buf[:0], "dudaoSearchData(\"s\",%d,{", entries[lo].shard)
		for i, e := range entries[lo:hi] {
			if i > 0 {
				buf = append(buf, ',')
			}
			// Tokens are letters, digits and marks only: nothing to escape.
			buf = append(buf, '"')
			buf = append(buf, e.text...)
			buf = append(buf, `":"`...)
			buf = append(buf, b.toks[e.id].buf...)
			buf = append(buf, '"')
			b.toks[e.id].buf = nil
		}
		buf = append(buf, "})\n"...)
		b.write("s/"+strconv.Itoa(int(entries[lo].shard))+".js", buf)
		lo = hi
	}

	var blocks []byte
	for _, n := range b.blocks {
		blocks = appendVLQ(blocks, n)
	}
	var years [][2]int
	for i := 0; i < len(b.yearRuns); i += 2 {
		y, _ := strconv.Atoi(b.years.names[b.yearRuns[i]])
		years = append(years, [2]int{y, int(b.yearRuns[i+1])})
	}
	meta := map[string]any{
		"n":         b.doc,
		"shards":    shards,
		"blocks":    string(blocks),
		"kinds":     nonNil(b.kinds.names),
		"districts": nonNil(b.districts.names),
		"years":     years,
		"attrs":     string(b.attrs),
	}
	out := []byte(`dudaoSearchData("meta",0,`)
	out = appendJSON(out, meta)
	out = append(out, ")\n"...)
	b.write("meta.js", out)
	if b.err != nil {
		return Stats{}, b.err
	}
	return Stats{
		Docs: int(b.doc), Tokens: len(b.toks), Shards: shards, Blocks: len(b.blocks),
		Bytes: b.bytes, Version: hex.EncodeToString(b.sum.Sum(nil)[:5]),
	}, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// hanTable maps packed Han tokens to token numbers: open addressing with
// linear probing, much faster than a Go map for the many millions of
// look-ups of a large site. Key 0 marks an empty slot (no Han token packs
// to 0).
type hanTable struct {
	keys  []uint64
	vals  []int32
	shift uint
	n     int
}

func (t *hanTable) init(size int) {
	t.keys = make([]uint64, size)
	t.vals = make([]int32, size)
	t.shift = uint(64 - bitsLen(size-1))
	t.n = 0
}

func bitsLen(x int) int {
	n := 0
	for x > 0 {
		n++
		x >>= 1
	}
	return n
}

// find returns the slot of key, or the empty slot where it belongs.
func (t *hanTable) find(key uint64) int {
	mask := len(t.keys) - 1
	i := int((key * 0x9E3779B97F4A7C15) >> t.shift)
	for {
		k := t.keys[i]
		if k == key || k == 0 {
			return i
		}
		i = (i + 1) & mask
	}
}

// added counts a new key and grows the table past half full.
func (t *hanTable) added() {
	t.n++
	if t.n*2 <= len(t.keys) {
		return
	}
	keys, vals := t.keys, t.vals
	n := t.n
	t.init(len(keys) * 2)
	t.n = n
	for i, k := range keys {
		if k != 0 {
			j := t.find(k)
			t.keys[j] = k
			t.vals[j] = vals[i]
		}
	}
}
