package indicators

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dudao/dudao/internal/diag"
)

// header is a complete school-sheet header.
const header = "学校,学段,学生数,班级数,专任教师数,高于规定学历教师数,县级以上骨干教师数,体育艺术专任教师数,教学及辅助用房面积,体育运动场馆面积,教学仪器设备值,网络多媒体教室数"

// national is the embedded national standard, loaded once.
func national(t testing.TB) *Standard {
	t.Helper()
	var list diag.List
	s := LoadStandard(t.TempDir(), "", &list)
	if err := list.Err(); err != nil || s == nil {
		t.Fatalf("national standard: %v", err)
	}
	return s
}

// writeSite writes files (path → content) under a new folder and returns it.
func writeSite(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var testDistricts = []string{"office", "tongguan", "yian", "jiaoqu", "zongyang"}

// load loads a site and returns the data and the problems as strings.
func load(t testing.TB, dir, profile string) (*Data, []string) {
	t.Helper()
	var list diag.List
	d := Load(dir, testDistricts, profile, &list)
	var out []string
	for _, p := range list.Problems() {
		out = append(out, p.String())
	}
	return d, out
}

func mustLoad(t testing.TB, dir string) *Data {
	t.Helper()
	d, errs := load(t, dir, "")
	if len(errs) > 0 {
		t.Fatalf("unexpected problems:\n%s", strings.Join(errs, "\n"))
	}
	return d
}

func date(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02", s, China)
	if err != nil {
		panic(err)
	}
	return t
}

// school makes a School from column values.
func school(name string, st Stage, students float64, cols map[string]float64) *School {
	s := &School{Name: name, Stage: st, Students: students, Values: map[string]float64{"学生数": students}}
	for k, v := range cols {
		s.Values[k] = v
	}
	return s
}

// atThreshold is a 1000-student 小学 exactly at every national threshold.
func atThreshold() map[string]float64 {
	return map[string]float64{
		"高于规定学历教师数": 42, "县级以上骨干教师数": 10, "体育艺术专任教师数": 9,
		"教学及辅助用房面积": 4500, "体育运动场馆面积": 7500, "教学仪器设备值": 2000000, "网络多媒体教室数": 23,
	}
}

// rewriteZip returns the zip archive raw with one member's text changed.
func rewriteZip(t *testing.T, raw []byte, member string, edit func(string) string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == member {
			b = []byte(edit(string(b)))
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.String()
}
