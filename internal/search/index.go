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
// joined to the Han character next to it. A query is cut the same way
// (ParseQuery): a run of one Han character looks up that character, of two
// the pair, of three or more the triples that cover it, each overlapping the
// one before: a document that holds them holds the phrase, not just its
// characters scattered about. Documents that hold the pairs that cover the
// run but not the triples match too, ranked below (scattered). The
// three-character tokens are the phrase check: they take the place of word
// positions, which for common pairs would be many times the size of the
// document list.
//
// # Ranking
//
// Each segment of a query (a run of characters and words with nothing
// between them) scores by where the document has it, title 3, keywords 2,
// other fields 1, body 0, doubled, plus 1 for the phrase; a document must
// have every segment at least scattered. Results go by score, then newest
// first.
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
//     text, fields], text being the whole plain text and fields the Meta
//     values joined, for snippets.
//
// Documents are numbered in the order they are added: newest first, so
// that a posting list is in the order results are shown when their scores
// tie.
package search

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/dudao/dudao/internal/parallel"
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

// Stats tell what Build wrote.
type Stats struct {
	Docs, Tokens, Shards, Blocks int
	Bytes                        int64  // all files together
	Version                      string // changes whenever any file does
}

// Build makes the index of n documents and hands every file to put, with a
// name relative to DataDir. doc(i) returns the i-th document, newest first;
// it is called from several goroutines at once, once for each i, and so is
// put. The documents are cut into tokens on every core while one goroutine
// adds them to the postings in order; no more than a few dozen of them are
// held at a time.
func Build(opt Options, n int, doc func(i int) (*Doc, error), put func(name string, data []byte) error) (Stats, error) {
	if opt.ShardBytes <= 0 {
		opt.ShardBytes = 16 << 10
	}
	if opt.BlockBytes <= 0 {
		opt.BlockBytes = 12 << 10
	}
	b := &builder{opt: opt, put: put, words: map[string]int32{}, sum: sha256.New()}
	b.table.init(1 << 12)

	const window = 64 // documents cut but not yet added
	workers := runtime.GOMAXPROCS(0)
	slots := make([]chan *record, window)
	for i := range slots {
		slots[i] = make(chan *record, 1)
	}
	free := make(chan struct{}, window)
	for range window {
		free <- struct{}{}
	}
	var next atomic.Int64
	var stop atomic.Bool
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var c cutter
			for range free {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				rec := records.Get().(*record)
				if stop.Load() {
					rec.err = errStopped
				} else if d, err := doc(i); err != nil {
					rec.err = err
				} else {
					c.cut(d, rec)
				}
				slots[i%window] <- rec
			}
		}()
	}
	blocks := make(chan blockFile, 4)
	var writeErr error
	var writer sync.WaitGroup
	writer.Add(1)
	go func() { // blocks are written while the next ones are made
		defer writer.Done()
		for f := range blocks {
			if writeErr == nil {
				writeErr = put(f.name, f.data)
			}
		}
	}()
	var err error
	for i := 0; i < n; i++ {
		rec := <-slots[i%window]
		if err == nil && rec.err != nil {
			err = rec.err
			stop.Store(true)
		}
		if err == nil {
			b.add(rec, blocks)
		}
		rec.reset()
		records.Put(rec)
		free <- struct{}{}
	}
	close(free)
	wg.Wait()
	if err == nil {
		b.closeBlock(blocks)
	}
	close(blocks)
	writer.Wait()
	if err == nil {
		err = writeErr
	}
	if err != nil {
		return Stats{}, err
	}
	return b.finish()
}

var errStopped = errors.New("stopped")

// record is one document cut into tokens, each once with all its fields.
type record struct {
	han   []hanToken
	words []wordToken
	entry []byte // the document's entry in its block

	district, kind string
	year           int
	err            error
}

type hanToken struct {
	key    uint64 // hanKey
	fields uint8
}

type wordToken struct {
	text   string
	fields uint8
}

var records = sync.Pool{New: func() any { return new(record) }}

func (r *record) reset() {
	r.han, r.words, r.entry = r.han[:0], r.words[:0], r.entry[:0]
	r.district, r.kind, r.year, r.err = "", "", 0, nil
}

// cutter cuts documents into records; each worker has one.
type cutter struct {
	seen  hanSet         // Han tokens of the document: index in rec.han
	words map[string]int // index in rec.words
	rec   *record
	field uint8
}

func (c *cutter) cut(d *Doc, rec *record) {
	c.rec = rec
	c.seen.clear()
	if c.words == nil {
		c.words = map[string]int{}
	}
	clear(c.words)
	c.field = InTitle
	c.text(d.Title)
	c.field = InKeywords
	for _, k := range d.Keywords {
		c.text(k)
	}
	c.field = InMeta
	for _, m := range d.Meta {
		c.text(m)
	}
	c.field = 0
	c.text(d.Text)
	rec.district, rec.kind, rec.year = d.District, d.Kind, d.Year
	rec.entry = appendJSONStrings(rec.entry, d.URL, d.Title, d.Date, d.Sub, d.Text, strings.Join(d.Meta, " · "))
}

func (c *cutter) text(s string) {
	if s != "" {
		scan(Normalize(s), c.token)
	}
}

func (c *cutter) token(tok string, key uint64, _ Kind) {
	if key != 0 {
		slot, found := c.seen.find(key)
		if found {
			c.rec.han[c.seen.vals[slot]].fields |= c.field
			return
		}
		c.seen.put(slot, key, int32(len(c.rec.han)))
		c.rec.han = append(c.rec.han, hanToken{key, c.field})
		return
	}
	if i, ok := c.words[tok]; ok {
		c.rec.words[i].fields |= c.field
		return
	}
	c.words[tok] = len(c.rec.words)
	c.rec.words = append(c.rec.words, wordToken{tok, c.field})
}

// builder adds records to the postings, in document order.
type builder struct {
	opt Options
	put func(name string, data []byte) error

	table hanTable         // Han tokens: token number
	words map[string]int32 // other tokens: token number
	toks  []tokenState
	tails []tail

	doc int32 // number of the next document

	block     []byte // the open block's file, without its end
	blockDocs int
	blocks    []uint32 // documents in each closed block

	kinds, districts, years indexOf
	attrs                   []byte // district, kind per document
	yearRuns                []uint32

	slab  []byte    // where the next chunk of postings is cut from
	sum   hash.Hash // of the names and CRC-32C of the files, in order
	bytes int64
}

// A token's postings are kept in chunks cut from large slabs, so that a
// growing list is never copied. What every posting touches (tail) is kept
// apart from the rest (tokenState), small enough to stay in the cache.
type tokenState struct {
	key    uint64 // hanKey, or 0 for a word
	word   string
	chunks [][]byte // the full chunks, in order
}

type tail struct {
	buf  []byte // the chunk being filled
	prev int32  // the document of the last posting, -1 before the first
	n    int32  // chunks so far
}

type blockFile struct {
	name string
	data []byte
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

func (b *builder) add(rec *record, blocks chan<- blockFile) {
	doc := b.doc
	for _, h := range rec.han {
		slot := b.table.find(h.key)
		id := b.table.vals[slot]
		if b.table.keys[slot] == 0 {
			id = b.newToken(tokenState{key: h.key})
			b.table.keys[slot], b.table.vals[slot] = h.key, id
			b.table.added() // may move every key: slot is no longer valid
		}
		b.post(id, doc, h.fields)
	}
	for _, w := range rec.words {
		id, ok := b.words[w.text]
		if !ok {
			text := strings.Clone(w.text)
			id = b.newToken(tokenState{word: text})
			b.words[text] = id
		}
		b.post(id, doc, w.fields)
	}

	district := 0
	if rec.district != "" {
		district = b.districts.of(rec.district) + 1
	}
	b.attrs = appendVLQ(b.attrs, uint32(district))
	b.attrs = appendVLQ(b.attrs, uint32(b.kinds.of(rec.kind)))
	y := uint32(b.years.of(strconv.Itoa(rec.year)))
	if n := len(b.yearRuns); n > 0 && b.yearRuns[n-2] == y {
		b.yearRuns[n-1]++
	} else {
		b.yearRuns = append(b.yearRuns, y, 1)
	}

	if b.blockDocs == 0 {
		b.block = make([]byte, 0, b.opt.BlockBytes+len(rec.entry)+64)
		b.block = fmt.Appendf(b.block, "dudaoSearchData(\"d\",%d,[", len(b.blocks))
	} else {
		b.block = append(b.block, ',')
	}
	b.block = append(b.block, rec.entry...)
	b.blockDocs++
	if len(b.block) >= b.opt.BlockBytes {
		b.closeBlock(blocks)
	}
	b.doc++
}

func (b *builder) newToken(t tokenState) int32 {
	b.toks = append(b.toks, t)
	b.tails = append(b.tails, tail{prev: -1})
	return int32(len(b.toks) - 1)
}

// post adds a posting for doc to token id.
func (b *builder) post(id int32, doc int32, fields uint8) {
	t := &b.tails[id]
	v := uint32(doc-t.prev-1)<<3 | uint32(fields)
	t.prev = doc
	if cap(t.buf)-len(t.buf) < 7 { // a number takes at most 7 digits
		if t.buf != nil {
			b.toks[id].chunks = append(b.toks[id].chunks, t.buf)
		}
		t.buf = b.chunk(16 << min(t.n, 8)) // 16 bytes … 4 KiB
		t.n++
	}
	t.buf = appendVLQ(t.buf, v)
}

// postings returns the postings of token id, as they go in its shard.
func (b *builder) postings(id int32) [][]byte {
	return append(b.toks[id].chunks, b.tails[id].buf)
}

// chunk returns an empty slice with room for size bytes, cut from a slab.
func (b *builder) chunk(size int) []byte {
	if cap(b.slab)-len(b.slab) < size {
		b.slab = make([]byte, 0, 1<<20)
	}
	i := len(b.slab)
	b.slab = b.slab[:i+size]
	return b.slab[i : i : i+size]
}

func (b *builder) closeBlock(blocks chan<- blockFile) {
	if b.blockDocs == 0 {
		return
	}
	b.block = append(b.block, "])\n"...)
	name := "d/" + strconv.Itoa(len(b.blocks)) + ".js"
	b.fingerprint(name, b.block)
	b.bytes += int64(len(b.block))
	blocks <- blockFile{name, b.block}
	b.block = nil
	b.blocks = append(b.blocks, uint32(b.blockDocs))
	b.blockDocs = 0
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// fingerprint adds a file to the version: its name and CRC-32C, which the
// processor computes much faster than a cryptographic hash of every byte.
func (b *builder) fingerprint(name string, data []byte) {
	fmt.Fprintf(b.sum, "%s %08x\n", name, crc32.Checksum(data, castagnoli))
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

// finish writes the shards, on every core, and meta.js.
func (b *builder) finish() (Stats, error) {
	total := 0
	sizes := make([]int, len(b.toks)) // of each token's postings
	for i := range b.toks {
		for _, c := range b.postings(int32(i)) {
			sizes[i] += len(c)
		}
		total += sizes[i] + 8
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
	var bounds []int // start of each shard's entries, and the end
	for i := range entries {
		if i == 0 || entries[i].shard != entries[i-1].shard {
			bounds = append(bounds, i)
		}
	}
	bounds = append(bounds, len(entries))
	sums := make([]uint32, len(bounds)-1)
	lens := make([]int, len(bounds)-1)
	err := parallel.Do(len(bounds)-1, func(k int) error {
		part := entries[bounds[k]:bounds[k+1]]
		size := 32
		for _, e := range part {
			size += len(e.text) + sizes[e.id] + 6
		}
		buf := make([]byte, 0, size)
		buf = fmt.Appendf(buf, "dudaoSearchData(\"s\",%d,{", part[0].shard)
		for i, e := range part {
			if i > 0 {
				buf = append(buf, ',')
			}
			// Tokens are letters, digits and marks only: nothing to escape.
			buf = append(buf, '"')
			buf = append(buf, e.text...)
			buf = append(buf, `":"`...)
			for _, c := range b.postings(e.id) {
				buf = append(buf, c...)
			}
			buf = append(buf, '"')
		}
		buf = append(buf, "})\n"...)
		name := "s/" + strconv.Itoa(int(part[0].shard)) + ".js"
		sums[k] = crc32.Checksum(buf, castagnoli)
		lens[k] = len(buf)
		return b.put(name, buf)
	})
	if err != nil {
		return Stats{}, err
	}
	for k := range sums {
		fmt.Fprintf(b.sum, "s/%d.js %08x\n", entries[bounds[k]].shard, sums[k])
		b.bytes += int64(lens[k])
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
		"years":     nonNilYears(years),
		"attrs":     string(b.attrs),
	}
	j, err := json.Marshal(meta)
	if err != nil {
		return Stats{}, err
	}
	out := append([]byte(`dudaoSearchData("meta",0,`), j...)
	out = append(out, ")\n"...)
	b.fingerprint("meta.js", out)
	b.bytes += int64(len(out))
	if err := b.put("meta.js", out); err != nil {
		return Stats{}, err
	}
	return Stats{
		Docs: int(b.doc), Tokens: len(b.toks), Shards: shards, Blocks: len(b.blocks),
		Bytes: b.bytes, Version: hex.EncodeToString(b.sum.Sum(nil)[:5]),
	}, nil
}

func nonNilYears(y [][2]int) [][2]int {
	if y == nil {
		return [][2]int{}
	}
	return y
}

// appendJSONStrings appends a JSON array of the strings. Only what JSON and
// JavaScript need is escaped: quotes, backslashes, control characters and
// the line and paragraph separators; the files are scripts, never inlined
// in HTML.
func appendJSONStrings(b []byte, ss ...string) []byte {
	const hexDigits = "0123456789abcdef"
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		start := 0
		for j := 0; j < len(s); {
			c := s[j]
			if c >= 0x20 && c != '"' && c != '\\' && c != 0xE2 {
				j++
				continue
			}
			if c == 0xE2 { // U+2028, U+2029 are E2 80 A8, E2 80 A9
				if j+2 < len(s) && s[j+1] == 0x80 && (s[j+2] == 0xA8 || s[j+2] == 0xA9) {
					b = append(b, s[start:j]...)
					b = append(b, `\u202`...)
					b = append(b, hexDigits[s[j+2]-0xA0])
					j += 3
					start = j
					continue
				}
				j++
				continue
			}
			b = append(b, s[start:j]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\t':
				b = append(b, '\\', 't')
			case '\r':
				b = append(b, '\\', 'r')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
			}
			j++
			start = j
		}
		b = append(b, s[start:]...)
		b = append(b, '"')
	}
	return append(b, ']')
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

// hanSet is a small hash set of the Han tokens of one document, emptied in
// no time for the next (a generation number marks the slots in use).
type hanSet struct {
	keys  []uint64
	vals  []int32
	gens  []uint32
	gen   uint32
	n     int
	shift uint
}

func (s *hanSet) clear() {
	s.gen++
	s.n = 0
	if s.keys == nil || s.gen == 0 {
		s.alloc(1 << 12)
	}
}

func (s *hanSet) alloc(size int) {
	s.keys = make([]uint64, size)
	s.vals = make([]int32, size)
	s.gens = make([]uint32, size)
	s.shift = uint(64 - bitsLen(size-1))
	s.gen = 1
}

// find returns the slot of key and whether key is there.
func (s *hanSet) find(key uint64) (int, bool) {
	mask := len(s.keys) - 1
	i := int((key * 0x9E3779B97F4A7C15) >> s.shift)
	for {
		if s.gens[i] != s.gen {
			return i, false
		}
		if s.keys[i] == key {
			return i, true
		}
		i = (i + 1) & mask
	}
}

// put stores key with v in the slot find returned.
func (s *hanSet) put(slot int, key uint64, v int32) {
	s.keys[slot], s.vals[slot], s.gens[slot] = key, v, s.gen
	s.n++
	if s.n*2 <= len(s.keys) {
		return
	}
	keys, vals, gens, gen := s.keys, s.vals, s.gens, s.gen
	s.alloc(len(keys) * 2)
	for i, k := range keys {
		if gens[i] == gen {
			j, _ := s.find(k)
			s.keys[j], s.vals[j], s.gens[j] = k, vals[i], s.gen
		}
	}
}
