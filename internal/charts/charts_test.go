package charts

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func sample() *Chart {
	return &Chart{
		ID: "cv-2025-小学", Title: "差异系数", Summary: "7 项指标中 6 项低于 0.50。",
		Kind: Bar, Categories: []string{"生均教学仪器设备值", "</script><script>alert(1)</script>"},
		Series:    []Series{{Name: "2025", Values: []float64{0.5153, math.NaN()}}},
		Reference: &Reference{Label: "标准 0.50", Value: 0.5}, Decimals: 3, CSVHref: "indicators.csv",
	}
}

func TestHTMLIsDeterministicAndInert(t *testing.T) {
	a, err := sample().HTML()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := sample().HTML()
	if a != b {
		t.Fatal("two renderings differ")
	}
	s := string(a)
	if strings.Count(s, "<script") != 1 || !strings.Contains(s, `<script type="application/json" id="chart-cv-2025-小学-options">`) {
		t.Errorf("the only script element must be the JSON options:\n%s", s)
	}
	if strings.Contains(s, "</script><script>") {
		t.Errorf("a category broke out of the options")
	}
	for _, want := range []string{`role="img"`, `aria-label="差异系数：7 项指标中 6 项低于 0.50。"`, "<figcaption>", "<details", "0.515", "—", `href="indicators.csv"`} {
		if !strings.Contains(s, want) {
			t.Errorf("fragment lacks %q", want)
		}
	}
}

func TestOptions(t *testing.T) {
	raw, err := sample().Options()
	if err != nil {
		t.Fatal(err)
	}
	var o map[string]any
	if err := json.Unmarshal(raw, &o); err != nil {
		t.Fatal(err)
	}
	if _, ok := o["toolbox"]; ok {
		t.Errorf("toolbox left in")
	}
	aria := o["aria"].(map[string]any)
	if aria["enabled"] != true || aria["decal"].(map[string]any)["show"] != true {
		t.Errorf("aria = %v", aria)
	}
	series := o["series"].([]any)[0].(map[string]any)
	data := series["data"].([]any)
	if data[0].(map[string]any)["value"] != 0.5153 || data[1].(map[string]any)["value"] != "-" {
		t.Errorf("data = %v", data)
	}
	if series["markLine"] == nil {
		t.Errorf("no reference line")
	}
}

func TestHeatMapAndCSV(t *testing.T) {
	c := &Chart{ID: "m", Title: "达标情况", Summary: "s", Kind: HeatMap, Categories: []string{"指标1", "指标2"},
		Rows: []string{"甲小学", "乙小学"}, Series: []Series{{Values: []float64{1.2, 0.8}}, {Values: []float64{math.NaN(), 1}}}, Min: 0, Max: 1.5, Decimals: 2}
	raw, err := c.Options()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), `"value":[0,0,1.2]`) || strings.Contains(string(raw), `[0,1,`) {
		t.Errorf("heat map data: %s", raw)
	}
	csv := string(c.CSV())
	want := "\ufeff,指标1,指标2\r\n甲小学,1.20,0.80\r\n乙小学,,1.00\r\n"
	if csv != want {
		t.Errorf("CSV = %q, want %q", csv, want)
	}
}
