package build

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A site whose only data is domain.md's five-school example publishes the
// student-weighted, population-form 差异系数 of 生均教学仪器设备值: 0.515, not
// the unweighted 0.489.
func TestFiveSchoolSheetPublishesCV(t *testing.T) {
	site := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(site, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("site.toml", "title = \"测试\"\n[indicators]\nas_of = 2026-01-01\n")
	write("data/districts.toml", "[[district]]\nid = \"a\"\nname = \"甲区\"\n")
	write("content/about.md", "+++\ntitle = \"关于\"\n+++\n")
	sheet := "学校,学段,学生数,班级数,专任教师数,高于规定学历教师数,县级以上骨干教师数,体育艺术专任教师数,教学及辅助用房面积,体育运动场馆面积,教学仪器设备值,网络多媒体教室数\n"
	for i, row := range [][2]string{{"45", "279"}, {"37", "137"}, {"89", "935"}, {"76", "160"}, {"55", "402"}} {
		sheet += "第" + string(rune('一'+i)) + "小学,小学," + row[0] + ",2,5,3,1,1,300,500," + row[1] + ",2\n"
	}
	write("data/schools/a/2024.csv", sheet)
	write("content/bulletins/2024-1/index.md", "+++\nseries = \"简报\"\nyear = 2024\nnumber = 1\ndate = 2024-12-01\nissuer = \"督导办\"\n+++\n")
	write("content/bulletins/2024-1/cv.md", "+++\ntitle = \"差异系数\"\nsection = \"数据\"\nkind = \"data\"\n+++\n本期监测结果：\n\n```chart\ndistrict = \"a\"\nkind = \"cv\"\nstage = \"小学\"\n```\n\n```chart\nkind = \"indicator\"\nindicator = \"equipment\"\nstage = \"小学\"\n```\n")
	dest := t.TempDir()
	if _, err := Build(Options{SiteDir: site, Dest: dest}); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dest, "districts/a/indicators.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Periods []struct {
			Stages []struct {
				Stage      string `json:"stage"`
				Indicators []struct {
					ID string          `json:"id"`
					CV json.RawMessage `json:"cv"`
				} `json:"indicators"`
			} `json:"stages"`
		} `json:"periods"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("%v\n%s", err, raw)
	}
	found := false
	for _, p := range doc.Periods {
		for _, st := range p.Stages {
			for _, ind := range st.Indicators {
				if ind.ID == "equipment" {
					found = true
					if string(ind.CV) != "0.515" {
						t.Errorf("CV of 生均教学仪器设备值 = %s, want 0.515", ind.CV)
					}
				}
			}
		}
	}
	if !found {
		t.Fatalf("no equipment indicator in indicators.json:\n%s", raw)
	}
	page, _ := os.ReadFile(filepath.Join(dest, "districts/a/index.html"))
	if !strings.Contains(string(page), "0.515") {
		t.Errorf("the district page does not show 0.515")
	}
	// The chart an article embeds is drawn on its page and its issue's page,
	// each with its data file beside it.
	for _, p := range []string{"bulletins/2024-1/cv/index.html", "bulletins/2024-1/index.html"} {
		b, _ := os.ReadFile(filepath.Join(dest, p))
		if !strings.Contains(string(b), `id="chart-cv-chart-1"`) || !strings.Contains(string(b), `id="chart-cv-chart-2"`) || !strings.Contains(string(b), "echarts.min.") || strings.Contains(string(b), "language-chart") {
			t.Errorf("%s does not carry the embedded chart", p)
		}
	}
	for _, p := range []string{"bulletins/2024-1/cv/charts/cv-chart-1.csv", "bulletins/2024-1/charts/cv-chart-1.csv"} {
		if b, err := os.ReadFile(filepath.Join(dest, p)); err != nil || !strings.Contains(string(b), "0.515") {
			t.Errorf("%s: %v %q", p, err, b)
		}
	}
	// A chart that names a district with no data stops the build and says where.
	write("content/bulletins/2024-1/bad.md", "+++\ntitle = \"坏\"\nsection = \"数据\"\n+++\n```chart\ndistrict = \"nowhere\"\nkind = \"cv\"\n```\n")
	if _, err := Build(Options{SiteDir: site, Dest: dest}); err == nil || !strings.Contains(err.Error(), "content/bulletins/2024-1/bad.md") {
		t.Errorf("bad chart block: err = %v", err)
	}
}
