package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"unicode/utf8"
)

// This file is the query side in Go: the same algorithm as search.js, over
// the same files. Tests use it to check what a reader finds, and to measure
// what a query downloads.

// Segment is one part of a query: a run of Han characters and words with
// nothing between them. A document matches a segment as a phrase if it holds
// every Phrase token, scattered if it holds every Scatter token.
type Segment struct {
	Text    string
	Phrase  []string
	Scatter []string
}

// ParseQuery cuts a query into its segments.
func ParseQuery(q string) []Segment {
	q = Normalize(q)
	var segs []Segment
	for i := 0; i < len(q); {
		r, size := utf8.DecodeRuneInString(q[i:])
		if !isHan(r) && !isWord(r) {
			i += size
			continue
		}
		start := i
		for i < len(q) {
			r, size := utf8.DecodeRuneInString(q[i:])
			if !isHan(r) && !isWord(r) {
				break
			}
			i += size
		}
		segs = append(segs, segment(q[start:i]))
	}
	return segs
}

func segment(text string) Segment {
	seg := Segment{Text: text}
	add := func(list *[]string, tok string) {
		if !slices.Contains(*list, tok) {
			*list = append(*list, tok)
		}
	}
	Tokens(text, func(tok string, k Kind) {
		if k == Word {
			add(&seg.Phrase, tok)
			add(&seg.Scatter, tok)
		} else if k == Joint {
			add(&seg.Phrase, tok)
		}
	})
	// Han runs: one character is looked up alone, two as a pair, three or
	// more by triples (phrase) and pairs (scattered) that cover the run:
	// those starting at every other character, and at the end.
	var run []rune
	flush := func() {
		n := len(run)
		switch {
		case n == 1, n == 2:
			add(&seg.Phrase, string(run))
			add(&seg.Scatter, string(run))
		case n >= 3:
			for _, p := range cover(n, 3) {
				add(&seg.Phrase, string(run[p:p+3]))
			}
			for _, p := range cover(n, 2) {
				add(&seg.Scatter, string(run[p:p+2]))
			}
		}
		run = run[:0]
	}
	for _, r := range text {
		if isHan(r) {
			run = append(run, r)
		} else {
			flush()
		}
	}
	flush()
	return seg
}

// cover returns where the k-character tokens of a run of n >= k characters
// start so that together they cover it, each overlapping the one before when
// k is 3: 0, 2, 4 … and n-k.
func cover(n, k int) []int {
	var out []int
	for p := 0; p+k < n; p += 2 {
		out = append(out, p)
	}
	return append(out, n-k)
}

// queryTokens returns every token the query needs, each once.
func queryTokens(segs []Segment) []string {
	var out []string
	for _, s := range segs {
		for _, t := range append(slices.Clip(s.Phrase), s.Scatter...) {
			if !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	return out
}

// Index reads the index files Build writes.
type Index struct {
	read func(name string) ([]byte, error) // by name relative to DataDir

	N         int
	Shards    int
	Kinds     []string
	Districts []string
	Years     [][2]int // year, number of documents in a row

	district, kind []int // of each document; district 0 is none
	year           []int
	blockOf        []int // first document of each block, and N at the end

	shards map[int]map[string]string
	blocks map[int][][]string

	// Bytes counts the bytes of every file read so far.
	Bytes int64
}

// Open reads meta.js through read.
func Open(read func(name string) ([]byte, error)) (*Index, error) {
	ix := &Index{read: read, shards: map[int]map[string]string{}, blocks: map[int][][]string{}}
	var meta struct {
		N         int      `json:"n"`
		Shards    int      `json:"shards"`
		Blocks    string   `json:"blocks"`
		Kinds     []string `json:"kinds"`
		Districts []string `json:"districts"`
		Years     [][2]int `json:"years"`
		Attrs     string   `json:"attrs"`
	}
	if err := ix.load("meta.js", "meta", &meta); err != nil {
		return nil, err
	}
	ix.N, ix.Shards, ix.Kinds, ix.Districts, ix.Years = meta.N, meta.Shards, meta.Kinds, meta.Districts, meta.Years
	nums, err := readVLQs(meta.Attrs)
	if err != nil || len(nums) != 2*ix.N {
		return nil, fmt.Errorf("meta.js: bad attrs")
	}
	for i := 0; i < ix.N; i++ {
		ix.district = append(ix.district, int(nums[2*i]))
		ix.kind = append(ix.kind, int(nums[2*i+1]))
	}
	for _, y := range ix.Years {
		for range y[1] {
			ix.year = append(ix.year, y[0])
		}
	}
	counts, err := readVLQs(meta.Blocks)
	if err != nil {
		return nil, fmt.Errorf("meta.js: bad blocks")
	}
	first := 0
	for _, n := range counts {
		ix.blockOf = append(ix.blockOf, first)
		first += int(n)
	}
	ix.blockOf = append(ix.blockOf, first)
	if len(ix.year) != ix.N || first != ix.N {
		return nil, fmt.Errorf("meta.js: years or blocks do not add up to %d documents", ix.N)
	}
	return ix, nil
}

func readVLQs(s string) ([]uint32, error) {
	var out []uint32
	for i := 0; i < len(s); {
		v, next, ok := readVLQ(s, i)
		if !ok {
			return nil, fmt.Errorf("bad number at %d", i)
		}
		out = append(out, v)
		i = next
	}
	return out, nil
}

// load reads the file name, checks it calls dudaoSearchData(kind, …) and
// decodes its data into v.
func (ix *Index) load(name, kind string, v any) error {
	b, err := ix.read(name)
	if err != nil {
		return err
	}
	ix.Bytes += int64(len(b))
	prefix := []byte(`dudaoSearchData("` + kind + `",`)
	if !bytes.HasPrefix(b, prefix) {
		return fmt.Errorf("%s does not start with %s", name, prefix)
	}
	b = bytes.TrimSpace(b[len(prefix):])
	i := bytes.IndexByte(b, ',') // after the number
	if i < 0 || !bytes.HasSuffix(b, []byte(")")) {
		return fmt.Errorf("%s: not a dudaoSearchData call", name)
	}
	return json.Unmarshal(b[i+1:len(b)-1], v)
}

// postings returns, for every document, the fields of token with 8 added, or
// 0 where the token is not.
func (ix *Index) postings(tok string) ([]uint8, error) {
	shard := int(Hash(tok) % uint32(ix.Shards))
	m, ok := ix.shards[shard]
	if !ok {
		if err := ix.load("s/"+strconv.Itoa(shard)+".js", "s", &m); err != nil {
			return nil, err
		}
		ix.shards[shard] = m
	}
	out := make([]uint8, ix.N)
	s, ok := m[tok]
	if !ok {
		return out, nil
	}
	doc := -1
	for i := 0; i < len(s); {
		v, next, ok := readVLQ(s, i)
		if !ok {
			return nil, fmt.Errorf("token %q: bad postings", tok)
		}
		i = next
		doc += int(v>>3) + 1
		if doc >= ix.N {
			return nil, fmt.Errorf("token %q: document %d of %d", tok, doc, ix.N)
		}
		out[doc] = uint8(v&7) | 8
	}
	return out, nil
}

// Filter narrows results; zero values let everything through.
type Filter struct {
	District string // a name from Districts
	Kind     string
	Year     int
}

// Hit is one result.
type Hit struct {
	Doc   int
	Score int
}

// Search returns the documents that match q, best first, and then applies
// the filter.
func (ix *Index) Search(q string, f Filter) ([]Hit, error) {
	segs := ParseQuery(q)
	if len(segs) == 0 {
		return nil, nil
	}
	lists := map[string][]uint8{}
	for _, t := range queryTokens(segs) {
		p, err := ix.postings(t)
		if err != nil {
			return nil, err
		}
		lists[t] = p
	}
	var hits []Hit
	for d := 0; d < ix.N; d++ {
		total := 0
		for _, s := range segs {
			best := -1
			if fl := and(lists, s.Phrase, d); fl != 0 {
				best = 2*weight(fl) + 1
			}
			if fl := and(lists, s.Scatter, d); fl != 0 {
				best = max(best, 2*weight(fl))
			}
			if best < 0 {
				total = -1
				break
			}
			total += best
		}
		if total >= 0 && ix.pass(d, f) {
			hits = append(hits, Hit{d, total})
		}
	}
	slices.SortStableFunc(hits, func(a, b Hit) int { return b.Score - a.Score })
	return hits, nil
}

func (ix *Index) pass(d int, f Filter) bool {
	if f.District != "" && (ix.district[d] == 0 || ix.Districts[ix.district[d]-1] != f.District) {
		return false
	}
	if f.Kind != "" && ix.Kinds[ix.kind[d]] != f.Kind {
		return false
	}
	return f.Year == 0 || ix.year[d] == f.Year
}

// and is the fields every token of toks has in document d, with 8 added; 0
// if one of them is not there.
func and(lists map[string][]uint8, toks []string, d int) uint8 {
	fl := uint8(15)
	for _, t := range toks {
		fl &= lists[t][d]
	}
	if fl&8 == 0 {
		return 0
	}
	return fl
}

// weight ranks where a segment was found: title 3, keywords 2, other fields
// 1, the body alone 0.
func weight(fl uint8) int {
	switch {
	case fl&InTitle != 0:
		return 3
	case fl&InKeywords != 0:
		return 2
	case fl&InMeta != 0:
		return 1
	}
	return 0
}

// Stored is what the index keeps of a document for showing it.
type Stored struct {
	URL, Title, Date, Sub, Text string
	Fields                      string // the Meta values, joined by " · "
	District, Kind              string
	Year                        int
}

// Doc reads the stored document d.
func (ix *Index) Doc(d int) (*Stored, error) {
	if d < 0 || d >= ix.N {
		return nil, fmt.Errorf("no document %d", d)
	}
	blk, _ := slices.BinarySearch(ix.blockOf, d+1)
	blk--
	docs, ok := ix.blocks[blk]
	if !ok {
		if err := ix.load("d/"+strconv.Itoa(blk)+".js", "d", &docs); err != nil {
			return nil, err
		}
		ix.blocks[blk] = docs
	}
	i := d - ix.blockOf[blk]
	if i >= len(docs) || len(docs[i]) != 6 {
		return nil, fmt.Errorf("block %d lacks document %d", blk, d)
	}
	s := &Stored{URL: docs[i][0], Title: docs[i][1], Date: docs[i][2], Sub: docs[i][3], Text: docs[i][4], Fields: docs[i][5],
		Kind: ix.Kinds[ix.kind[d]], Year: ix.year[d]}
	if ix.district[d] > 0 {
		s.District = ix.Districts[ix.district[d]-1]
	}
	return s, nil
}
