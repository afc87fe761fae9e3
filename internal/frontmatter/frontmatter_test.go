package frontmatter

import (
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

// What the writer writes, TOML reads back exactly, whatever the text.
func TestRoundTrip(t *testing.T) {
	texts := []string{"铜陵市教育督导工作信息", `引号"与\反斜杠`, "多行\n文字\t制表", "\x00\x1f\x7f", `</script><script>alert(1)</script>`, ""}
	for _, s := range texts {
		var w Writer
		w.String("s", s)
		w.Strings("l", []string{s, "甲"})
		w.Int("n", 14)
		w.Bool("b", true)
		w.Date("d", time.Date(2020, 12, 31, 0, 0, 0, 0, time.UTC))
		w.Table("t")
		w.String("x", s)
		var v struct {
			S string
			L []string
			N int
			B bool
			D time.Time
			T struct{ X string }
		}
		if _, err := toml.Decode(w.Text(), &v); err != nil {
			t.Fatalf("%q: %v\n%s", s, err, w.Text())
		}
		if v.S != s || v.L[0] != s || v.L[1] != "甲" || v.N != 14 || !v.B || v.D.Format("2006-01-02") != "2020-12-31" || v.T.X != s {
			t.Errorf("%q read back as %+v", s, v)
		}
	}
}
