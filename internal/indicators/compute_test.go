package indicators

import (
	"math"
	"strings"
	"testing"
)

// The worked example of domain.md §4.2: five schools, 45 37 89 76 55
// students, 279 137 935 160 402 units.
var fiveStudents = []float64{45, 37, 89, 76, 55}
var fiveUnits = []float64{279, 137, 935, 160, 402}

func TestCVWorkedExample(t *testing.T) {
	x := make([]float64, 5)
	for i := range x {
		x[i] = fiveUnits[i] / fiveStudents[i]
	}
	mean, sd, cv := CV(x, fiveStudents)
	if math.Abs(mean-1913.0/302) > 1e-12 {
		t.Errorf("mean = %v, want 1913/302 = %v", mean, 1913.0/302)
	}
	if FormatFixed(mean, 4) != "6.3344" || FormatFixed(sd, 3) != "3.264" || FormatFixed(cv, 4) != "0.5153" {
		t.Errorf("mean %.4f S %.3f CV %.4f, want 6.3344 3.264 0.5153", mean, sd, cv)
	}
	if FormatCV(cv) != "0.515" {
		t.Errorf("FormatCV = %s, want 0.515", FormatCV(cv))
	}
	// The unweighted CV, the wrong answer, is 0.4888.
	ones := []float64{1, 1, 1, 1, 1}
	_, _, unweighted := CV(x, ones)
	if FormatFixed(unweighted, 4) != "0.4888" || FormatFixed(cv, 4) == "0.4888" {
		t.Errorf("unweighted %.4f; weighted %.4f must differ from it", unweighted, cv)
	}
}

// The same example through a sheet, the standard and the report: the
// teaching-area indicator of five 小学 schools.
func TestCVWorkedExampleThroughSheet(t *testing.T) {
	var b strings.Builder
	b.WriteString(header + "\n")
	for i, n := range fiveStudents {
		// Every other column generous, so only the CV is under test.
		b.WriteString(strings.Join([]string{"学校" + string(rune('甲'+i)), "小学", trimFloat(n), "3", "5", "10", "5", "5",
			trimFloat(fiveUnits[i]), "2000", "500000", "5"}, ",") + "\n")
	}
	dir := writeSite(t, map[string]string{"data/schools/yian/2024.csv": b.String()})
	d := mustLoad(t, dir)
	r := Compute(d, date("2024-12-31"))
	st := r.District("yian").Latest().Stage(Primary)
	ir := st.Indicator("teaching_area")
	if FormatFixed(ir.CV, 4) != "0.5153" || FormatMean(ir.Mean) != "6.334" {
		t.Fatalf("teaching_area CV %.4f mean %.4f, want 0.5153 6.334", ir.CV, ir.Mean)
	}
	if ir.CVPassed {
		t.Errorf("CV 0.5153 passed the 小学 gate 0.50")
	}
	found := false
	for _, reason := range st.Reasons {
		if strings.Contains(reason, "生均教学及辅助用房面积的校际差异系数为 0.515，超过 0.50") {
			found = true
		}
	}
	if !found {
		t.Errorf("no CV reason in %q", st.Reasons)
	}
}

func TestCVEdges(t *testing.T) {
	if m, s, c := CV(nil, nil); m != 0 || s != 0 || c != 0 {
		t.Errorf("empty: %v %v %v", m, s, c)
	}
	if _, _, c := CV([]float64{0, 0}, []float64{10, 20}); c != 0 {
		t.Errorf("all zero: CV %v", c)
	}
	if _, _, c := CV([]float64{5}, []float64{100}); c != 0 {
		t.Errorf("one school: CV %v", c)
	}
	if _, _, c := CV([]float64{3, 3, 3}, []float64{1, 50, 900}); c > 1e-15 {
		t.Errorf("equal values: CV %v", c)
	}
}

func TestSchoolRule(t *testing.T) {
	std := national(t)
	with := func(col string, factor float64) map[string]float64 {
		m := atThreshold()
		m[col] *= factor
		return m
	}
	tests := []struct {
		name   string
		cols   map[string]float64
		met    int
		passed bool
		short  string
	}{
		{"all seven exactly at threshold", atThreshold(), 7, true, ""},
		{"six met, seventh at 85%", with("体育运动场馆面积", 0.85), 6, true, ""},
		{"six met, seventh at 84.9%", with("体育运动场馆面积", 0.849), 6, false,
			"生均体育运动场馆面积 6.37㎡（标准 7.5㎡，差 1.13㎡，为标准的 84.9%，低于 85%）"},
		{"six met, seventh at 90%", with("教学仪器设备值", 0.9), 6, true, ""},
		{"six met, seventh a hair under", with("网络多媒体教室数", 22.99/23), 6, true, ""},
		{"five met", func() map[string]float64 {
			m := with("体育运动场馆面积", 0.9)
			m["教学仪器设备值"] *= 0.95
			return m
		}(), 5, false, "7 项指标中 5 项达标（至少要 6 项）"},
		{"per-100 at 4.2 from 42×100÷1000", atThreshold(), 7, true, ""},
	}
	for _, tt := range tests {
		res := EvaluateSchool(std, school("某小学", Primary, 1000, tt.cols))
		if res.Met != tt.met || res.Passed != tt.passed || !strings.Contains(res.Shortfall, tt.short) {
			t.Errorf("%s: met %d passed %v %q; want %d %v …%s…", tt.name, res.Met, res.Passed, res.Shortfall, tt.met, tt.passed, tt.short)
		}
	}
}

func TestSchoolRuleConfigurable(t *testing.T) {
	std := national(t)
	std.SchoolRule = SchoolRule{MinMet: 7}
	m := atThreshold()
	m["体育运动场馆面积"] *= 0.99
	if EvaluateSchool(std, school("某小学", Primary, 1000, m)).Passed {
		t.Errorf("with min_met = 7 a school with 6 met passed")
	}
	std.SchoolRule = SchoolRule{MinMet: 6, Floor: 0.8}
	m["体育运动场馆面积"] = 7500 * 0.81
	if !EvaluateSchool(std, school("某小学", Primary, 1000, m)).Passed {
		t.Errorf("with floor 0.8 a school at 81%% failed")
	}
}

// A 九年一贯制 school has a row per 学段; each counts in its own 学段 with
// its own thresholds.
func TestNineYearSchoolCountsInEachStage(t *testing.T) {
	csv := header + ",学校类型\n" +
		"钟鸣学校,小学,600,12,40,30,7,6,3000,5000,1300000,15,九年一贯制\n" +
		"钟鸣学校,初中,400,8,35,25,5,4,2400,4200,1050000,10,九年一贯制\n" +
		"城关小学,小学,900,20,55,45,10,9,4200,7000,1900000,22,小学\n"
	d := mustLoad(t, writeSite(t, map[string]string{"data/schools/yian/2024.csv": csv}))
	p := Compute(d, date("2025-01-01")).District("yian").Latest()
	pri, jun := p.Stage(Primary), p.Stage(Junior)
	if len(pri.Schools) != 2 || len(jun.Schools) != 1 {
		t.Fatalf("小学 %d schools, 初中 %d; want 2 and 1", len(pri.Schools), len(jun.Schools))
	}
	if pri.Students != 1500 || jun.Students != 400 {
		t.Errorf("students %v %v", pri.Students, jun.Students)
	}
	// 初中 row: 25×100/400 = 6.25 ≥ 5.3; 2400/400 = 6 ≥ 5.8; 4200/400 = 10.5 ≥ 10.2; 1050000/400 = 2625 ≥ 2500.
	js := jun.School("钟鸣学校")
	if js.Met != 7 || !js.Passed || js.School.Type != "九年一贯制" {
		t.Errorf("初中 row: met %d passed %v type %q", js.Met, js.Passed, js.School.Type)
	}
	// 小学 row: 5000/600 = 8.33 ≥ 7.5; the 初中 threshold 10.2 must not apply.
	ps := pri.School("钟鸣学校")
	if v := ps.Values[4]; v.Threshold != 7.5 || !v.Met {
		t.Errorf("小学 row sports: %+v", v)
	}
}

func TestReadinessAndReasons(t *testing.T) {
	std := national(t)
	good := func(name string, st Stage) *School {
		m := atThreshold()
		if st == Junior {
			m = map[string]float64{"高于规定学历教师数": 60, "县级以上骨干教师数": 12, "体育艺术专任教师数": 10,
				"教学及辅助用房面积": 6000, "体育运动场馆面积": 11000, "教学仪器设备值": 2600000, "网络多媒体教室数": 25}
		}
		return school(name, st, 1000, m)
	}
	all := func(v bool) map[string]ItemValue {
		out := map[string]ItemValue{}
		for _, it := range append(append([]*CountyItem(nil), std.Government...), std.Quality...) {
			b := v
			out[it.ID] = ItemValue{Met: &b}
		}
		return out
	}
	rec := 90.0
	county := &County{Government: all(true), Quality: all(true), Recognition: &rec}
	sheet := &Sheet{Schools: []*School{good("一小", Primary), good("二小", Primary), good("一中", Junior)}}
	p := ComputePeriod(std, Period{Name: "2025", Year: 2025}, sheet, county, nil)
	if !p.Ready || len(p.Reasons) != 0 {
		t.Fatalf("ready %v, reasons %q", p.Ready, p.Reasons)
	}

	// A quota of 72% against the national 50% passes; recognition 84.5 fails; a veto fails.
	q := 72.0
	county.Government["quota"] = ItemValue{Value: &q}
	low := 84.5
	county.Recognition = &low
	county.Vetoes = []string{"key_schools"}
	cs := map[Stage]float64{Primary: 46, Junior: 48}
	county.Government["class_size"] = ItemValue{ByStage: cs}
	delete(county.Quality, "homework")
	p = ComputePeriod(std, Period{Name: "2025", Year: 2025}, sheet, county, nil)
	want := []string{
		"政府保障程度第 5 项“班额”为 小学 46人、初中 48人，要求小学不超过45人、初中不超过50人",
		"教育质量第 8 项“课业负担”未填报",
		"社会认可度 84.5%，低于 85%（差 0.5 个百分点）",
		"一票否决：设立重点学校或重点班",
	}
	if p.Ready || strings.Join(p.Reasons, "\n") != strings.Join(want, "\n") {
		t.Errorf("reasons:\n%s\nwant:\n%s", strings.Join(p.Reasons, "\n"), strings.Join(want, "\n"))
	}
	if p.County.GovernmentMet != 14 || p.County.QualityMet != 8 {
		t.Errorf("met %d %d", p.County.GovernmentMet, p.County.QualityMet)
	}

	// No 初中 schools and no county file.
	p = ComputePeriod(std, Period{Name: "2025", Year: 2025}, &Sheet{Schools: []*School{good("一小", Primary)}}, nil, nil)
	if p.Ready || p.Reasons[0] != "初中：没有学校数据" || !strings.Contains(p.Reasons[1], "没有本期的县级数据") {
		t.Errorf("reasons %q", p.Reasons)
	}
}

func TestChangesBetweenPeriods(t *testing.T) {
	std := national(t)
	weak := atThreshold()
	weak["体育运动场馆面积"] = 5000
	weak["教学仪器设备值"] = 1500000
	y1 := &Sheet{Schools: []*School{school("一小", Primary, 1000, weak), school("二小", Primary, 1000, atThreshold())}}
	y2 := &Sheet{Schools: []*School{school("一小", Primary, 1000, atThreshold()), school("二小", Primary, 1000, atThreshold())}}
	p1 := ComputePeriod(std, Period{Name: "2024", Year: 2024}, y1, nil, nil)
	p2 := ComputePeriod(std, Period{Name: "2025", Year: 2025}, y2, nil, p1)
	got := strings.Join(p2.Changes, "\n")
	for _, w := range []string{"小学达标学校由 1/2 所变为 2/2 所", "小学 一小 已达标"} {
		if !strings.Contains(got, w) {
			t.Errorf("changes lack %q:\n%s", w, got)
		}
	}
	ir := p2.Stage(Primary).Indicator("sports_area")
	if d, ok := ir.MeanChange(); !ok || FormatFixed(d, 2) != "1.25" {
		t.Errorf("mean change %v %v", d, ok)
	}
	if d, ok := ir.CVChange(); !ok || d >= 0 {
		t.Errorf("CV change %v %v", d, ok)
	}
	if p2.Stage(Primary).School("一小").Prev == nil {
		t.Errorf("school not linked to the previous period")
	}
}
