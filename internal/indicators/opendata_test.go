package indicators

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/dudao/dudao/internal/diag"
)

var update = flag.Bool("update", false, "rewrite the golden open-data files in testdata/golden")

// The open-data files of a small site (the five-school example, a hostile
// school name, tasks, problems) against golden files.
func TestOpenDataGolden(t *testing.T) {
	var list diag.List
	d := Load("testdata/site", []string{"yian"}, "", &list)
	if err := list.Err(); err != nil {
		t.Fatal(err)
	}
	files, err := Compute(d, date("2026-11-30")).OpenData("yian")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
		golden := filepath.Join("testdata/golden", f.Name)
		if *update {
			os.MkdirAll("testdata/golden", 0o755)
			if err := os.WriteFile(golden, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if string(want) != string(f.Data) {
			t.Errorf("%s differs from %s:\n%s", f.Name, golden, f.Data)
		}
	}
	if got := len(names); got != 5 {
		t.Errorf("files %v", names)
	}
}
