package search_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/dudao/dudao/internal/search"
)

func TestExplore(t *testing.T) {
	dir := os.Getenv("IDX")
	if dir == "" { t.Skip() }
	ix, err := search.Open(func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, name)) })
	if err != nil { t.Fatal(err) }
	for _, q := range []string{"差异系数", "优质均衡", "包保", "吴齐玲", "铜官区", "督学风采", "127条", "rex", "１２７条", "PISA测试", "沪深", "督", "吴玲娟", "2020年 包保"} {
		before := ix.Bytes
		hits, err := ix.Search(q, search.Filter{})
		if err != nil { t.Fatal(err) }
		fmt.Printf("== %s: %d hits, %d bytes\n", q, len(hits), ix.Bytes-before)
		for i, h := range hits {
			if i == 5 { break }
			d, _ := ix.Doc(h.Doc)
			fmt.Printf("   %d %s %s %s %s\n", h.Score, d.Date, d.Kind, d.Title, d.URL)
		}
	}
}
