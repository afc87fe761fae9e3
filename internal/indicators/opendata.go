package indicators

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/dudao/dudao/internal/excelcsv"
	"io"
	"strconv"
)

// Open data: per district, indicators.json, indicators.csv, schools.csv and,
// when the district keeps them, tasks.csv and problems.csv.
//
// JSON is deterministic: fields in a fixed order, maps sorted by key, numbers
// written with fixed decimals (差异系数 and means to 3, school values to the
// indicator's decimals, thresholds as the standard writes them) and <, >, &
// escaped, so a value such as "</script>" stays data wherever the file is
// pasted. CSV files start with a UTF-8 byte-order mark and use CRLF so that
// Excel on Chinese Windows opens them with the right encoding.

// OpenFile is one open-data file.
type OpenFile struct {
	Name string // indicators.json …
	Data []byte
}

// OpenData returns the open-data files of a district.
func (r *Report) OpenData(district string) ([]OpenFile, error) {
	d := r.District(district)
	if d == nil {
		return nil, fmt.Errorf("no district %q", district)
	}
	if r.Standard == nil {
		return nil, fmt.Errorf("no standard")
	}
	var out []OpenFile
	add := func(name string, write func(io.Writer, string) error) error {
		var b bytes.Buffer
		if err := write(&b, district); err != nil {
			return err
		}
		out = append(out, OpenFile{Name: name, Data: b.Bytes()})
		return nil
	}
	writers := []struct {
		name  string
		write func(io.Writer, string) error
		ok    bool
	}{
		{"indicators.json", r.WriteIndicatorsJSON, true},
		{"indicators.csv", r.WriteIndicatorsCSV, true},
		{"schools.csv", r.WriteSchoolsCSV, true},
		{"tasks.csv", r.WriteTasksCSV, d.Tasks != nil},
		{"problems.csv", r.WriteProblemsCSV, d.Problems != nil},
	}
	for _, w := range writers {
		if w.ok {
			if err := add(w.name, w.write); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func num(v float64, dec int) json.Number { return json.Number(FormatFixed(v, dec)) }

func numExact(v float64) json.Number { return json.Number(trimFloat(v)) }

type jsonDistrict struct {
	District     string       `json:"district"`
	Standard     string       `json:"standard"`
	StandardName string       `json:"standard_name"`
	AsOf         string       `json:"as_of"`
	Indicators   []jsonDef    `json:"indicators"`
	Periods      []jsonPeriod `json:"periods"`
}

type jsonDef struct {
	ID      string      `json:"id"`
	No      int         `json:"no"`
	Name    string      `json:"name"`
	Unit    string      `json:"unit"`
	Formula string      `json:"formula"`
	Primary json.Number `json:"primary"`
	Junior  json.Number `json:"junior"`
}

type jsonPeriod struct {
	Period  string      `json:"period"`
	Label   string      `json:"label"`
	Ready   bool        `json:"ready"`
	Reasons []string    `json:"reasons"`
	Changes []string    `json:"changes"`
	Stages  []jsonStage `json:"stages"`
	County  *jsonCounty `json:"county"`
}

type jsonStage struct {
	Stage         string          `json:"stage"`
	Schools       int             `json:"schools"`
	SchoolsPassed int             `json:"schools_passed"`
	Students      json.Number     `json:"students"`
	CVGate        json.Number     `json:"cv_gate"`
	CVPassed      bool            `json:"cv_passed"`
	Passed        bool            `json:"passed"`
	Indicators    []jsonIndicator `json:"indicators"`
	SchoolResults []jsonSchool    `json:"school_results"`
}

type jsonIndicator struct {
	ID             string      `json:"id"`
	Name           string      `json:"name"`
	Unit           string      `json:"unit"`
	Threshold      json.Number `json:"threshold"`
	Mean           json.Number `json:"mean"`
	CV             json.Number `json:"cv"`
	CVGate         json.Number `json:"cv_gate"`
	CVPassed       bool        `json:"cv_passed"`
	SchoolsMeeting int         `json:"schools_meeting"`
}

type jsonSchool struct {
	Name     string        `json:"name"`
	Type     string        `json:"type,omitempty"`
	Students json.Number   `json:"students"`
	Values   []json.Number `json:"values"` // in the order of the top-level "indicators"
	Met      int           `json:"met"`
	Passed   bool          `json:"passed"`
}

type jsonCounty struct {
	Government     []jsonItem   `json:"government"`
	Quality        []jsonItem   `json:"quality"`
	GovernmentMet  int          `json:"government_met"`
	QualityMet     int          `json:"quality_met"`
	Recognition    *json.Number `json:"recognition"`
	RecognitionMin json.Number  `json:"recognition_min"`
	RecognitionMet bool         `json:"recognition_met"`
	Vetoes         []string     `json:"vetoes"`
	Passed         bool         `json:"passed"`
}

type jsonItem struct {
	ID       string `json:"id"`
	No       int    `json:"no"`
	Name     string `json:"name"`
	Standard string `json:"standard,omitempty"`
	Reported bool   `json:"reported"`
	Value    string `json:"value"`
	Met      bool   `json:"met"`
	Note     string `json:"note,omitempty"`
}

// WriteIndicatorsJSON writes indicators.json for a district: the indicator
// definitions, then per period and 学段 each indicator's mean, 差异系数,
// threshold and verdict, each school's values (an array in the order of the
// definitions), the county items and the verdict with its reasons.
func (r *Report) WriteIndicatorsJSON(w io.Writer, district string) error {
	d := r.District(district)
	if d == nil || r.Standard == nil {
		return fmt.Errorf("no district %q or no standard", district)
	}
	out := jsonDistrict{District: d.ID, Periods: []jsonPeriod{}, Indicators: []jsonDef{},
		Standard: r.Standard.ID, StandardName: r.Standard.Name}
	for _, ind := range r.Standard.Indicators {
		out.Indicators = append(out.Indicators, jsonDef{ID: ind.ID, No: ind.No, Name: ind.Name, Unit: ind.Unit,
			Formula: ind.Formula(), Primary: numExact(ind.Threshold[Primary]), Junior: numExact(ind.Threshold[Junior])})
	}
	if !r.AsOf.IsZero() {
		out.AsOf = r.AsOf.In(China).Format("2006-01-02")
	}
	for _, p := range d.Periods {
		jp := jsonPeriod{Period: p.Period.Name, Label: p.Period.Label(), Ready: p.Ready,
			Reasons: nonNil(p.Reasons), Changes: nonNil(p.Changes), Stages: []jsonStage{}}
		for _, s := range p.Stages {
			js := jsonStage{Stage: string(s.Stage), Schools: len(s.Schools), SchoolsPassed: s.SchoolsPassed,
				Students: numExact(s.Students), CVGate: numExact(r.Standard.CVGate[s.Stage]), CVPassed: s.CVPassed && len(s.Schools) > 0,
				Passed: s.Passed, Indicators: []jsonIndicator{}, SchoolResults: []jsonSchool{}}
			for _, ir := range s.Indicators {
				js.Indicators = append(js.Indicators, jsonIndicator{ID: ir.Indicator.ID, Name: ir.Indicator.Name, Unit: ir.Indicator.Unit,
					Threshold: numExact(ir.Threshold), Mean: num(ir.Mean, MeanDecimals), CV: num(ir.CV, CVDecimals),
					CVGate: numExact(ir.Gate), CVPassed: ir.CVPassed, SchoolsMeeting: ir.SchoolsMeeting})
			}
			for _, sc := range s.Schools {
				vals := make([]json.Number, len(sc.Values))
				for i, v := range sc.Values {
					vals[i] = num(v.Value, v.Indicator.Decimals)
				}
				js.SchoolResults = append(js.SchoolResults, jsonSchool{Name: sc.School.Name, Type: sc.School.Type,
					Students: numExact(sc.School.Students), Values: vals, Met: sc.Met, Passed: sc.Passed})
			}
			jp.Stages = append(jp.Stages, js)
		}
		if c := p.County; c != nil {
			jc := &jsonCounty{GovernmentMet: c.GovernmentMet, QualityMet: c.QualityMet, RecognitionMin: numExact(c.RecognitionMin),
				RecognitionMet: c.RecognitionMet, Passed: c.Passed, Vetoes: []string{}}
			if c.Recognition != nil {
				n := numExact(*c.Recognition)
				jc.Recognition = &n
			}
			for _, v := range c.Vetoes {
				jc.Vetoes = append(jc.Vetoes, v.ID)
			}
			items := func(rs []*ItemResult) []jsonItem {
				out := []jsonItem{}
				for _, it := range rs {
					out = append(out, jsonItem{ID: it.Item.ID, No: it.Item.No, Name: it.Item.Name, Standard: it.Item.Standard(),
						Reported: it.Reported, Value: it.Text(), Met: it.Met, Note: it.Note})
				}
				return out
			}
			jc.Government, jc.Quality = items(c.Government), items(c.Quality)
			jp.County = jc
		}
		out.Periods = append(out.Periods, jp)
	}
	b, err := json.Marshal(out)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// WriteIndicatorsCSV writes indicators.csv: one row per period, 学段 and
// indicator.
func (r *Report) WriteIndicatorsCSV(w io.Writer, district string) error {
	d := r.District(district)
	if d == nil || r.Standard == nil {
		return fmt.Errorf("no district %q or no standard", district)
	}
	cw, err := excelcsv.NewWriter(w)
	if err != nil {
		return err
	}
	cw.Write([]string{"区县", "期次", "学段", "指标编号", "指标", "单位", "标准值", "学校数", "达标学校数",
		"均值", "差异系数", "差异系数上限", "差异系数达标", "学段资源配置达标", "本期达到优质均衡"})
	for _, p := range d.Periods {
		for _, s := range p.Stages {
			for _, ir := range s.Indicators {
				cw.Write([]string{d.ID, p.Period.Name, string(s.Stage), strconv.Itoa(ir.Indicator.No), ir.Indicator.Name,
					ir.Indicator.Unit, FormatThreshold(ir.Threshold), strconv.Itoa(ir.Schools), strconv.Itoa(ir.SchoolsMeeting),
					FormatMean(ir.Mean), FormatCV(ir.CV), FormatThreshold(ir.Gate), yesNo(ir.CVPassed), yesNo(s.Passed), yesNo(p.Ready)})
			}
		}
	}
	return cw.Flush()
}

// WriteSchoolsCSV writes schools.csv: one row per period, 学段 and school
// with its indicator values and verdict.
func (r *Report) WriteSchoolsCSV(w io.Writer, district string) error {
	d := r.District(district)
	if d == nil || r.Standard == nil {
		return fmt.Errorf("no district %q or no standard", district)
	}
	cw, err := excelcsv.NewWriter(w)
	if err != nil {
		return err
	}
	head := []string{"区县", "期次", "学段", "学校", "学校类型", "学生数"}
	for _, ind := range r.Standard.Indicators {
		head = append(head, ind.Name+"（"+ind.Unit+"）")
	}
	head = append(head, "达标项数", "学校达标", "未达标说明")
	cw.Write(head)
	for _, p := range d.Periods {
		for _, s := range p.Stages {
			for _, sc := range s.Schools {
				row := []string{d.ID, p.Period.Name, string(s.Stage), sc.School.Name, sc.School.Type, trimFloat(sc.School.Students)}
				for _, v := range sc.Values {
					row = append(row, v.Indicator.Format(v.Value))
				}
				row = append(row, strconv.Itoa(sc.Met), yesNo(sc.Passed), sc.Shortfall)
				cw.Write(row)
			}
		}
	}
	return cw.Flush()
}

// WriteTasksCSV writes tasks.csv: the key tasks with their state as of the
// report's date.
func (r *Report) WriteTasksCSV(w io.Writer, district string) error {
	d := r.District(district)
	if d == nil || d.Tasks == nil {
		return fmt.Errorf("no task list for district %q", district)
	}
	cw, err := excelcsv.NewWriter(w)
	if err != nil {
		return err
	}
	cw.Write([]string{"序号", "主要任务", "工作目标", "责任单位", "完成时间", "截止日期", "状态", "进度", "评估", "评估日期"})
	asOf := r.AsOf.In(China).Format("2006-01-02")
	for _, t := range d.Tasks.Tasks {
		cw.Write([]string{t.Task.No, t.Task.Name, t.Task.Goal, t.Task.Units, t.Task.Deadline.Text, t.Task.Deadline.ISO(),
			t.Task.Status, FormatFixed(t.Progress, 0) + "%", t.State.Label(), asOf})
	}
	return cw.Flush()
}

// WriteProblemsCSV writes problems.csv: the problem list with each problem's
// state as of the report's date.
func (r *Report) WriteProblemsCSV(w io.Writer, district string) error {
	d := r.District(district)
	if d == nil || d.Problems == nil {
		return fmt.Errorf("no problem list for district %q", district)
	}
	cw, err := excelcsv.NewWriter(w)
	if err != nil {
		return err
	}
	cw.Write([]string{"发现日期", "类别", "问题", "学校", "整改时限", "状态", "销号日期", "已销号", "逾期未整改", "评估日期"})
	asOf := r.AsOf.In(China).Format("2006-01-02")
	for _, p := range d.Problems.Problems {
		cw.Write([]string{p.Problem.Found.Text, p.Problem.Category, p.Problem.Text, p.Problem.School, p.Problem.Due.Text,
			p.Problem.Status, p.Problem.Closed.Text, yesNo(p.Rectified), yesNo(p.Overdue), asOf})
	}
	return cw.Flush()
}
