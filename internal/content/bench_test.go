package content

import (
	"testing"

	"github.com/dudao/dudao/internal/config"
	"github.com/dudao/dudao/internal/corpus"
	"github.com/dudao/dudao/internal/diag"
)

// BenchmarkLoad loads a generated 500-article site: reading, checking and
// converting the Markdown of every file.
func BenchmarkLoad(b *testing.B) {
	dir := b.TempDir()
	if err := corpus.Generate(dir, 500, 1); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		list := &diag.List{}
		Load(dir, config.Load(dir, list), list)
		if err := list.Err(); err != nil {
			b.Fatal(err)
		}
	}
}
