package search

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"优质均衡":         "优质均衡",
		"ＡＢＣ１２３ｘｙｚ":    "abc123xyz",
		"PISA测试，２０２０年": "pisa测试，2020年",
		"cafe\u0301":   "café",
		"İSTANBUL":     "istanbul",
		"ΣΑΣ":          "σασ",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func tokens(s string) string {
	var out []string
	Tokens(Normalize(s), func(tok string, k Kind) { out = append(out, fmt.Sprintf("%s/%d", tok, k)) })
	return strings.Join(out, " ")
}

func TestTokens(t *testing.T) {
	for in, want := range map[string]string{
		"督导组":       "督/1 导/1 督导/2 组/1 导组/2 督导组/3",
		"包保，工作":     "包/1 保/1 包保/2 工/1 作/1 工作/2",
		"127条":      "127/4 条/1 127条/5",
		"第3章":       "第/1 3/4 第3/5 章/1 3章/5",
		"Rex_02 督導": "rex/4 02/4 督/1 導/1 督導/2",
		"97.7%":     "97/4 7/4",
	} {
		if got := tokens(in); got != want {
			t.Errorf("tokens of %q:\n got %s\nwant %s", in, got, want)
		}
	}
	long := strings.Repeat("a", MaxWord+5) + "中"
	if got := tokens(long); got != strings.Repeat("a", MaxWord)+"/4 中/1" {
		t.Errorf("a long word: %s", got)
	}
}

func TestParseQuery(t *testing.T) {
	for q, want := range map[string]string{
		"差异系数":     "差异系数: 差异系 异系数 | 差异 系数",
		"包保":       "包保: 包保 | 包保",
		"吴齐玲":      "吴齐玲: 吴齐玲 | 吴齐 齐玲",
		"优质均衡发展":   "优质均衡发展: 优质均 均衡发 衡发展 | 优质 均衡 发展",
		"127条":     "127条: 127 127条 条 | 127 条",
		"督":        "督: 督 | 督",
		"铜官区  包保":  "铜官区: 铜官区 | 铜官 官区 / 包保: 包保 | 包保",
		"ＲＥＸ，督学风采": "rex: rex | rex / 督学风采: 督学风 学风采 | 督学 风采",
		"，。":       "",
	} {
		var parts []string
		for _, s := range ParseQuery(q) {
			parts = append(parts, s.Text+": "+strings.Join(s.Phrase, " ")+" | "+strings.Join(s.Scatter, " "))
		}
		if got := strings.Join(parts, " / "); got != want {
			t.Errorf("ParseQuery(%q):\n got %s\nwant %s", q, got, want)
		}
	}
}

func TestCover(t *testing.T) {
	for _, c := range []struct {
		n, k int
		want []int
	}{{3, 3, []int{0}}, {4, 3, []int{0, 1}}, {5, 3, []int{0, 2}}, {6, 3, []int{0, 2, 3}}, {3, 2, []int{0, 1}}, {4, 2, []int{0, 2}}, {5, 2, []int{0, 2, 3}}} {
		if got := cover(c.n, c.k); !slices.Equal(got, c.want) {
			t.Errorf("cover(%d, %d) = %v, want %v", c.n, c.k, got, c.want)
		}
	}
}

func TestVLQ(t *testing.T) {
	for _, v := range []uint32{0, 1, 31, 32, 1023, 1024, 1 << 20, 1<<32 - 1} {
		s := string(appendVLQ(nil, v))
		got, next, ok := readVLQ(s, 0)
		if !ok || got != v || next != len(s) {
			t.Errorf("%d: encoded %q, read %d %d %v", v, s, got, next, ok)
		}
	}
}

func TestHash(t *testing.T) {
	// FNV-1a 32 of the UTF-8 bytes; the browser test checks search.js agrees.
	for s, want := range map[string]uint32{"": 2166136261, "a": 0xe40c292c, "督导": Hash("督导")} {
		if got := Hash(s); got != want {
			t.Errorf("Hash(%q) = %#x, want %#x", s, got, want)
		}
	}
}

// An index built and read back finds its documents, filters them and
// ranks title hits first, newest first on ties.
func TestBuildAndSearch(t *testing.T) {
	docs := []*Doc{
		{URL: "a/", Title: "铜官区包保工作会议", Date: "2021-01-02", Year: 2021, Kind: "会议", District: "铜官区", Text: "会议部署包保工作。"},
		{URL: "b/", Title: "义安区工作动态", Date: "2020-05-01", Year: 2020, Kind: "工作动态", District: "义安区", Text: "各包保组汇报，共查找问题127条。"},
		{URL: "c/", Title: "包保责任落实", Date: "2019-03-01", Year: 2019, Kind: "文件", Text: "正文。", Meta: []string{"Rex_02"}},
		{URL: "d/", Title: "无关", Kind: "页面", Text: "包 和 保 分开写，保包也不算。"},
	}
	files := map[string][]byte{}
	st, err := Build(Options{BlockBytes: 100}, len(docs), func(i int) (*Doc, error) { return docs[i], nil },
		func(name string, data []byte) error { files[name] = data; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if st.Docs != 4 || st.Blocks < 2 || files["meta.js"] == nil {
		t.Fatalf("stats %+v, files %d", st, len(files))
	}
	ix, err := Open(func(name string) ([]byte, error) {
		if b, ok := files[name]; ok {
			return b, nil
		}
		return nil, fmt.Errorf("no %s", name)
	})
	if err != nil {
		t.Fatal(err)
	}
	urls := func(q string, f Filter) string {
		hits, err := ix.Search(q, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, h := range hits {
			d, err := ix.Doc(h.Doc)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, d.URL)
		}
		return strings.Join(out, " ")
	}
	for _, c := range []struct {
		q    string
		f    Filter
		want string
	}{
		{"包保", Filter{}, "a/ c/ b/"}, // titles first, newest first; scattered 包 保 is no match
		{"包保", Filter{Year: 2020}, "b/"},
		{"包保", Filter{District: "铜官区"}, "a/"},
		{"包保", Filter{Kind: "文件"}, "c/"},
		{"１２７条", Filter{}, "b/"},
		{"rex", Filter{}, "c/"},
		{"铜官区 会议", Filter{}, "a/"},
		{"包保工作", Filter{}, "a/ b/"}, // the phrase in a title; then 包保 and 工作 apart
		{"包", Filter{}, "a/ c/ b/ d/"},
		{"不存在", Filter{}, ""},
	} {
		if got := urls(c.q, c.f); got != c.want {
			t.Errorf("%s %+v: %q, want %q", c.q, c.f, got, c.want)
		}
	}
	d, err := ix.Doc(1)
	if err != nil || d.Title != "义安区工作动态" || d.District != "义安区" || d.Kind != "工作动态" || d.Year != 2020 || !strings.Contains(d.Text, "127条") {
		t.Errorf("stored document 1: %+v %v", d, err)
	}
}

// The token table grows many times over a site with many distinct
// characters; every posting still goes to its own token: each document is
// found, alone, by the three characters only it has.
func TestPostingsSurviveTableGrowth(t *testing.T) {
	var docs []*Doc
	for i := range 400 {
		var text strings.Builder
		for j := range 30 { // 30 characters no other document has
			text.WriteRune(rune(0x4e00 + i*30 + j))
		}
		text.WriteString("年")
		docs = append(docs, &Doc{URL: fmt.Sprintf("d%d/", i), Title: "年报", Text: text.String()})
	}
	files := map[string][]byte{}
	st, err := Build(Options{}, len(docs), func(i int) (*Doc, error) { return docs[i], nil },
		func(name string, data []byte) error { files[name] = data; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if st.Tokens < 3*4096 {
		t.Fatalf("only %d tokens: the table did not grow", st.Tokens)
	}
	ix, err := Open(func(name string) ([]byte, error) { return files[name], nil })
	if err != nil {
		t.Fatal(err)
	}
	if hits, err := ix.Search("年", Filter{}); err != nil || len(hits) != len(docs) {
		t.Fatalf("年: %d hits, %v; want %d", len(hits), err, len(docs))
	}
	for i, d := range docs {
		q := string([]rune(d.Text)[10:13])
		hits, err := ix.Search(q, Filter{})
		if err != nil || len(hits) != 1 || hits[0].Doc != i {
			t.Fatalf("%s (document %d): %v, %v", q, i, hits, err)
		}
	}
}
