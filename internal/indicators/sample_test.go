package indicators

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dudao/dudao/internal/diag"
)

// The example site's own data/ folder: it must load without a single
// problem and show the intended differences between the districts.
func TestSampleData(t *testing.T) {
	var list diag.List
	d := Load("../..", nil, "", &list) // ids read from data/districts.toml
	if err := list.Err(); err != nil {
		t.Fatalf("the sample data has errors:\n%v", err)
	}
	if w := list.Warnings(); len(w) > 0 {
		t.Errorf("warnings: %v", w)
	}
	r := Compute(d, date("2026-11-30"))
	failing := func(id, period string) int {
		p := r.District(id).Period(period)
		n := 0
		for _, s := range p.Stages {
			n += len(s.Schools) - s.SchoolsPassed
		}
		return n
	}
	for _, id := range []string{"tongguan", "yian", "jiaoqu", "zongyang"} {
		dr := r.District(id)
		if len(dr.Periods) != 3 || dr.Periods[0].Period.Name != "2023" || dr.Latest().Period.Name != "2025" {
			t.Fatalf("%s: periods %d", id, len(dr.Periods))
		}
		// Improving over the three periods.
		if !(failing(id, "2023") >= failing(id, "2024") && failing(id, "2024") >= failing(id, "2025")) {
			t.Errorf("%s: failing schools %d → %d → %d, not improving", id, failing(id, "2023"), failing(id, "2024"), failing(id, "2025"))
		}
		for _, p := range dr.Periods {
			if p.County == nil {
				t.Errorf("%s %s: no county file", id, p.Period.Name)
			}
			for _, s := range p.Stages {
				if len(s.Schools) < 8 || len(s.Schools) > 15 {
					t.Errorf("%s %s %s: %d schools", id, p.Period.Name, s.Stage, len(s.Schools))
				}
			}
		}
		// One 九年一贯制 school with a row in each 学段.
		latest := dr.Latest()
		nine := 0
		for _, s := range latest.Stage(Primary).Schools {
			if s.School.Type == "九年一贯制" && latest.Stage(Junior).School(s.School.Name) != nil {
				nine++
			}
		}
		if nine != 1 {
			t.Errorf("%s: %d 九年一贯制 schools in both 学段", id, nine)
		}
	}
	if r.District("office") == nil || len(r.District("office").Periods) != 0 {
		t.Errorf("the city office has no schools")
	}

	// 铜官区 is ready in 2025 and not before.
	tg := r.District("tongguan")
	if !tg.Period("2025").Ready || tg.Period("2024").Ready || tg.Period("2023").Ready {
		t.Errorf("tongguan ready: %v %v %v; reasons 2025 %q", tg.Period("2023").Ready, tg.Period("2024").Ready, tg.Period("2025").Ready, tg.Period("2025").Reasons)
	}
	if !strings.Contains(strings.Join(tg.Period("2025").Changes, "\n"), "已达到优质均衡的各项要求") {
		t.Errorf("tongguan changes: %q", tg.Period("2025").Changes)
	}

	// 义安区 is close: only two schools short, each on one indicator.
	yi := r.District("yian").Period("2025")
	if yi.Ready || !yi.County.Passed || failing("yian", "2025") != 2 {
		t.Errorf("yian 2025: ready %v county %v failing %d", yi.Ready, yi.County.Passed, failing("yian", "2025"))
	}
	for _, s := range yi.Stages {
		if !s.CVPassed {
			t.Errorf("yian %s CV over the gate", s.Stage)
		}
		for _, sc := range s.Schools {
			if !sc.Passed && (sc.Met != 6 || !strings.Contains(sc.Shortfall, "生均体育运动场馆面积")) {
				t.Errorf("yian %s: %s", sc.School.Name, sc.Shortfall)
			}
		}
	}

	// 郊区 is in between, 枞阳县 far with a real CV problem.
	if failing("jiaoqu", "2025") <= failing("yian", "2025") || failing("jiaoqu", "2025") >= failing("zongyang", "2025") {
		t.Errorf("failing schools 2025: yian %d jiaoqu %d zongyang %d", failing("yian", "2025"), failing("jiaoqu", "2025"), failing("zongyang", "2025"))
	}
	zy := r.District("zongyang")
	z25 := zy.Period("2025")
	if z25.Ready || z25.Stage(Primary).CVPassed || z25.Stage(Junior).CVPassed {
		t.Errorf("zongyang 2025 should fail on CV in both 学段")
	}
	cvReason := false
	for _, s := range z25.Reasons {
		cvReason = cvReason || strings.Contains(s, "生均体育运动场馆面积的校际差异系数为") || strings.Contains(s, "生均教学仪器设备值的校际差异系数为")
	}
	if !cvReason {
		t.Errorf("zongyang 2025 has no CV reason: %q", z25.Reasons)
	}
	for _, id := range []string{"sports_area", "equipment"} {
		a, b := zy.Period("2023").Stage(Primary).Indicator(id).CV, z25.Stage(Primary).Indicator(id).CV
		if !(b < a) {
			t.Errorf("zongyang %s CV %v → %v, not improving", id, a, b)
		}
	}
	for _, id := range []string{"tongguan", "yian", "jiaoqu"} {
		for _, s := range r.District(id).Period("2025").Stages {
			if !s.CVPassed {
				t.Errorf("%s 2025 %s: CV over the gate", id, s.Stage)
			}
		}
	}

	// 义安区's tasks, problems and phases as of November 2026.
	dr := r.District("yian")
	if tr := dr.Tasks; tr.Total != 22 || tr.Done != 14 || tr.OnTrack != 5 || tr.Overdue != 3 {
		t.Errorf("tasks: %d done %d on track %d overdue %d", tr.Total, tr.Done, tr.OnTrack, tr.Overdue)
	}
	if pr := dr.Problems; pr.Found != 127 || pr.Rectified+pr.Open != 127 || pr.Open != 3 || pr.Overdue != 3 || pr.Months[0].Month != "2020-11" || pr.Months[0].CumFound != 127 {
		t.Errorf("problems: found %d rectified %d open %d overdue %d", pr.Found, pr.Rectified, pr.Open, pr.Overdue)
	} else if last := pr.Months[len(pr.Months)-1]; last.CumRectified != pr.Rectified || last.CumFound != 127 {
		t.Errorf("the monthly series does not add up: %+v", last)
	}
	if c := dr.Phases.Current; c == nil || c.Phase.Name != "市级复核、省级评估及国家认定阶段" {
		t.Errorf("yian current phase %v", c)
	}
	for _, id := range []string{"tongguan", "jiaoqu", "zongyang"} {
		if ph := r.District(id).Phases; ph == nil || len(ph.Phases) != 6 || ph.Phases[0].Phase.Name != "工作筹备" {
			t.Errorf("%s phases %v", id, ph)
		}
	}

	// Open data for every district, deterministic.
	for _, dist := range r.Districts {
		a, err := r.OpenData(dist.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := Compute(d, date("2026-11-30")).OpenData(dist.ID)
		for i := range a {
			if !bytes.Equal(a[i].Data, b[i].Data) {
				t.Errorf("%s %s differs between two runs", dist.ID, a[i].Name)
			}
			if strings.HasSuffix(a[i].Name, ".json") && !json.Valid(a[i].Data) {
				t.Errorf("%s %s is not valid JSON", dist.ID, a[i].Name)
			}
		}
	}
}

// With the Anhui profile (名额分配 ≥ 80%) 郊区's 78% no longer passes, 义安区's 81% does.
func TestSampleDataAnhui(t *testing.T) {
	var list diag.List
	d := Load("../..", nil, "anhui", &list)
	if err := list.Err(); err != nil {
		t.Fatal(err)
	}
	r := Compute(d, date("2026-11-30"))
	quota := func(id string) *ItemResult {
		for _, it := range r.District(id).Period("2025").County.Government {
			if it.Item.ID == "quota" {
				return it
			}
		}
		return nil
	}
	if q := quota("jiaoqu"); q.Met || q.Item.Standard() != "不低于80%" {
		t.Errorf("jiaoqu quota %s met %v", q.Text(), q.Met)
	}
	if !quota("yian").Met || !r.District("tongguan").Period("2025").Ready {
		t.Errorf("yian quota or tongguan readiness changed under the Anhui profile")
	}
}

// Every sample file says it is invented: TOML files in their first line,
// CSV folders by a README.txt beside them (a CSV's first line is its header).
func TestSampleDataIsMarked(t *testing.T) {
	const mark = "# 示例数据（虚构），仅用于演示"
	for _, dir := range []string{"county", "phases"} {
		err := filepath.Walk(filepath.Join("../../data", dir), func(p string, info os.FileInfo, err error) error {
			if err != nil || info.IsDir() {
				return err
			}
			b, _ := os.ReadFile(p)
			if !strings.HasPrefix(string(b), mark+"\n") {
				t.Errorf("%s does not start with %q", p, mark)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, dir := range []string{"schools", "tasks", "problems"} {
		b, err := os.ReadFile(filepath.Join("../../data", dir, "README.txt"))
		if err != nil || !strings.HasPrefix(string(b), "示例数据（虚构），仅用于演示") {
			t.Errorf("data/%s/README.txt: %v", dir, err)
		}
	}
}
