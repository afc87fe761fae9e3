package search

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// exampleText is the text of the markdown package's test article, a page of
// a bulletin.
func exampleText(b *testing.B) string {
	raw, err := os.ReadFile("../markdown/testdata/article.html")
	if err != nil {
		b.Fatal(err)
	}
	return HTMLText(string(raw))
}

// BenchmarkTokens cuts a bulletin article into tokens (MB/s of text).
func BenchmarkTokens(b *testing.B) {
	text := exampleText(b)
	b.SetBytes(int64(len(text)))
	n := 0
	for b.Loop() {
		Tokens(Normalize(text), func(string, Kind) { n++ })
	}
}

// BenchmarkBuild indexes 2,000 documents made of the example article with a
// number and a name of their own, writing nothing.
func BenchmarkBuild(b *testing.B) {
	text := exampleText(b)
	docs := make([]*Doc, 2000)
	for i := range docs {
		docs[i] = &Doc{
			URL: "a/" + strconv.Itoa(i) + "/", Title: "第" + strconv.Itoa(i) + "号 督导简报", Date: "2020-12-31", Year: 2020 - i%10,
			Kind: "会议", District: []string{"铜官区", "义安区", "郊区"}[i%3], Keywords: []string{"优质均衡", "督导"},
			Meta: []string{"张" + strings.Repeat("三", i%4)}, Text: text + "编号" + strconv.Itoa(i*7919),
		}
	}
	var bytes int64
	for b.Loop() {
		st, err := Build(Options{}, len(docs), func(i int) (*Doc, error) { return docs[i], nil },
			func(string, []byte) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
		bytes = st.Bytes
	}
	b.ReportMetric(float64(bytes), "index-bytes")
}
