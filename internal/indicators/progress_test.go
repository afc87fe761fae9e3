package indicators

import (
	"fmt"
	"strings"
	"testing"
)

const taskHeader = "序号,主要任务,工作目标,责任单位,完成时间,状态,进度\n"

func TestTasksAgainstAsOf(t *testing.T) {
	csv := taskHeader +
		"1,加强党对教育工作的全面领导,所有学校制定章程,区委教育工委,2024年底,已完成,\n" +
		"2,优化义务教育学校布局规划,布局合理,区教体局,2026年底,推进中,60%\n" +
		"3,着力化解大校额大班额,\"1.规模不超过2000人\n2.班额不超过45人、50人\",区教体局,2026年8月,推进中,80\n" +
		"4,加快教育信息化建设,管理与教学信息化,区教体局,2025年底,,100%\n" +
		"5,提高社会认可度,认可度85%以上,区委教育工委,长期,推进中,\n" +
		"6,规范办学行为,无过重课业负担,区教体局,2026-11-30,未开始,\n"
	d := mustLoad(t, writeSite(t, map[string]string{"data/tasks/yian.csv": csv}))
	tasks := d.District("yian").Tasks
	if len(tasks) != 6 || !strings.Contains(tasks[2].Goal, "\n2.班额") {
		t.Fatalf("%d tasks; goal %q", len(tasks), tasks[2].Goal)
	}
	tests := []struct {
		asOf    string
		states  string
		done    int
		overdue int
		percent string
	}{
		{"2024-06-30", "done on_track on_track done on_track on_track", 2, 0, "33.3"},
		{"2026-11-30", "done on_track overdue done on_track on_track", 2, 1, "33.3"},
		{"2026-12-01", "done on_track overdue done on_track overdue", 2, 2, "33.3"},
		{"2027-01-01", "done overdue overdue done on_track overdue", 2, 3, "33.3"},
	}
	for _, tt := range tests {
		tr := ComputeTasks(tasks, date(tt.asOf))
		var states []string
		for _, r := range tr.Tasks {
			states = append(states, string(r.State))
		}
		if got := strings.Join(states, " "); got != tt.states || tr.Done != tt.done || tr.Overdue != tt.overdue ||
			FormatFixed(tr.PercentDone, 1) != tt.percent || tr.Done+tr.OnTrack+tr.Overdue != tr.Total {
			t.Errorf("as of %s: %s (done %d overdue %d, %.1f%%), want %s", tt.asOf, got, tr.Done, tr.Overdue, tr.PercentDone, tt.states)
		}
	}
	tr := ComputeTasks(tasks, date("2026-11-30"))
	if FormatFixed(tr.MeanProgress, 1) != "56.7" { // (100+60+80+100+0+0)/6
		t.Errorf("mean progress %v", tr.MeanProgress)
	}
	if tr.Tasks[2].DaysLeft != -91 || tr.Tasks[1].DaysLeft != 31 || tr.Tasks[5].DaysLeft != 0 {
		t.Errorf("days left %d %d %d", tr.Tasks[2].DaysLeft, tr.Tasks[1].DaysLeft, tr.Tasks[5].DaysLeft)
	}
}

func TestBadTasks(t *testing.T) {
	const p = "data/tasks/yian.csv"
	tests := []struct {
		name, csv string
		want      []string
	}{
		{"bad deadline", taskHeader + "1,任务,目标,单位,20268,推进中,\n", []string{p + ":2:5: 完成时间“20268”看不懂：请写成 2026-08-31、2026年8月、2024年底或 2025年上半年"}},
		{"empty deadline", taskHeader + "1,任务,目标,单位,,推进中,\n", []string{p + ":2:5: 完成时间是空的：写 2026年8月、2024年底或“长期”"}},
		{"bad status", taskHeader + "1,任务,目标,单位,2025年底,搁置,\n", []string{p + ":2:6: 状态“搁置”看不懂：请写 已完成、推进中 或 未开始"}},
		{"status and progress disagree", taskHeader + "1,任务,目标,单位,2025年底,已完成,60%\n", []string{p + ":2:6: 状态是“已完成”，但进度只有 60%"}},
		{"bad progress", taskHeader + "1,任务,目标,单位,2025年底,推进中,120%\n", []string{p + ":2:7: 进度“120%”看不懂：请写 0 到 100 的百分数，如 60%"}},
		{"missing column", "序号,任务,目标\n1,a,b\n", []string{p + ":1: 缺少必需的列：完成时间。表头里有：序号、任务、目标"}},
		{"unknown district", "", []string{"data/tasks/yan.csv: 不认识的区县“yan”：data/districts.toml 里的 id 有 office、tongguan、yian、jiaoqu、zongyang"}},
	}
	for _, tt := range tests {
		path := p
		if tt.name == "unknown district" {
			path, tt.csv = "data/tasks/yan.csv", taskHeader
		}
		_, errs := load(t, writeSite(t, map[string]string{path: tt.csv}), "")
		if strings.Join(errs, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, strings.Join(errs, "\n     "), strings.Join(tt.want, "\n     "))
		}
	}
}

const problemHeader = "发现日期,类别,问题,学校,整改时限,状态,销号日期\n"

func TestProblemsOverTime(t *testing.T) {
	var b strings.Builder
	b.WriteString(problemHeader)
	// 10 found in November 2020: 4 closed in December, 3 in February 2021
	// (one of them after its deadline), 3 open (2 past their deadline).
	for i := 1; i <= 10; i++ {
		closed, status, due := "", "整改中", "2021-03-31"
		switch {
		case i <= 4:
			closed, status = "2020-12-15", "已销号"
		case i <= 7:
			closed, status = "2021-02-20", "已销号"
			if i == 7 {
				due = "2021-01-31"
			}
		case i == 10:
			due = "2027年底"
		}
		fmt.Fprintf(&b, "2020年11月,功能室维修改造,问题%d,五松镇中心小学,%s,%s,%s\n", i, due, status, closed)
	}
	// Two more found in March 2021, one closed the same month.
	b.WriteString("2021-03-02,校园文化建设,问题11,,2021年上半年,已销号,2021-03-28\n")
	b.WriteString("2021-03-05,,问题12,,,,\n")
	// Found after the as-of date: left out.
	b.WriteString("2030-01-01,校园文化建设,问题13,,,,\n")
	d := mustLoad(t, writeSite(t, map[string]string{"data/problems/yian.csv": b.String()}))
	pr := ComputeProblems(d.District("yian").Problems, date("2021-06-30"))
	if pr.Found != 12 || pr.Rectified != 8 || pr.Open != 4 || pr.Overdue != 2 || pr.Late != 1 || FormatPercent(pr.Rate, 1) != "66.7%" {
		t.Errorf("found %d rectified %d open %d overdue %d late %d rate %v", pr.Found, pr.Rectified, pr.Open, pr.Overdue, pr.Late, pr.Rate)
	}
	var months []string
	for _, m := range pr.Months {
		months = append(months, fmt.Sprintf("%s %d/%d %d %s", m.Month, m.CumRectified, m.CumFound, m.Open, FormatPercent(m.Rate, 0)))
	}
	want := "2020-11 0/10 10 0%|2020-12 4/10 6 40%|2021-01 4/10 6 40%|2021-02 7/10 3 70%|2021-03 8/12 4 67%"
	if got := strings.Join(months, "|"); got != want {
		t.Errorf("months\n got %s\nwant %s", got, want)
	}
	if pr.Months[0].Label() != "2020年11月" {
		t.Errorf("label %s", pr.Months[0].Label())
	}
	cats := fmt.Sprint(pr.Categories)
	if cats != "[{功能室维修改造 10 7 3} {未分类 1 0 1} {校园文化建设 1 1 0}]" {
		t.Errorf("categories %s", cats)
	}
	// As of January 2021 the February closings have not happened yet.
	early := ComputeProblems(d.District("yian").Problems, date("2021-01-31"))
	if early.Found != 10 || early.Rectified != 4 || early.Overdue != 0 || len(early.Months) != 2 {
		t.Errorf("as of 2021-01-31: %d %d %d months %d", early.Found, early.Rectified, early.Overdue, len(early.Months))
	}
}

func TestBadProblems(t *testing.T) {
	const p = "data/problems/yian.csv"
	tests := []struct {
		name, row string
		want      string
	}{
		{"closed without a date", "2020-11-20,类别,问题,学校,2021-03-31,已销号,", p + ":2:7: 状态是“已销号”，但没有销号日期：请填上销号的日期"},
		{"open with a date", "2020-11-20,类别,问题,学校,2021-03-31,整改中,2021-01-05", p + ":2:6: 状态是“整改中”，但已填了销号日期 2021-01-05"},
		{"closed before found", "2020-11-20,类别,问题,学校,2021-03-31,,2020-10-05", p + ":2:7: 销号日期 2020-10-05 早于发现日期 2020-11-20"},
		{"no found date", ",类别,问题,学校,2021-03-31,,", p + ":2:1: 发现日期是空的"},
		{"bad date", "2020-11-20,类别,问题,学校,明年春天,,", p + ":2:5: 整改时限“明年春天”看不懂：请写成 2026-08-31、2026年8月、2024年底或 2025年上半年"},
		{"bad status", "2020-11-20,类别,问题,学校,,搁置,", p + ":2:6: 状态“搁置”看不懂：请写 已销号（已整改）或 整改中"},
	}
	for _, tt := range tests {
		_, errs := load(t, writeSite(t, map[string]string{p: problemHeader + tt.row + "\n"}), "")
		if strings.Join(errs, "\n") != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, strings.Join(errs, "\n     "), tt.want)
		}
	}
}

func TestPhases(t *testing.T) {
	toml := `# 示例
[[stage]]
name = "动员、摸底阶段"
start = "2024年11月"
end = "2025年2月"

[[stage]]
name = "全面实施阶段"
start = 2025-03-01
end = "2025年12月"

[[stage]]
name = "市级验收"
start = "2025年4月"

[[stage]]
name = "国家认定"
start = "2026年9月"
`
	d := mustLoad(t, writeSite(t, map[string]string{"data/phases/yian.toml": toml}))
	ph := d.District("yian").Phases
	if len(ph) != 4 || ph[1].Begins() != date("2025-03-01") || ph[0].Ends() != date("2025-02-28") || !ph[2].Ends().IsZero() {
		t.Fatalf("%+v", ph)
	}
	tests := []struct{ asOf, states, current string }{
		{"2024-10-31", "upcoming upcoming upcoming upcoming", ""},
		{"2025-02-28", "current upcoming upcoming upcoming", "动员、摸底阶段"},
		{"2025-05-01", "done current current upcoming", "市级验收"},
		{"2026-11-15", "done done done current", "国家认定"},
	}
	for _, tt := range tests {
		pr := ComputePhases(ph, date(tt.asOf))
		var states []string
		for _, r := range pr.Phases {
			states = append(states, string(r.State))
		}
		cur := ""
		if pr.Current != nil {
			cur = pr.Current.Phase.Name
		}
		if strings.Join(states, " ") != tt.states || cur != tt.current {
			t.Errorf("as of %s: %s / %s, want %s / %s", tt.asOf, strings.Join(states, " "), cur, tt.states, tt.current)
		}
	}
	const p = "data/phases/yian.toml"
	bad := []struct{ text, want string }{
		{"[[stage]]\nname = \"甲\"\nstart = \"明年\"\n", p + ":3:1: start“明年”看不懂：请写成 2026-08-31、2026年8月、2024年底或 2025年上半年"},
		{"[[stage]]\nname = \"甲\"\nstart = \"2025年3月\"\nend = \"2025年1月\"\n", p + ":4:1: 阶段“甲”的结束（2025年1月）早于开始（2025年3月）"},
		{"\n[[stage]]\nname = \"甲\"\n", p + ":2:1: 阶段“甲”缺少开始日期 start"},
		{"[[stage]]\nstart = \"2025年\"\n", p + ":1:1: 阶段缺少名称 name"},
		{"[[stage]]\nname = \"甲\"\nstart = 2025\n", p + ":3:1: start 要写日期，如 \"2024年11月\" 或 2024-11-01"},
		{"title = \"x\"\n", p + ":1:1: 不认识的字段 title"},
	}
	for _, tt := range bad {
		_, errs := load(t, writeSite(t, map[string]string{p: tt.text}), "")
		if strings.Join(errs, "\n") != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.text, strings.Join(errs, "\n     "), tt.want)
		}
	}
}
