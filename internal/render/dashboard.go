package render

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/dudao/dudao/internal/charts"
	"github.com/dudao/dudao/internal/content"
	"github.com/dudao/dudao/internal/indicators"
)

// Dashboard is what a district page shows of the district's progress toward
// 优质均衡: the latest period's verdict and reasons, per 学段 the indicator
// table and its charts, trends, tasks, problems and the schedule.
type Dashboard struct {
	District *content.District
	Report   *indicators.DistrictReport
	Latest   *indicators.PeriodReport
	Stages   []StageView
	Schools  []SchoolLink
	Tasks    *indicators.TaskReport
	Overdue  []*indicators.TaskResult
	Problems *indicators.ProblemReport
	Phases   *indicators.PhaseReport
	Charts   map[string]template.HTML // by chart id: tasks, problems
	Files    []OpenLink
	Summary  []string // why the latest period is not ready, one line per area
}

// StageView is one 学段 of the latest period with its charts.
type StageView struct {
	*indicators.StageReport
	Attainment, CV, Matrix, Trend template.HTML
}

// SchoolLink leads to a school's page.
type SchoolLink struct {
	Name, URL string
	Stages    string // 小学、初中
	Passed    bool
}

// OpenLink is one open-data file of a district.
type OpenLink struct{ Name, Title, URL string }

var openTitles = map[string]string{
	"indicators.json": "指标数据（JSON）", "indicators.csv": "指标数据（CSV）", "schools.csv": "学校数据（CSV）",
	"tasks.csv": "重点任务（CSV）", "problems.csv": "问题清单（CSV）",
}

// fileOut is a data file a page links to.
type fileOut struct {
	path string
	data []byte
}

// schoolURL is the page of a school of a district.
func schoolURL(district, school string) string {
	return "schools/" + district + "/" + schoolSegment(school) + "/"
}

// schoolSegment makes a school name a folder name, keeping Chinese.
func schoolSegment(name string) string {
	var b strings.Builder
	for _, r := range name {
		if strings.ContainsRune(`/\?#%"<>|*:'`+"`", r) || r <= ' ' || r == '.' {
			b.WriteRune('-')
		} else {
			b.WriteRune(r)
		}
	}
	if s := strings.Trim(b.String(), "-"); s != "" {
		return s
	}
	return "school"
}

// chart renders c, its CSV written beside the page at dir.
func chart(c *charts.Chart, dir string, files *[]fileOut) template.HTML {
	c.CSVHref = "charts/" + c.ID + ".csv"
	h, err := c.HTML()
	if err != nil {
		return template.HTML(template.HTMLEscapeString("图表生成失败：" + err.Error()))
	}
	*files = append(*files, fileOut{dir + c.CSVHref, c.CSV()})
	return h
}

// dashboard builds the view of a district, or nil when it has no data.
func (r *renderer) dashboard(d *content.District) (*Dashboard, []fileOut) {
	rep := r.report.District(d.ID)
	if rep == nil || (len(rep.Periods) == 0 && rep.Tasks == nil && rep.Problems == nil && rep.Phases == nil) {
		return nil, nil
	}
	db := &Dashboard{District: d, Report: rep, Latest: rep.Latest(), Tasks: rep.Tasks, Problems: rep.Problems,
		Phases: rep.Phases, Charts: map[string]template.HTML{}}
	var files []fileOut
	if db.Latest != nil {
		for _, st := range db.Latest.Stages {
			if len(st.Schools) == 0 {
				continue
			}
			key := st.Stage.Key()
			v := StageView{StageReport: st}
			v.Attainment = chart(attainmentChart(key, db.Latest, st), d.URL, &files)
			v.CV = chart(cvChart(key, db.Latest, st), d.URL, &files)
			v.Matrix = chart(matrixChart(key, db.Latest, st), d.URL, &files)
			if len(rep.Periods) > 1 {
				v.Trend = chart(trendChart(key, rep, st.Stage), d.URL, &files)
			}
			db.Stages = append(db.Stages, v)
		}
		db.Schools = schoolLinks(d.ID, db.Latest)
		db.Summary = summary(db.Latest)
	}
	if t := rep.Tasks; t != nil {
		for _, tr := range t.Tasks {
			if tr.State == indicators.TaskOverdue {
				db.Overdue = append(db.Overdue, tr)
			}
		}
		db.Charts["tasks"] = chart(tasksChart(t), d.URL, &files)
	}
	if p := rep.Problems; p != nil && len(p.Months) > 0 {
		db.Charts["problems"] = chart(problemsChart(p), d.URL, &files)
	}
	if open, err := r.report.OpenData(d.ID); err == nil {
		for _, f := range open {
			files = append(files, fileOut{d.URL + f.Name, f.Data})
			db.Files = append(db.Files, OpenLink{Name: f.Name, Title: openTitles[f.Name], URL: d.URL + f.Name})
		}
	}
	return db, files
}

// summary says in a few lines why a period is not ready: per 学段 how many
// schools fall short and which 差异系数 are over the gate, then the county
// items. The full reasons stay with each 学段.
func summary(p *indicators.PeriodReport) []string {
	var out []string
	for _, st := range p.Stages {
		if len(st.Schools) == 0 || st.Passed {
			continue
		}
		var parts []string
		if n := len(st.Schools) - st.SchoolsPassed; n > 0 {
			parts = append(parts, fmt.Sprintf("%d 所学校未达到校际标准", n))
		}
		var over []string
		for _, r := range st.Indicators {
			if !r.CVPassed {
				over = append(over, fmt.Sprintf("%s %s", nonEmptyFirst(r.Indicator.Short, r.Indicator.Name), indicators.FormatCV(r.CV)))
			}
		}
		if len(over) > 0 {
			parts = append(parts, "差异系数超过上限："+strings.Join(over, "、"))
		}
		out = append(out, fmt.Sprintf("%s资源配置未达标：%s。", st.Stage, strings.Join(parts, "；")))
	}
	if c := p.County; c != nil {
		out = append(out, c.Reasons...)
	}
	return out
}

func tasksChart(t *indicators.TaskReport) *charts.Chart {
	return &charts.Chart{ID: "tasks", Title: "重点任务进展", Kind: charts.Bar,
		Summary: fmt.Sprintf("截至%s，%d 项重点任务中已完成 %d 项，按期推进 %d 项，逾期未完成 %d 项。",
			chineseDate(t.AsOf), t.Total, t.Done, t.OnTrack, t.Overdue),
		Categories: []string{"已完成", "按期推进", "逾期未完成"}, Unit: "项",
		Series: []charts.Series{{Name: "任务数", Values: []float64{float64(t.Done), float64(t.OnTrack), float64(t.Overdue)}}}}
}

func problemsChart(p *indicators.ProblemReport) *charts.Chart {
	var months []string
	found := make([]float64, len(p.Months))
	rect := make([]float64, len(p.Months))
	for i, m := range p.Months {
		months = append(months, m.Label())
		found[i], rect[i] = float64(m.CumFound), float64(m.CumRectified)
	}
	return &charts.Chart{ID: "problems", Title: "问题整改进度", Kind: charts.Line, Unit: "条",
		Summary: fmt.Sprintf("截至%s，共发现问题 %d 条，已整改销号 %d 条，整改率 %s，逾期未整改 %d 条。",
			chineseDate(p.AsOf), p.Found, p.Rectified, indicators.FormatPercent(p.Rate, 1), p.Overdue),
		Categories: months, Series: []charts.Series{{Name: "累计发现", Values: found}, {Name: "累计销号", Values: rect}}}
}

func schoolLinks(district string, p *indicators.PeriodReport) []SchoolLink {
	var out []SchoolLink
	index := map[string]int{}
	for _, st := range p.Stages {
		for _, s := range st.Schools {
			if i, ok := index[s.School.Name]; ok {
				out[i].Stages += "、" + string(st.Stage)
				out[i].Passed = out[i].Passed && s.Passed
				continue
			}
			index[s.School.Name] = len(out)
			out = append(out, SchoolLink{Name: s.School.Name, URL: schoolURL(district, s.School.Name), Stages: string(st.Stage), Passed: s.Passed})
		}
	}
	return out
}

func shortNames(results []*indicators.IndicatorResult) []string {
	var out []string
	for _, r := range results {
		out = append(out, nonEmptyFirst(r.Indicator.Short, r.Indicator.Name))
	}
	return out
}

// attainment is how far v goes toward the threshold t, 1 = met.
func attainment(ind *indicators.Indicator, v, t float64) float64 {
	if ind.Direction == indicators.AtMost {
		if v == 0 {
			return math.NaN()
		}
		return t / v
	}
	if t == 0 {
		return math.NaN()
	}
	return v / t
}

func attainmentChart(key string, p *indicators.PeriodReport, st *indicators.StageReport) *charts.Chart {
	vals := make([]float64, len(st.Indicators))
	below := 0
	for i, r := range st.Indicators {
		vals[i] = attainment(r.Indicator, r.Mean, r.Threshold) * 100
		if vals[i] < 100 {
			below++
		}
	}
	summary := fmt.Sprintf("%s%s各项指标的全区均值都达到标准。", p.Period.Label(), st.Stage)
	if below > 0 {
		summary = fmt.Sprintf("%s%s有 %d 项指标的全区均值低于标准。", p.Period.Label(), st.Stage, below)
	}
	return &charts.Chart{ID: "attainment-" + key, Title: string(st.Stage) + "各指标均值达到标准的程度", Kind: charts.Bar,
		Summary: summary, Categories: shortNames(st.Indicators), Unit: "%", Decimals: 1,
		Series:    []charts.Series{{Name: "均值 ÷ 标准", Values: vals}},
		Reference: &charts.Reference{Label: "标准 100%", Value: 100}}
}

func cvChart(key string, p *indicators.PeriodReport, st *indicators.StageReport) *charts.Chart {
	vals := make([]float64, len(st.Indicators))
	var over []string
	gate := 0.0
	for i, r := range st.Indicators {
		vals[i], gate = r.CV, r.Gate
		if !r.CVPassed {
			over = append(over, nonEmptyFirst(r.Indicator.Short, r.Indicator.Name))
		}
	}
	summary := fmt.Sprintf("%s%s各项指标的校际差异系数都不超过 %s。", p.Period.Label(), st.Stage, indicators.FormatThreshold(gate))
	if len(over) > 0 {
		summary = fmt.Sprintf("%s%s有 %d 项指标的校际差异系数超过 %s：%s。", p.Period.Label(), st.Stage, len(over), indicators.FormatThreshold(gate), strings.Join(over, "、"))
	}
	return &charts.Chart{ID: "cv-" + key, Title: string(st.Stage) + "校际差异系数", Kind: charts.Bar, Summary: summary,
		Categories: shortNames(st.Indicators), Decimals: 3,
		Series:    []charts.Series{{Name: "差异系数", Values: vals}},
		Reference: &charts.Reference{Label: "上限 " + indicators.FormatThreshold(gate), Value: gate}}
}

func matrixChart(key string, p *indicators.PeriodReport, st *indicators.StageReport) *charts.Chart {
	c := &charts.Chart{ID: "matrix-" + key, Title: string(st.Stage) + "各校指标（数值 ÷ 标准）", Kind: charts.HeatMap,
		Categories: shortNames(st.Indicators), Min: 0.5, Max: 1.5, Decimals: 2}
	for _, s := range st.Schools {
		row := make([]float64, len(s.Values))
		for i, v := range s.Values {
			row[i] = v.Attainment
		}
		c.Rows = append(c.Rows, s.School.Name)
		c.Series = append(c.Series, charts.Series{Name: s.School.Name, Values: row})
	}
	c.Summary = fmt.Sprintf("%s%s %d 所学校中 %d 所达到校际标准。", p.Period.Label(), st.Stage, len(st.Schools), st.SchoolsPassed)
	return c
}

func trendChart(key string, d *indicators.DistrictReport, stage indicators.Stage) *charts.Chart {
	var periods []string
	for _, p := range d.Periods {
		periods = append(periods, p.Period.Label())
	}
	latest := d.Latest().Stage(stage)
	var series []charts.Series
	var gate float64
	for i, r := range latest.Indicators {
		vals := make([]float64, len(d.Periods))
		for j, p := range d.Periods {
			vals[j] = math.NaN()
			if st := p.Stage(stage); st != nil && len(st.Schools) > 0 && i < len(st.Indicators) {
				vals[j] = st.Indicators[i].CV
			}
		}
		gate = r.Gate
		series = append(series, charts.Series{Name: nonEmptyFirst(r.Indicator.Short, r.Indicator.Name), Values: vals})
	}
	summary := fmt.Sprintf("从%s到%s，%s差异系数超过上限的指标由 %d 项变为 %d 项。",
		periods[0], periods[len(periods)-1], stage, overGate(d.Periods[0].Stage(stage)), overGate(latest))
	return &charts.Chart{ID: "trend-" + key, Title: string(stage) + "差异系数的变化", Kind: charts.Line, Summary: summary,
		Categories: periods, Series: series, Decimals: 3, Reference: &charts.Reference{Label: "上限 " + indicators.FormatThreshold(gate), Value: gate}}
}

func overGate(st *indicators.StageReport) int {
	n := 0
	if st == nil || len(st.Schools) == 0 {
		return 0
	}
	for _, r := range st.Indicators {
		if !r.CVPassed {
			n++
		}
	}
	return n
}

func chineseDate(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// Overview compares every district with data, side by side.
type Overview struct {
	Indicators []*indicators.Indicator
	Rows       []OverviewRow
	Charts     []template.HTML // per 学段: district × indicator 差异系数
}

// OverviewRow is one district's latest verdict.
type OverviewRow struct {
	District *content.District
	Latest   *indicators.PeriodReport
}

func (r *renderer) overview() (*Overview, []fileOut) {
	ov := &Overview{Indicators: r.report.Standard.Indicators}
	var files []fileOut
	for _, d := range r.site.Districts {
		if rep := r.report.District(d.ID); rep != nil && rep.Latest() != nil {
			ov.Rows = append(ov.Rows, OverviewRow{District: d, Latest: rep.Latest()})
		}
	}
	// Ready districts first, then by how many reasons hold them back.
	sort.SliceStable(ov.Rows, func(i, j int) bool {
		a, b := ov.Rows[i].Latest, ov.Rows[j].Latest
		if a.Ready != b.Ready {
			return a.Ready
		}
		return len(a.Reasons) < len(b.Reasons)
	})
	for _, stage := range indicators.Stages {
		c := &charts.Chart{ID: "overview-cv-" + stage.Key(), Title: string(stage) + "各区县差异系数", Kind: charts.HeatMap, LowIsGood: true, Decimals: 3}
		over := 0
		for _, row := range ov.Rows {
			st := row.Latest.Stage(stage)
			if st == nil || len(st.Schools) == 0 {
				continue
			}
			if c.Categories == nil {
				c.Categories = shortNames(st.Indicators)
			}
			vals := make([]float64, len(st.Indicators))
			for i, ir := range st.Indicators {
				vals[i] = ir.CV
				c.Max = max(c.Max, ir.Gate*2)
				if !ir.CVPassed {
					over++
				}
			}
			c.Rows = append(c.Rows, row.District.Name)
			c.Series = append(c.Series, charts.Series{Name: row.District.Name, Values: vals})
		}
		if len(c.Rows) == 0 {
			continue
		}
		c.Summary = fmt.Sprintf("%d 个区县%s的 %d 项指标中，共有 %d 处差异系数超过上限。", len(c.Rows), stage, len(c.Categories), over)
		ov.Charts = append(ov.Charts, chart(c, "overview/", &files))
	}
	return ov, files
}

// IndicatorPage explains one indicator and shows it in every district.
type IndicatorPage struct {
	Indicator *indicators.Indicator
	Stages    []IndicatorStage
}

// IndicatorStage is the indicator in one 学段, latest period, every district.
type IndicatorStage struct {
	Stage     indicators.Stage
	Threshold float64
	Gate      float64
	Rows      []IndicatorRow
	Chart     template.HTML
}

// IndicatorRow is one district's figures for the indicator.
type IndicatorRow struct {
	District *content.District
	Period   indicators.Period
	Result   *indicators.IndicatorResult
	Met      bool // the mean meets the threshold
}

func indicatorChart(ind *indicators.Indicator, is IndicatorStage) *charts.Chart {
	c := &charts.Chart{ID: ind.ID + "-" + is.Stage.Key(), Title: string(is.Stage) + nonEmptyFirst(ind.Short, ind.Name) + "（各区县均值）",
		Kind: charts.Bar, Unit: ind.Unit, Decimals: ind.Decimals,
		Reference: &charts.Reference{Label: "标准 " + indicators.FormatThreshold(is.Threshold), Value: is.Threshold}}
	var vals []float64
	met := 0
	for _, row := range is.Rows {
		c.Categories = append(c.Categories, row.District.Name)
		vals = append(vals, row.Result.Mean)
		if row.Met {
			met++
		}
	}
	c.Series = []charts.Series{{Name: "均值", Values: vals}}
	c.Summary = fmt.Sprintf("%d 个区县中 %d 个的%s均值达到标准 %s%s。", len(vals), met, is.Stage, indicators.FormatThreshold(is.Threshold), ind.Unit)
	return c
}

func indicatorURL(ind *indicators.Indicator) string { return "indicators/" + ind.ID + "/" }

func (r *renderer) indicatorPage(ind *indicators.Indicator) (*IndicatorPage, []fileOut) {
	pg := &IndicatorPage{Indicator: ind, Stages: r.indicatorStages(ind)}
	var files []fileOut
	for i := range pg.Stages {
		pg.Stages[i].Chart = chart(indicatorChart(ind, pg.Stages[i]), indicatorURL(ind), &files)
	}
	return pg, files
}

// indicatorStages gathers every district's latest figures for ind, per 学段.
func (r *renderer) indicatorStages(ind *indicators.Indicator) []IndicatorStage {
	var out []IndicatorStage
	for _, stage := range indicators.Stages {
		is := IndicatorStage{Stage: stage, Threshold: ind.Threshold[stage], Gate: r.report.Standard.CVGate[stage]}
		for _, d := range r.site.Districts {
			rep := r.report.District(d.ID)
			if rep == nil || rep.Latest() == nil {
				continue
			}
			st := rep.Latest().Stage(stage)
			if st == nil || len(st.Schools) == 0 || st.Indicator(ind.ID) == nil {
				continue
			}
			res := st.Indicator(ind.ID)
			is.Rows = append(is.Rows, IndicatorRow{District: d, Period: rep.Latest().Period, Result: res, Met: ind.Meets(res.Mean, res.Threshold)})
		}
		if len(is.Rows) > 0 {
			out = append(out, is)
		}
	}
	return out
}

// SchoolPage is a school's on-site checklist across periods (seed 002 附件2).
type SchoolPage struct {
	District *content.District
	Name     string
	URL      string
	Stages   []SchoolStage
}

// SchoolStage is the checklist of one 学段: each indicator in each period.
type SchoolStage struct {
	Stage   indicators.Stage
	Periods []indicators.Period
	Results []*indicators.SchoolResult // per period, nil where the school has no row
	Rows    []SchoolRow
	Table   template.HTML // the checklist as a table, written in Go: a province has 15,000 of them
}

// SchoolRow is one indicator across the periods.
type SchoolRow struct {
	Indicator *indicators.Indicator
	Threshold float64
	Cells     []template.HTML // per period: the value and ✓ or ✗, "—" where absent
}

// checkCell shows one indicator of one school in one period. There are
// thousands of these on a large site, so they are written here rather than by
// a template action each.
func checkCell(v *indicators.IndicatorValue) template.HTML {
	if v == nil {
		return "—"
	}
	mark := `<span class="ok"><span aria-hidden="true">✓</span><span class="visually-hidden">达标</span></span>`
	if !v.Met {
		mark = `<span class="bad"><span aria-hidden="true">✗</span><span class="visually-hidden">未达标</span></span>`
	}
	return template.HTML(template.HTMLEscapeString(v.Indicator.Format(v.Value)) + " " + mark)
}

func (r *renderer) schoolPages(d *content.District) []*SchoolPage {
	rep := r.report.District(d.ID)
	if rep == nil {
		return nil
	}
	byName := map[string]*SchoolPage{}
	var order []*SchoolPage
	for _, p := range rep.Periods {
		for _, st := range p.Stages {
			for _, s := range st.Schools {
				if byName[s.School.Name] == nil {
					sp := &SchoolPage{District: d, Name: s.School.Name, URL: schoolURL(d.ID, s.School.Name)}
					byName[s.School.Name] = sp
					order = append(order, sp)
				}
			}
		}
	}
	for _, sp := range order {
		for _, stage := range indicators.Stages {
			ss := SchoolStage{Stage: stage}
			found := false
			for _, p := range rep.Periods {
				var res *indicators.SchoolResult
				if st := p.Stage(stage); st != nil {
					res = st.School(sp.Name)
				}
				ss.Periods = append(ss.Periods, p.Period)
				ss.Results = append(ss.Results, res)
				found = found || res != nil
			}
			if !found {
				continue
			}
			for i, ind := range r.report.Standard.Indicators {
				row := SchoolRow{Indicator: ind, Threshold: ind.Threshold[stage]}
				for _, res := range ss.Results {
					var cell *indicators.IndicatorValue
					if res != nil && i < len(res.Values) {
						cell = &res.Values[i]
					}
					row.Cells = append(row.Cells, checkCell(cell))
				}
				ss.Rows = append(ss.Rows, row)
			}
			ss.Table = checklist(ss)
			sp.Stages = append(sp.Stages, ss)
		}
	}
	return order
}

// checklist writes a school's 学段 as seed 002's 附件2 table: each indicator
// with its standard and, per period, the value and ✓ or ✗.
func checklist(ss SchoolStage) template.HTML {
	esc := template.HTMLEscapeString
	var b strings.Builder
	b.WriteString(`<div class="table-scroll"><table class="checklist"><thead><tr><th scope="col">指标</th><th scope="col">标准</th>`)
	for _, p := range ss.Periods {
		b.WriteString(`<th scope="col">` + esc(p.Label()) + `</th>`)
	}
	b.WriteString(`</tr></thead><tbody>`)
	for _, row := range ss.Rows {
		dir := "≥"
		if row.Indicator.Direction == indicators.AtMost {
			dir = "≤"
		}
		b.WriteString(`<tr><th scope="row">` + esc(row.Indicator.Name) + `</th><td>` + dir + esc(indicators.FormatThreshold(row.Threshold)+row.Indicator.Unit) + `</td>`)
		for _, c := range row.Cells {
			b.WriteString(`<td>` + string(c) + `</td>`)
		}
		b.WriteString(`</tr>`)
	}
	b.WriteString(`<tr><th scope="row">校际标准</th><td>至少 6 项达标，其余不低于 85%</td>`)
	for _, res := range ss.Results {
		switch {
		case res == nil:
			b.WriteString(`<td>—</td>`)
		case res.Passed:
			b.WriteString(`<td>达标</td>`)
		default:
			b.WriteString(`<td><strong>未达标</strong></td>`)
		}
	}
	b.WriteString(`</tr></tbody></table></div>`)
	return template.HTML(b.String())
}

// planProgress adds the pages made from data/ (each district's dashboard,
// the overview, one page per indicator, one per school) and the data files
// the pages link to. What a page shows is worked out only when the page is
// rendered (Page.prepare): an incremental render renders only the pages of
// the districts whose data changed.
func (r *renderer) planProgress() {
	r.progress = map[string]*progress{}
	if r.report == nil {
		return
	}
	for _, d := range r.site.Districts {
		rep := r.report.District(d.ID)
		if rep == nil || (len(rep.Periods) == 0 && rep.Tasks == nil && rep.Problems == nil && rep.Phases == nil) {
			continue
		}
		r.progress[d.ID] = &progress{}
		key := r.opt.DataKeys[d.ID]
		// The district's open data and its charts' CSV files.
		r.jobs = append(r.jobs, job{part: d.URL + "indicators.json", key: func() uint64 { return key }, run: func(s Sink) error {
			return putFiles(s, r.districtProgress(d).files)
		}})
		for _, name := range schoolNames(rep) {
			p := r.page("school", schoolURL(d.ID, name), name)
			p.Nav = "districts"
			p.Crumbs = []Crumb{{"首页", ""}, {"区县", "districts/"}, {d.Name, d.URL}}
			p.Description = d.Name + name + "资源配置指标"
			p.data = key
			p.prepare = func() []fileOut {
				p.School = r.districtProgress(d).schools[name]
				return nil
			}
			r.add("school.html", p)
		}
	}
	if len(r.progress) == 0 {
		return
	}
	p := r.page("overview", "overview/", "优质均衡进展总览")
	p.Nav = "overview"
	p.Crumbs = []Crumb{{"首页", ""}}
	p.Description = "各区县义务教育优质均衡发展指标对比"
	p.data = r.opt.Data
	p.prepare = func() []fileOut {
		ov, files := r.overview()
		p.Overview, p.HasCharts = ov, len(ov.Charts) > 0
		return files
	}
	r.add("overview.html", p)
	for _, ind := range r.report.Standard.Indicators {
		p := r.page("indicator", indicatorURL(ind), ind.Name)
		p.Nav = "overview"
		p.HasCharts = true
		p.Crumbs = []Crumb{{"首页", ""}, {"进展总览", "overview/"}}
		p.Description = ind.Name + "：计算方法、标准和各区县数值"
		p.data = r.opt.Data
		p.prepare = func() []fileOut {
			ip, files := r.indicatorPage(ind)
			p.Measure = ip
			return files
		}
		r.add("indicator.html", p)
	}
	if len(r.echarts) > 0 {
		r.file(r.assets[echartsAsset], r.echarts)
	}
}

// progress is a district's dashboard, its files and its schools' pages,
// worked out once, by the first page of the render that needs them.
type progress struct {
	once    sync.Once
	db      *Dashboard
	files   []fileOut
	schools map[string]*SchoolPage
}

func (r *renderer) districtProgress(d *content.District) *progress {
	pr := r.progress[d.ID]
	pr.once.Do(func() {
		pr.db, pr.files = r.dashboard(d)
		pr.schools = map[string]*SchoolPage{}
		for _, sp := range r.schoolPages(d) {
			pr.schools[sp.Name] = sp
		}
	})
	return pr
}

// schoolNames lists a district's schools, in the order they first appear.
func schoolNames(rep *indicators.DistrictReport) []string {
	seen := map[string]bool{}
	var names []string
	for _, p := range rep.Periods {
		for _, st := range p.Stages {
			for _, s := range st.Schools {
				if !seen[s.School.Name] {
					seen[s.School.Name] = true
					names = append(names, s.School.Name)
				}
			}
		}
	}
	return names
}

func putFiles(s Sink, files []fileOut) error {
	for _, f := range files {
		if err := s.Put(f.path, f.data); err != nil {
			return err
		}
	}
	return nil
}

// echartsAsset is the vendored ECharts' plain asset name.
const echartsAsset = "vendor/echarts.min.js"

// chartBlockRe finds a ```chart block as goldmark writes it.
var chartBlockRe = regexp.MustCompile(`(?s)<pre><code class="language-chart">(.*?)</code></pre>`)

// chartSpec is what an editor writes in a ```chart block:
//
//	```chart
//	district = "yian"
//	kind = "cv"          # cv, attainment, matrix, trend, tasks, problems, indicator
//	stage = "小学"        # for cv, attainment, matrix, trend, indicator
//	indicator = "equipment"  # for indicator
//	```
type chartSpec struct {
	District  string `toml:"district"`
	Kind      string `toml:"kind"`
	Stage     string `toml:"stage"`
	Indicator string `toml:"indicator"`
}

// embedCharts replaces the ```chart blocks of articles with charts drawn from
// the report. An article's body sits on its own page and on its issue's page,
// so each chart's CSV is written beside both.
func (r *renderer) embedCharts() error {
	r.chartPages = map[string]bool{}
	var errs []string
	for _, a := range r.site.Articles {
		if !a.Charts {
			continue
		}
		body := string(a.Body)
		n := 0
		body = chartBlockRe.ReplaceAllStringFunc(body, func(block string) string {
			n++
			src := html.UnescapeString(chartBlockRe.FindStringSubmatch(block)[1])
			c, err := r.embeddedChart(src)
			if err != nil {
				errs = append(errs, fmt.Sprintf("%s：第 %d 个图表（```chart）：%v", a.Path, n, err))
				return block
			}
			c.ID = anchor(a) + "-chart-" + strconv.Itoa(n)
			c.CSVHref = "charts/" + c.ID + ".csv"
			h, err := c.HTML()
			if err != nil {
				errs = append(errs, fmt.Sprintf("%s：%v", a.Path, err))
				return block
			}
			for _, dir := range []string{a.URL, pathDir(a.URL)} {
				data, path := c.CSV(), dir+c.CSVHref
				r.file(path, data)
			}
			return string(h)
		})
		a.Body = template.HTML(body)
		r.chartPages[a.URL] = true
		if a.Issue != nil {
			r.chartPages[a.Issue.URL] = true
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return nil
}

// pathDir is the parent of a directory URL: bulletins/2020-10/ for
// bulletins/2020-10/x/.
func pathDir(u string) string {
	u = strings.TrimSuffix(u, "/")
	if i := strings.LastIndexByte(u, '/'); i >= 0 {
		return u[:i+1]
	}
	return ""
}

func (r *renderer) embeddedChart(src string) (*charts.Chart, error) {
	var spec chartSpec
	md, err := toml.Decode(src, &spec)
	if err != nil {
		return nil, fmt.Errorf("写法有误：%v", err)
	}
	if u := md.Undecoded(); len(u) > 0 {
		return nil, fmt.Errorf("不认识的设置 %s（可用 district、kind、stage、indicator）", u[0])
	}
	if r.report == nil {
		return nil, fmt.Errorf("网站没有 data/ 里的数据")
	}
	if spec.Kind == "indicator" {
		for _, ind := range r.report.Standard.Indicators {
			if ind.ID == spec.Indicator {
				for _, st := range r.indicatorStages(ind) {
					if string(st.Stage) == spec.Stage || spec.Stage == "" {
						return indicatorChart(ind, st), nil
					}
				}
				return nil, fmt.Errorf("没有%s的数据", spec.Stage)
			}
		}
		return nil, fmt.Errorf("没有指标 %q", spec.Indicator)
	}
	rep := r.report.District(spec.District)
	if rep == nil {
		return nil, fmt.Errorf("没有区县 %q 的数据", spec.District)
	}
	switch spec.Kind {
	case "tasks":
		if rep.Tasks == nil {
			return nil, fmt.Errorf("%s 没有重点任务数据", spec.District)
		}
		return tasksChart(rep.Tasks), nil
	case "problems":
		if rep.Problems == nil || len(rep.Problems.Months) == 0 {
			return nil, fmt.Errorf("%s 没有问题清单数据", spec.District)
		}
		return problemsChart(rep.Problems), nil
	}
	latest := rep.Latest()
	if latest == nil {
		return nil, fmt.Errorf("%s 没有学校数据", spec.District)
	}
	stage, ok := indicators.ParseStage(spec.Stage)
	if !ok {
		return nil, fmt.Errorf("stage 应是 小学 或 初中，不是 %q", spec.Stage)
	}
	st := latest.Stage(stage)
	if st == nil || len(st.Schools) == 0 {
		return nil, fmt.Errorf("%s 没有%s的数据", spec.District, stage)
	}
	switch spec.Kind {
	case "cv":
		return cvChart(stage.Key(), latest, st), nil
	case "attainment":
		return attainmentChart(stage.Key(), latest, st), nil
	case "matrix":
		return matrixChart(stage.Key(), latest, st), nil
	case "trend":
		return trendChart(stage.Key(), rep, stage), nil
	}
	return nil, fmt.Errorf("kind 应是 cv、attainment、matrix、trend、tasks、problems 或 indicator，不是 %q", spec.Kind)
}
