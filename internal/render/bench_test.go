package render

import (
	"testing"

	"github.com/dudao/dudao"
	"github.com/dudao/dudao/internal/config"
	"github.com/dudao/dudao/internal/content"
	"github.com/dudao/dudao/internal/corpus"
	"github.com/dudao/dudao/internal/diag"
)

type countSink struct{ n, bytes int }

func (c *countSink) Put(_ string, b []byte) error { c.n++; c.bytes += len(b); return nil }

// BenchmarkRender renders every page of a 500-article generated site.
func BenchmarkRender(b *testing.B) {
	dir := b.TempDir()
	if err := corpus.Generate(dir, 500, 1); err != nil {
		b.Fatal(err)
	}
	list := &diag.List{}
	cfg := config.Load(dir, list)
	site := content.Load(dir, cfg, list)
	tm := LoadTemplates(dudao.Theme, dir, list)
	if err := list.Err(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var sink countSink
	for i := 0; i < b.N; i++ {
		sink = countSink{}
		if err := Render(site, tm, Options{Theme: dudao.Theme}, &sink); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*sink.n), "ns/page")
}
