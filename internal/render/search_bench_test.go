package render

import (
	"testing"

	"github.com/dudao/dudao"
	"github.com/dudao/dudao/internal/config"
	"github.com/dudao/dudao/internal/content"
	"github.com/dudao/dudao/internal/corpus"
	"github.com/dudao/dudao/internal/diag"
)

// BenchmarkSearchIndex builds the search index of a generated 2,000-article
// site, as the build does: the text of every page from its body, the
// postings, the shards and blocks, and the search page.
func BenchmarkSearchIndex(b *testing.B) {
	dir := b.TempDir()
	if err := corpus.Generate(dir, 2000, 1); err != nil {
		b.Fatal(err)
	}
	list := &diag.List{}
	site := content.Load(dir, config.Load(dir, list), list)
	tm := LoadTemplates(dudao.Theme, dir, list)
	if err := list.Err(); err != nil {
		b.Fatal(err)
	}
	var sink countSink
	for b.Loop() {
		sink = countSink{}
		r := &renderer{site: site, t: tm, sink: &sink, assets: map[string]string{}}
		if err := r.buildSearch(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(sink.bytes), "index-bytes")
	b.ReportMetric(float64(sink.n), "files")
}
