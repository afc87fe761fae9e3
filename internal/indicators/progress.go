package indicators

import (
	"fmt"
	"math"
	"sort"
	"time"
)

// TaskState is where a task stands as of a date.
type TaskState string

const (
	TaskDone    TaskState = "done"     // 已完成
	TaskOnTrack TaskState = "on_track" // not done, deadline not passed (or ongoing)
	TaskOverdue TaskState = "overdue"  // not done, deadline passed
)

// Label is the state in Chinese.
func (s TaskState) Label() string {
	switch s {
	case TaskDone:
		return "已完成"
	case TaskOnTrack:
		return "按期推进"
	case TaskOverdue:
		return "逾期未完成"
	}
	return string(s)
}

// TaskResult is one task judged as of a date.
type TaskResult struct {
	Task     *Task
	State    TaskState
	Progress float64 // 0–100: 100 when done, the 进度 given, else 0
	DaysLeft int     // days from the as-of date to the deadline; negative when overdue; 0 when done or ongoing
}

// TaskReport is a district's key-task list as of a date.
type TaskReport struct {
	Path         string
	AsOf         time.Time
	Tasks        []*TaskResult // in the file's order
	Total        int
	Done         int
	OnTrack      int
	Overdue      int
	PercentDone  float64 // Done ÷ Total × 100
	MeanProgress float64 // the mean of the tasks' Progress
}

// ComputeTasks judges tasks as of asOf: done when 状态 says so (or 进度 is
// 100%), overdue when not done and the deadline's last day has passed, on
// track otherwise (ongoing tasks are never overdue).
func ComputeTasks(tasks []*Task, asOf time.Time) *TaskReport {
	tr := &TaskReport{AsOf: asOf, Total: len(tasks)}
	var sum float64
	for _, t := range tasks {
		res := &TaskResult{Task: t, Progress: math.Max(t.Progress, 0)}
		due := t.Deadline.Due()
		switch {
		case t.Done:
			res.State, res.Progress = TaskDone, 100
			tr.Done++
		case !due.IsZero() && asOf.After(due):
			res.State = TaskOverdue
			tr.Overdue++
		default:
			res.State = TaskOnTrack
			tr.OnTrack++
		}
		if res.State != TaskDone && !due.IsZero() {
			res.DaysLeft = daysBetween(asOf, due)
		}
		sum += res.Progress
		tr.Tasks = append(tr.Tasks, res)
	}
	if tr.Total > 0 {
		tr.PercentDone = float64(tr.Done) / float64(tr.Total) * 100
		tr.MeanProgress = sum / float64(tr.Total)
	}
	return tr
}

// daysBetween counts calendar days from a to b in China time (negative when b is earlier).
func daysBetween(a, b time.Time) int {
	da := day(a.In(China).Year(), int(a.In(China).Month()), a.In(China).Day())
	db := day(b.In(China).Year(), int(b.In(China).Month()), b.In(China).Day())
	return int(math.Round(db.Sub(da).Hours() / 24))
}

// ProblemResult is one problem judged as of a date.
type ProblemResult struct {
	Problem   *Problem
	Rectified bool // crossed off on or before the as-of date
	Overdue   bool // still open after its 整改时限
	Late      bool // crossed off after its 整改时限
}

// MonthPoint is the problem list at the end of one month.
type MonthPoint struct {
	Month        string // 2020-11
	Found        int    // found in the month
	Rectified    int    // crossed off in the month
	CumFound     int    // found up to the month's end
	CumRectified int    // crossed off up to the month's end
	Open         int    // CumFound − CumRectified
	Rate         float64
}

// Label is 2020年11月.
func (m MonthPoint) Label() string {
	var y, mo int
	fmt.Sscanf(m.Month, "%d-%d", &y, &mo)
	return fmt.Sprintf("%d年%d月", y, mo)
}

// CategoryCount is the problems of one 类别.
type CategoryCount struct {
	Category  string // "未分类" when empty
	Found     int
	Rectified int
	Open      int
}

// ProblemReport is a district's problem list as of a date. Problems found
// after the date are left out.
type ProblemReport struct {
	Path       string
	AsOf       time.Time
	Problems   []*ProblemResult // in the file's order
	Found      int
	Rectified  int
	Open       int
	Overdue    int
	Late       int
	Rate       float64         // Rectified ÷ Found, 0–1
	Months     []MonthPoint    // from the first month a problem was found to the last month anything happened (at most the as-of month)
	Categories []CategoryCount // by number found, then name
}

// ComputeProblems counts problems found and rectified as of asOf, and month
// by month.
func ComputeProblems(problems []*Problem, asOf time.Time) *ProblemReport {
	pr := &ProblemReport{AsOf: asOf}
	found := map[string]int{}
	fixed := map[string]int{}
	cats := map[string]*CategoryCount{}
	first, last := "", ""
	for _, p := range problems {
		if p.FoundOn().After(asOf) {
			continue
		}
		res := &ProblemResult{Problem: p}
		closed := p.ClosedOn()
		res.Rectified = !closed.IsZero() && !closed.After(asOf)
		due := p.Due.Due()
		if res.Rectified {
			res.Late = !due.IsZero() && closed.After(due)
		} else {
			res.Overdue = !due.IsZero() && asOf.After(due)
		}
		pr.Problems = append(pr.Problems, res)
		pr.Found++
		m := p.FoundOn().Format("2006-01")
		found[m]++
		first, last = minMonth(first, m), maxMonth(last, m)
		cat := p.Category
		if cat == "" {
			cat = "未分类"
		}
		cc := cats[cat]
		if cc == nil {
			cc = &CategoryCount{Category: cat}
			cats[cat] = cc
		}
		cc.Found++
		if res.Rectified {
			pr.Rectified++
			cc.Rectified++
			m := closed.Format("2006-01")
			fixed[m]++
			last = maxMonth(last, m)
		} else {
			cc.Open++
			pr.Open++
		}
		if res.Overdue {
			pr.Overdue++
		}
		if res.Late {
			pr.Late++
		}
	}
	if pr.Found > 0 {
		pr.Rate = float64(pr.Rectified) / float64(pr.Found)
	}
	if first != "" {
		t, _ := time.ParseInLocation("2006-01", first, China)
		end, _ := time.ParseInLocation("2006-01", last, China)
		cf, cr := 0, 0
		for ; !t.After(end); t = t.AddDate(0, 1, 0) {
			m := t.Format("2006-01")
			cf += found[m]
			cr += fixed[m]
			mp := MonthPoint{Month: m, Found: found[m], Rectified: fixed[m], CumFound: cf, CumRectified: cr, Open: cf - cr}
			if cf > 0 {
				mp.Rate = float64(cr) / float64(cf)
			}
			pr.Months = append(pr.Months, mp)
		}
	}
	for _, c := range cats {
		pr.Categories = append(pr.Categories, *c)
	}
	sort.Slice(pr.Categories, func(i, j int) bool {
		a, b := pr.Categories[i], pr.Categories[j]
		if a.Found != b.Found {
			return a.Found > b.Found
		}
		return a.Category < b.Category
	})
	return pr
}

func minMonth(a, b string) string {
	if a == "" || b < a {
		return b
	}
	return a
}

func maxMonth(a, b string) string {
	if b > a {
		return b
	}
	return a
}

// PhaseState is where a stage of the schedule stands as of a date.
type PhaseState string

const (
	PhaseDone     PhaseState = "done"     // 已结束
	PhaseCurrent  PhaseState = "current"  // 进行中
	PhaseUpcoming PhaseState = "upcoming" // 未开始
)

// Label is the state in Chinese.
func (s PhaseState) Label() string {
	switch s {
	case PhaseDone:
		return "已结束"
	case PhaseCurrent:
		return "进行中"
	case PhaseUpcoming:
		return "未开始"
	}
	return string(s)
}

// PhaseResult is one stage as of a date.
type PhaseResult struct {
	Phase *Phase
	State PhaseState
}

// PhaseReport is a district's schedule as of a date.
type PhaseReport struct {
	Path    string
	AsOf    time.Time
	Phases  []*PhaseResult // in the file's order
	Current *PhaseResult   // the latest stage in progress, nil when none
}

// ComputePhases places each stage as of asOf. A stage without an end ends
// when the next stage (by start) begins; the last such stage never ends.
func ComputePhases(phases []*Phase, asOf time.Time) *PhaseReport {
	pr := &PhaseReport{AsOf: asOf}
	for _, ph := range phases {
		end := ph.End.Due()
		if end.IsZero() {
			for _, other := range phases {
				if other != ph && other.Begins().After(ph.Begins()) && (end.IsZero() || other.Begins().Before(end)) {
					end = other.Begins().Add(-time.Second)
				}
			}
		}
		res := &PhaseResult{Phase: ph}
		switch {
		case asOf.Before(ph.Begins()):
			res.State = PhaseUpcoming
		case !end.IsZero() && asOf.After(end):
			res.State = PhaseDone
		default:
			res.State = PhaseCurrent
			if pr.Current == nil || ph.Begins().After(pr.Current.Phase.Begins()) {
				pr.Current = res
			}
		}
		pr.Phases = append(pr.Phases, res)
	}
	return pr
}
