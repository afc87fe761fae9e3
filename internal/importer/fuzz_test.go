package importer

import (
	"os"
	"path/filepath"
	"testing"
)

// Any text at all is read without a panic, and every file it gives is
// written.
func FuzzParseText(f *testing.F) {
	for _, name := range []string{"jianbao-contents-note.txt", "numbered-units-hardwrapped.txt", "supplement-copies.txt"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("一、\n（一）\n1.\n作者简介：\n抄送：\n共印 份\n\f\r\n— 1 —\n"))
	ds := []*district{{ID: "office", Name: "铜陵市人民政府教育督导委员会办公室", Short: "市教督委办"}, {ID: "tongguan", Name: "铜官区", Short: "铜官区"}}
	f.Fuzz(func(t *testing.T, raw []byte) {
		src, err := readText("x.txt", raw)
		if err != nil {
			return
		}
		p := parse(src, ds)
		r := &Result{src: src, p: p, Slug: "2020-01"}
		r.indexText()
		for _, a := range p.is.articles {
			r.articleText(a)
		}
		r.Report()
	})
}
