package excelcsv

import (
	"bytes"
	"testing"
)

func TestFormulasStayText(t *testing.T) {
	var b bytes.Buffer
	w, err := NewWriter(&b)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]string{"学校", "学生数", "备注"})
	w.Write([]string{`=HYPERLINK("http://example.com","点击")`, "-3.5", "+86 0562"})
	w.Write([]string{"@SUM(A1)", "1e3", "\t=1+1"})
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "\uFEFF学校,学生数,备注\r\n" +
		`"'=HYPERLINK(""http://example.com"",""点击"")",-3.5,'+86 0562` + "\r\n" +
		"'@SUM(A1),1e3,'\t=1+1\r\n"
	if got := b.String(); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
