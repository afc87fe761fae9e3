package output

import (
	"fmt"
	"path/filepath"
	"strconv"
	"testing"
)

// benchSite is 10,000 pages of about 8 KB in 2,000 directories (20 sections
// of 100 directories of 5 pages).
func benchSite() []File {
	var fs []File
	for s := range 20 {
		for d := range 100 {
			for f := range 5 {
				p := fmt.Sprintf("s%02d/d%03d/p%d.html", s, d, f)
				data := make([]byte, 0, 8400)
				data = fmt.Appendf(data, "<!doctype html><title>%s</title>\n", p)
				for i := 0; len(data) < 8000+(s*7+d*3+f)%400; i++ {
					data = fmt.Appendf(data, "<p>line %d of %s: lorem ipsum dolor sit amet</p>\n", i, p)
				}
				fs = append(fs, File{Path: p, Data: data})
			}
		}
	}
	return fs
}

func BenchmarkSync10k(b *testing.B) {
	site := benchSite()
	check := func(b *testing.B, st Stats, err error, written int) {
		if err != nil {
			b.Fatal(err)
		}
		if st.Written != written {
			b.Fatalf("wrote %d files, want %d", st.Written, written)
		}
	}

	b.Run("first", func(b *testing.B) {
		root := b.TempDir()
		for i := 0; b.Loop(); i++ {
			dest := filepath.Join(root, strconv.Itoa(i))
			st, err := Sync(dest, site)
			// The folders are kept until the end: deleting many files
			// just before creating many is slow on some disks, and would
			// be measured as part of the next Sync.
			check(b, st, err, len(site))
		}
	})

	b.Run("noop", func(b *testing.B) {
		dest := b.TempDir()
		st, err := Sync(dest, site)
		check(b, st, err, len(site))
		for b.Loop() {
			st, err := Sync(dest, site)
			check(b, st, err, 0)
		}
	})

	b.Run("1pct", func(b *testing.B) {
		dest := b.TempDir()
		cur := append([]File(nil), site...)
		st, err := Sync(dest, cur)
		check(b, st, err, len(site))
		for i := 0; b.Loop(); i++ {
			b.StopTimer()
			for k := range len(cur) / 100 {
				j := (i*len(cur)/100 + k) % len(cur)
				data := append([]byte(nil), site[j].Data...)
				copy(data[len(data)-12:], fmt.Sprintf("rev %8d", i))
				cur[j].Data = data
			}
			b.StartTimer()
			st, err := Sync(dest, cur)
			check(b, st, err, len(cur)/100)
		}
	})
}
