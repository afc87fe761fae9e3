package indicators

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/dudao/dudao/internal/parallel"
)

// Report is everything computed from Data as of a date. Compute builds it; it
// reads nothing and writes nothing.
type Report struct {
	Standard  *Standard
	AsOf      time.Time
	Districts []*DistrictReport // in the order of Data.Districts
}

// DistrictReport is one district: its periods, oldest first, and its progress.
type DistrictReport struct {
	ID       string
	Periods  []*PeriodReport
	Tasks    *TaskReport    // nil when the district has no task list
	Problems *ProblemReport // nil when it has no problem list
	Phases   *PhaseReport   // nil when it has no schedule
}

// PeriodReport is one period of a district: both 学段, the county items and
// the verdict.
type PeriodReport struct {
	Period  Period
	Stages  []*StageReport // 小学, 初中: always both, a 学段 without schools has no Schools
	County  *CountyReport  // nil when the period has no county file
	Ready   bool           // both 学段 pass 资源配置 and every county item is met
	Reasons []string       // why not, in plain Chinese: schools, indicators, how far off
	Changes []string       // what changed since Prev, in plain Chinese
	Prev    *PeriodReport  // the previous period, nil for the first
}

// StageReport is 资源配置 for one 学段 of one period.
type StageReport struct {
	Stage         Stage
	Schools       []*SchoolResult // in sheet order
	Indicators    []*IndicatorResult
	Students      float64
	SchoolsPassed int  // schools meeting the per-school rule
	CVPassed      bool // every indicator's 差异系数 within the gate
	Passed        bool // every school passes and every 差异系数 is within the gate
	Reasons       []string
	Prev          *StageReport
}

// SchoolResult is one school in one 学段.
type SchoolResult struct {
	School    *School
	Values    []IndicatorValue // in the standard's order
	Met       int              // indicators meeting their threshold
	Passed    bool             // the per-school rule
	Shortfall string           // why not, in plain Chinese; "" when passed
	Prev      *SchoolResult    // the same school and 学段 in the previous period
}

// IndicatorValue is one indicator of one school.
type IndicatorValue struct {
	Indicator  *Indicator
	Value      float64
	Threshold  float64
	Attainment float64 // Value/Threshold (Threshold/Value for "at most"); ≥1 means met
	Met        bool
	Gap        float64 // how far from the threshold, in the indicator's unit; 0 when met
}

// IndicatorResult is one indicator across the schools of a 学段.
type IndicatorResult struct {
	Indicator      *Indicator
	Threshold      float64
	Mean           float64 // enrolment-weighted mean, Σ P·X / Σ P
	SD             float64 // student-weighted population standard deviation
	CV             float64 // 差异系数, SD / Mean
	Gate           float64 // the CV may not exceed it
	CVPassed       bool
	SchoolsMeeting int
	Schools        int
	Min, Max       float64
	MinSchool      string
	MaxSchool      string
	Prev           *IndicatorResult
}

// MeanChange is Mean minus the previous period's, and whether there was one.
func (r *IndicatorResult) MeanChange() (float64, bool) {
	if r.Prev == nil {
		return 0, false
	}
	return r.Mean - r.Prev.Mean, true
}

// CVChange is CV minus the previous period's, and whether there was one.
func (r *IndicatorResult) CVChange() (float64, bool) {
	if r.Prev == nil {
		return 0, false
	}
	return r.CV - r.Prev.CV, true
}

// District returns the report of the district with the id, or nil.
func (r *Report) District(id string) *DistrictReport {
	for _, d := range r.Districts {
		if d.ID == id {
			return d
		}
	}
	return nil
}

// Latest is the newest period, or nil.
func (d *DistrictReport) Latest() *PeriodReport {
	if len(d.Periods) == 0 {
		return nil
	}
	return d.Periods[len(d.Periods)-1]
}

// Period returns the period with the name, or nil.
func (d *DistrictReport) Period(name string) *PeriodReport {
	for _, p := range d.Periods {
		if p.Period.Name == name {
			return p
		}
	}
	return nil
}

// Stage returns the report of a 学段.
func (p *PeriodReport) Stage(s Stage) *StageReport {
	for _, st := range p.Stages {
		if st.Stage == s {
			return st
		}
	}
	return nil
}

// Indicator returns the result of the indicator with the id, or nil.
func (s *StageReport) Indicator(id string) *IndicatorResult {
	for _, r := range s.Indicators {
		if r.Indicator.ID == id {
			return r
		}
	}
	return nil
}

// School returns the school with the name, or nil.
func (s *StageReport) School(name string) *SchoolResult {
	for _, r := range s.Schools {
		if r.School.Name == name {
			return r
		}
	}
	return nil
}

// Compute works out every figure from d as of asOf (tasks, problems and
// phases are judged against it). It is a pure function of its arguments.
func Compute(d *Data, asOf time.Time) *Report {
	r := &Report{Standard: d.Standard, AsOf: asOf, Districts: make([]*DistrictReport, len(d.Districts))}
	parallel.Do(len(d.Districts), func(i int) error {
		r.Districts[i] = ComputeDistrict(d.Standard, d.Districts[i], asOf)
		return nil
	})
	return r
}

// ComputeDistrict computes one district's report; districts are computed
// each on its own.
func ComputeDistrict(std *Standard, dist *District, asOf time.Time) *DistrictReport {
	dr := &DistrictReport{ID: dist.ID}
	if std != nil {
		// Periods are those with a sheet or a county file.
		type pair struct {
			sheet  *Sheet
			county *County
		}
		byName := map[string]*pair{}
		var periods []Period
		for _, sh := range dist.Sheets {
			if byName[sh.Period.Name] == nil {
				byName[sh.Period.Name] = &pair{}
				periods = append(periods, sh.Period)
			}
			byName[sh.Period.Name].sheet = sh
		}
		for _, c := range dist.County {
			if byName[c.Period.Name] == nil {
				byName[c.Period.Name] = &pair{}
				periods = append(periods, c.Period)
			}
			byName[c.Period.Name].county = c
		}
		sortPeriods(periods)
		var prev *PeriodReport
		for _, p := range periods {
			pr := ComputePeriod(std, p, byName[p.Name].sheet, byName[p.Name].county, prev)
			dr.Periods = append(dr.Periods, pr)
			prev = pr
		}
	}
	if dist.TasksPath != "" {
		dr.Tasks = ComputeTasks(dist.Tasks, asOf)
		dr.Tasks.Path = dist.TasksPath
	}
	if dist.ProblemsPath != "" {
		dr.Problems = ComputeProblems(dist.Problems, asOf)
		dr.Problems.Path = dist.ProblemsPath
	}
	if dist.PhasesPath != "" {
		dr.Phases = ComputePhases(dist.Phases, asOf)
		dr.Phases.Path = dist.PhasesPath
	}
	return dr
}

func sortPeriods(ps []Period) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].Less(ps[j-1]); j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

// ComputePeriod judges one period. sheet or county may be nil; prev is the
// previous period's report (nil for the first), used for the changes.
func ComputePeriod(std *Standard, p Period, sheet *Sheet, county *County, prev *PeriodReport) *PeriodReport {
	pr := &PeriodReport{Period: p, Prev: prev}
	for _, st := range Stages {
		var schools []*School
		if sheet != nil {
			for _, s := range sheet.Schools {
				if s.Stage == st {
					schools = append(schools, s)
				}
			}
		}
		var prevStage *StageReport
		if prev != nil {
			prevStage = prev.Stage(st)
		}
		sr := ComputeStage(std, st, schools, prevStage)
		pr.Stages = append(pr.Stages, sr)
		pr.Reasons = append(pr.Reasons, sr.Reasons...)
	}
	ready := true
	for _, sr := range pr.Stages {
		ready = ready && sr.Passed
	}
	if county != nil {
		pr.County = EvaluateCounty(std, county)
		pr.Reasons = append(pr.Reasons, pr.County.Reasons...)
		ready = ready && pr.County.Passed
	} else {
		ready = false
		pr.Reasons = append(pr.Reasons, "没有本期的县级数据（政府保障程度、教育质量、社会认可度），无法判断")
	}
	pr.Ready = ready
	if prev != nil {
		pr.Changes = changes(pr, prev)
	}
	return pr
}

// ComputeStage computes 资源配置 for the schools of one 学段.
func ComputeStage(std *Standard, st Stage, schools []*School, prev *StageReport) *StageReport {
	sr := &StageReport{Stage: st, Prev: prev}
	if len(schools) == 0 {
		sr.Reasons = []string{fmt.Sprintf("%s：没有学校数据", st)}
		return sr
	}
	n := len(std.Indicators)
	sr.Schools = make([]*SchoolResult, len(schools))
	var prevByName map[string]*SchoolResult
	if prev != nil {
		prevByName = make(map[string]*SchoolResult, len(prev.Schools))
		for _, r := range prev.Schools {
			prevByName[r.School.Name] = r
		}
	}
	results := make([]SchoolResult, len(schools))
	vals := make([]IndicatorValue, len(schools)*n)
	for i, s := range schools {
		res := &results[i]
		evaluateSchool(std, s, res, vals[i*n:(i+1)*n:(i+1)*n])
		res.Prev = prevByName[s.Name]
		sr.Schools[i] = res
		sr.Students += s.Students
		if res.Passed {
			sr.SchoolsPassed++
		}
	}
	values := make([]float64, len(schools))
	weights := make([]float64, len(schools))
	for i, s := range schools {
		weights[i] = s.Students
	}
	sr.CVPassed = true
	sr.Indicators = make([]*IndicatorResult, n)
	for k, ind := range std.Indicators {
		ir := &IndicatorResult{Indicator: ind, Threshold: ind.Threshold[st], Gate: std.CVGate[st], Schools: len(schools)}
		ir.Min, ir.Max = math.Inf(1), math.Inf(-1)
		for i, res := range sr.Schools {
			v := res.Values[k].Value
			values[i] = v
			if res.Values[k].Met {
				ir.SchoolsMeeting++
			}
			if v < ir.Min {
				ir.Min, ir.MinSchool = v, res.School.Name
			}
			if v > ir.Max {
				ir.Max, ir.MaxSchool = v, res.School.Name
			}
		}
		ir.Mean, ir.SD, ir.CV = CV(values, weights)
		ir.CVPassed = ir.CV <= ir.Gate+eps
		if prev != nil {
			ir.Prev = prev.Indicator(ind.ID)
		}
		sr.Indicators[k] = ir
		sr.CVPassed = sr.CVPassed && ir.CVPassed
	}
	sr.Passed = sr.CVPassed && sr.SchoolsPassed == len(schools)
	if sr.SchoolsPassed < len(schools) {
		sr.Reasons = append(sr.Reasons, fmt.Sprintf("%s：%d 所学校中有 %d 所未达到校际均衡的学校标准（%s）",
			st, len(schools), len(schools)-sr.SchoolsPassed, ruleText(std)))
		for _, res := range sr.Schools {
			if !res.Passed {
				prefix := string(st) + " " + res.School.Name + "："
				line := shortfall(std, res, prefix)
				res.Shortfall = line[len(prefix):]
				sr.Reasons = append(sr.Reasons, line)
			}
		}
	}
	for _, ir := range sr.Indicators {
		if !ir.CVPassed {
			sr.Reasons = append(sr.Reasons, fmt.Sprintf("%s：%s的校际差异系数为 %s，超过 %s 的上限（差 %s）",
				st, ir.Indicator.Name, FormatCV(ir.CV), FormatFixed(ir.Gate, 2), FormatCV(ir.CV-ir.Gate)))
		}
	}
	return sr
}

func ruleText(std *Standard) string {
	n := len(std.Indicators)
	if std.SchoolRule.MinMet >= n {
		return fmt.Sprintf("%d 项指标全部达到标准", n)
	}
	return fmt.Sprintf("%d 项指标中至少 %d 项达到标准，其余不低于标准的 %s", n, std.SchoolRule.MinMet, FormatPercent(std.SchoolRule.Floor, 0))
}

// CV is the student-weighted, population-form 差异系数 of values x with
// enrolments p:
//
//	X̄ = Σ pᵢxᵢ / P,  S = √( Σ (pᵢ/P)(xᵢ − X̄)² ),  CV = S / X̄,  P = Σ pᵢ.
//
// It returns the weighted mean, S and CV. With no students, or a mean of 0
// (every value 0), all three are 0.
func CV(x, p []float64) (mean, sd, cv float64) {
	var P, sum float64
	for i := range x {
		P += p[i]
		sum += p[i] * x[i]
	}
	if P <= 0 {
		return 0, 0, 0
	}
	mean = sum / P
	var ss float64
	for i := range x {
		d := x[i] - mean
		ss += p[i] / P * d * d
	}
	sd = math.Sqrt(ss)
	if mean == 0 {
		return mean, sd, 0
	}
	return mean, sd, sd / mean
}

// EvaluateSchool computes a school's indicators and applies the per-school
// rule: at least MinMet indicators meet their thresholds and every other
// reaches Floor of its threshold.
func EvaluateSchool(std *Standard, s *School) *SchoolResult {
	res := &SchoolResult{}
	evaluateSchool(std, s, res, make([]IndicatorValue, len(std.Indicators)))
	if !res.Passed {
		res.Shortfall = shortfall(std, res, "")
	}
	return res
}

// evaluateSchool fills res, with vals as its Values, so that a 学段's
// results can share two allocations.
func evaluateSchool(std *Standard, s *School, res *SchoolResult, vals []IndicatorValue) {
	res.School, res.Values = s, vals
	floorOK := true
	for k, ind := range std.Indicators {
		var num float64
		for _, c := range ind.Numerator {
			num += s.Values[c]
		}
		den := s.Values[ind.Denominator]
		v := 0.0
		if den > 0 {
			v = num * ind.Factor / den
		}
		t := ind.Threshold[s.Stage]
		iv := IndicatorValue{Indicator: ind, Value: v, Threshold: t, Attainment: attainment(ind.Direction, v, t)}
		iv.Met = meets(ind.Direction, v, t)
		if iv.Met {
			res.Met++
		} else {
			iv.Gap = abs(t - v)
			if iv.Attainment < std.SchoolRule.Floor-eps {
				floorOK = false
			}
		}
		res.Values[k] = iv
	}
	res.Passed = res.Met >= std.SchoolRule.MinMet && floorOK
}

// shortfall writes why a school falls short after prefix and returns the
// whole line; the school's Shortfall is the part after the prefix (the two
// share memory). Built by hand rather than with fmt: a province has tens of
// thousands of schools.
func shortfall(std *Standard, res *SchoolResult, prefix string) string {
	b := make([]byte, 0, len(prefix)+96+192*(len(res.Values)-res.Met))
	b = append(b, prefix...)
	b = strconv.AppendInt(b, int64(len(std.Indicators)), 10)
	b = append(b, " 项指标中 "...)
	b = strconv.AppendInt(b, int64(res.Met), 10)
	b = append(b, " 项达标"...)
	if res.Met < std.SchoolRule.MinMet {
		b = append(b, "（至少要 "...)
		b = strconv.AppendInt(b, int64(std.SchoolRule.MinMet), 10)
		b = append(b, " 项）"...)
	}
	b = append(b, "；未达标："...)
	first := true
	for _, iv := range res.Values {
		if iv.Met {
			continue
		}
		if !first {
			b = append(b, "；"...)
		}
		first = false
		ind := iv.Indicator
		word := "，差 "
		if ind.Direction == AtMost {
			word = "，超出 "
		}
		b = append(b, ind.Name...)
		b = append(b, ' ')
		b = appendFixed(b, iv.Value, ind.Decimals)
		b = append(b, ind.Unit...)
		b = append(b, "（标准 "...)
		b = strconv.AppendFloat(b, iv.Threshold, 'f', -1, 64)
		b = append(b, ind.Unit...)
		b = append(b, word...)
		b = appendFixed(b, iv.Gap, ind.Decimals)
		b = append(b, ind.Unit...)
		b = append(b, "，为标准的 "...)
		b = appendFixed(b, iv.Attainment*100, 1)
		b = append(b, '%')
		if iv.Attainment < std.SchoolRule.Floor-eps && std.SchoolRule.Floor > 0 {
			b = append(b, "，低于 "...)
			b = appendFixed(b, std.SchoolRule.Floor*100, 0)
			b = append(b, '%')
		}
		b = append(b, "）"...)
	}
	return string(b)
}

// changes describes, in plain Chinese, what moved between two periods.
func changes(cur, prev *PeriodReport) []string {
	var out []string
	since := "与" + prev.Period.Label() + "相比"
	switch {
	case cur.Ready && !prev.Ready:
		out = append(out, since+"，已达到优质均衡的各项要求")
	case !cur.Ready && prev.Ready:
		out = append(out, since+"，不再满足优质均衡的全部要求")
	}
	for _, sr := range cur.Stages {
		ps := sr.Prev
		if ps == nil || len(ps.Schools) == 0 || len(sr.Schools) == 0 {
			continue
		}
		if sr.SchoolsPassed != ps.SchoolsPassed || len(sr.Schools) != len(ps.Schools) {
			out = append(out, fmt.Sprintf("%s达标学校由 %d/%d 所变为 %d/%d 所",
				sr.Stage, ps.SchoolsPassed, len(ps.Schools), sr.SchoolsPassed, len(sr.Schools)))
		}
		for _, ir := range sr.Indicators {
			if ir.Prev == nil || ir.CVPassed == ir.Prev.CVPassed {
				continue
			}
			verdict := "已在上限以内"
			if !ir.CVPassed {
				verdict = "超过了上限"
			}
			out = append(out, fmt.Sprintf("%s %s 的差异系数由 %s 变为 %s，%s",
				sr.Stage, ir.Indicator.Name, FormatCV(ir.Prev.CV), FormatCV(ir.CV), verdict))
		}
		for _, res := range sr.Schools {
			if res.Prev != nil && res.Passed != res.Prev.Passed {
				if res.Passed {
					out = append(out, fmt.Sprintf("%s %s 已达标", sr.Stage, res.School.Name))
				} else {
					out = append(out, fmt.Sprintf("%s %s 由达标变为未达标", sr.Stage, res.School.Name))
				}
			}
		}
	}
	if c, p := cur.County, prev.County; c != nil && p != nil {
		if c.GovernmentMet != p.GovernmentMet {
			out = append(out, fmt.Sprintf("政府保障程度达标项由 %d 项变为 %d 项（共 %d 项）", p.GovernmentMet, c.GovernmentMet, len(c.Government)))
		}
		if c.QualityMet != p.QualityMet {
			out = append(out, fmt.Sprintf("教育质量达标项由 %d 项变为 %d 项（共 %d 项）", p.QualityMet, c.QualityMet, len(c.Quality)))
		}
		if c.Recognition != nil && p.Recognition != nil && *c.Recognition != *p.Recognition {
			out = append(out, fmt.Sprintf("社会认可度由 %s%% 变为 %s%%", trimFloat(*p.Recognition), trimFloat(*c.Recognition)))
		}
	}
	return out
}
