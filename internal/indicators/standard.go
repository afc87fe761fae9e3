package indicators

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/dudao/dudao/internal/diag"
	"github.com/dudao/dudao/internal/textfile"
	"github.com/dudao/dudao/internal/tomlpos"
)

// StandardsDir holds the standard profiles of a site.
const StandardsDir = "data/standards"

// DefaultProfile is the standard used when site.toml names none.
const DefaultProfile = "national"

// nationalTOML is the national standard, used when a site has no
// data/standards/national.toml of its own. The example site's copy is the
// same file (a test keeps them equal).
//
//go:embed national.toml
var nationalTOML []byte

// Standard is a complete, resolved standard: a profile with its base applied.
type Standard struct {
	ID     string // the profile's file name without .toml: national, anhui
	Name   string // 国家标准
	Source string // the document it comes from
	Path   string // the file it was read from ("" for the embedded one)
	Chain  []string

	Indicators  []*Indicator      // 资源配置, in order
	SchoolRule  SchoolRule        // the per-school rule
	CVGate      map[Stage]float64 // the 差异系数 gate per 学段 (CV ≤ gate)
	Government  []*CountyItem     // 政府保障程度
	Quality     []*CountyItem     // 教育质量
	Recognition float64           // 社会认可度 threshold, percent
	Vetoes      []*Veto
}

// Direction says which side of a threshold meets it.
type Direction string

const (
	AtLeast Direction = "min" // value ≥ threshold
	AtMost  Direction = "max" // value ≤ threshold
)

// Indicator is one 资源配置 indicator: value = Σ numerator columns × Factor ÷
// the denominator column, per school.
type Indicator struct {
	ID          string
	No          int    // 1-based place in the standard
	Name        string // 每百名学生拥有高于规定学历教师数
	Short       string // a short label for charts and narrow tables
	Unit        string // 人, ㎡, 元, 间 (per student, or per 100 students when Factor is 100)
	Numerator   []string
	Factor      float64
	Denominator string
	Threshold   map[Stage]float64
	Direction   Direction
	Decimals    int    // for showing a school's value
	Note        string // how it is counted, for the explanation page
}

// Formula describes the computation in words: (高于规定学历教师数) × 100 ÷ 学生数.
func (ind *Indicator) Formula() string {
	num := strings.Join(ind.Numerator, " + ")
	if len(ind.Numerator) > 1 {
		num = "(" + num + ")"
	}
	if ind.Factor != 1 {
		num += " × " + trimFloat(ind.Factor)
	}
	return num + " ÷ " + ind.Denominator
}

// Meets reports whether v meets the threshold t in the indicator's direction.
func (ind *Indicator) Meets(v, t float64) bool { return meets(ind.Direction, v, t) }

// Attainment is how far v goes toward t: v/t for "at least", t/v for "at
// most"; 1 or more means met. The per-school floor (85%) applies to it.
func attainment(dir Direction, v, t float64) float64 {
	if dir == AtMost {
		if v == 0 {
			return inf
		}
		return t / v
	}
	if t == 0 {
		return inf
	}
	return v / t
}

// eps absorbs the binary rounding of values such as 42×100÷1000 = 4.2.
const eps = 1e-9

func meets(dir Direction, v, t float64) bool {
	if dir == AtMost {
		return v <= t+eps*max(1, abs(t))
	}
	return v >= t-eps*max(1, abs(t))
}

// SchoolRule is the per-school rule: at least MinMet indicators meet their
// thresholds and every other one reaches Floor of its threshold.
type SchoolRule struct {
	MinMet int
	Floor  float64
}

// CountyItem is one 政府保障程度 or 教育质量 item. Items with a threshold
// are judged from the value a county reports; the others are met or not.
type CountyItem struct {
	Area        string // "government" or "quality"
	ID          string
	No          int
	Name        string
	Requirement string
	Unit        string
	Direction   Direction
	Threshold   *float64          // one threshold for the county
	ByStage     map[Stage]float64 // or one per 学段 (class size, catchment)
}

// Numeric reports whether the item is judged from a value.
func (it *CountyItem) Numeric() bool { return it.Threshold != nil || len(it.ByStage) > 0 }

// AreaName is 政府保障程度 or 教育质量.
func (it *CountyItem) AreaName() string { return areaNames[it.Area] }

var areaNames = map[string]string{"government": "政府保障程度", "quality": "教育质量"}

// Veto is a circumstance that rules recognition out.
type Veto struct {
	ID   string
	Name string
}

// Indicator returns the indicator with the id, or nil.
func (s *Standard) Indicator(id string) *Indicator {
	for _, ind := range s.Indicators {
		if ind.ID == id {
			return ind
		}
	}
	return nil
}

// Columns lists the sheet columns the indicators read, in order, each once.
func (s *Standard) Columns() []string {
	var out []string
	seen := map[string]bool{}
	for _, ind := range s.Indicators {
		for _, c := range append(append([]string(nil), ind.Numerator...), ind.Denominator) {
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	return out
}

// The file form. Every field is optional so a profile can say only what it
// changes; the resolved Standard is checked for completeness afterwards.
type standardFile struct {
	Base       string `toml:"base"`
	Name       string `toml:"name"`
	Source     string `toml:"source"`
	SchoolRule struct {
		MinMet *int     `toml:"min_met"`
		Floor  *float64 `toml:"floor"`
	} `toml:"school_rule"`
	CV struct {
		Primary *float64 `toml:"primary"`
		Junior  *float64 `toml:"junior"`
	} `toml:"cv"`
	Recognition struct {
		Threshold *float64 `toml:"threshold"`
	} `toml:"recognition"`
	Indicator  []indicatorFile `toml:"indicator"`
	Government []itemFile      `toml:"government"`
	Quality    []itemFile      `toml:"quality"`
	Veto       []vetoFile      `toml:"veto"`
}

type indicatorFile struct {
	ID          string   `toml:"id"`
	Name        *string  `toml:"name"`
	Short       *string  `toml:"short"`
	Unit        *string  `toml:"unit"`
	Numerator   []string `toml:"numerator"`
	Factor      *float64 `toml:"factor"`
	Denominator *string  `toml:"denominator"`
	Primary     *float64 `toml:"primary"`
	Junior      *float64 `toml:"junior"`
	Direction   *string  `toml:"direction"`
	Decimals    *int     `toml:"decimals"`
	Note        *string  `toml:"note"`
	Remove      bool     `toml:"remove"`
}

type itemFile struct {
	ID          string   `toml:"id"`
	Name        *string  `toml:"name"`
	Requirement *string  `toml:"requirement"`
	Unit        *string  `toml:"unit"`
	Direction   *string  `toml:"direction"`
	Threshold   *float64 `toml:"threshold"`
	Primary     *float64 `toml:"primary"`
	Junior      *float64 `toml:"junior"`
	Remove      bool     `toml:"remove"`
}

type vetoFile struct {
	ID     string  `toml:"id"`
	Name   *string `toml:"name"`
	Remove bool    `toml:"remove"`
}

var idRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// LoadStandard reads data/standards/PROFILE.toml from the site (profile ""
// means national) and every base it names. The national profile falls back
// to the embedded standard when the site has no file for it. It returns nil
// when the standard cannot be used; the reasons are in list.
func LoadStandard(siteDir, profile string, list *diag.List) *Standard {
	if profile == "" {
		profile = DefaultProfile
	}
	local := &diag.List{}
	s := &Standard{ID: profile, CVGate: map[Stage]float64{}}
	ok := loadProfile(siteDir, profile, s, nil, local)
	if ok {
		s.check(local)
	}
	for _, p := range local.Problems() {
		list.Add(p)
	}
	if !ok || local.Err() != nil {
		return nil
	}
	return s
}

// loadProfile applies profile (after its base) to s. seen guards against a
// profile naming itself through its bases.
func loadProfile(siteDir, profile string, s *Standard, seen []string, list *diag.List) bool {
	rel := StandardsDir + "/" + profile + ".toml"
	if !idRe.MatchString(profile) {
		list.Errorf(rel, 0, 0, "标准名“%s”只能用小写字母、数字、- 和 _", profile)
		return false
	}
	for _, p := range seen {
		if p == profile {
			list.Errorf(rel, 0, 0, "标准的 base 绕成了圈：%s → %s", strings.Join(seen, " → "), profile)
			return false
		}
	}
	raw, err := os.ReadFile(filepath.Join(siteDir, filepath.FromSlash(rel)))
	switch {
	case os.IsNotExist(err) && profile == DefaultProfile:
		raw, rel = nationalTOML, "(内置国家标准)"
	case os.IsNotExist(err):
		list.Errorf(rel, 0, 0, "找不到标准文件：%s 里应有 %s.toml", StandardsDir, profile)
		return false
	case err != nil:
		list.Errorf(rel, 0, 0, "读不了：%v", err)
		return false
	}
	text, _, err := textfile.Decode(raw)
	if err != nil {
		e := err.(*textfile.Error)
		list.Errorf(rel, e.Line, e.Col, "%s", e.Msg)
		return false
	}
	var f standardFile
	doc, ok := tomlpos.Decode(rel, []byte(text), 0, &f, list)
	if !ok {
		return false
	}
	if f.Base != "" {
		if f.Base == profile {
			p := doc.Pos("base")
			list.Errorf(rel, p.Line, p.Col, "base 不能是自己")
			return false
		}
		if !loadProfile(siteDir, f.Base, s, append(seen, profile), list) {
			p := doc.Pos("base")
			list.Errorf(rel, p.Line, p.Col, "基础标准 %s 不能使用（见上面的错误）", f.Base)
			return false
		}
	}
	if len(seen) == 0 {
		s.Path = rel
	}
	s.Chain = append(s.Chain, profile)
	s.apply(&f, doc, rel, f.Base != "", list)
	return true
}

func (s *Standard) apply(f *standardFile, doc *tomlpos.Doc, rel string, override bool, list *diag.List) {
	if f.Name != "" {
		s.Name = f.Name
	}
	if f.Source != "" {
		s.Source = f.Source
	}
	set(&s.SchoolRule.MinMet, f.SchoolRule.MinMet)
	set(&s.SchoolRule.Floor, f.SchoolRule.Floor)
	if f.CV.Primary != nil {
		s.CVGate[Primary] = *f.CV.Primary
	}
	if f.CV.Junior != nil {
		s.CVGate[Junior] = *f.CV.Junior
	}
	set(&s.Recognition, f.Recognition.Threshold)
	errAt := func(key, format string, args ...any) {
		p := doc.Pos(key)
		list.Errorf(rel, p.Line, p.Col, format, args...)
	}
	for i, in := range f.Indicator {
		key := fmt.Sprintf("indicator[%d]", i)
		if !idRe.MatchString(in.ID) {
			errAt(key+".id", "指标要有 id（小写字母、数字、_），现在是“%s”", in.ID)
			continue
		}
		ind := s.Indicator(in.ID)
		if in.Remove {
			if ind == nil {
				errAt(key+".id", "要去掉的指标 %s 在基础标准里没有", in.ID)
			}
			s.Indicators = removeByID(s.Indicators, in.ID, func(x *Indicator) string { return x.ID })
			continue
		}
		if ind == nil {
			if override && in.Name == nil {
				errAt(key+".id", "基础标准里没有指标 %s；要新加指标请写全 name、unit、numerator、primary、junior", in.ID)
				continue
			}
			ind = &Indicator{ID: in.ID, Factor: 1, Denominator: "学生数", Direction: AtLeast, Decimals: 2, Threshold: map[Stage]float64{}}
			s.Indicators = append(s.Indicators, ind)
		}
		set(&ind.Name, in.Name)
		set(&ind.Short, in.Short)
		set(&ind.Unit, in.Unit)
		set(&ind.Note, in.Note)
		set(&ind.Denominator, in.Denominator)
		set(&ind.Factor, in.Factor)
		set(&ind.Decimals, in.Decimals)
		if in.Numerator != nil {
			ind.Numerator = in.Numerator
		}
		if in.Primary != nil {
			ind.Threshold[Primary] = *in.Primary
		}
		if in.Junior != nil {
			ind.Threshold[Junior] = *in.Junior
		}
		if in.Direction != nil {
			d, ok := parseDirection(*in.Direction)
			if !ok {
				errAt(key+".direction", "direction 只能是 min（不低于）或 max（不高于），现在是“%s”", *in.Direction)
			}
			ind.Direction = d
		}
		if ind.Factor <= 0 {
			errAt(key+".factor", "factor 要大于 0")
		}
		if in.Decimals != nil && (*in.Decimals < 0 || *in.Decimals > 6) {
			errAt(key+".decimals", "decimals 应在 0 到 6 之间")
		}
		for _, c := range ind.Numerator {
			if strings.TrimSpace(c) == "" {
				errAt(key+".numerator", "numerator 里有空的列名")
			}
		}
	}
	s.Government = applyItems(s.Government, f.Government, "government", doc, rel, override, list)
	s.Quality = applyItems(s.Quality, f.Quality, "quality", doc, rel, override, list)
	for i, v := range f.Veto {
		key := fmt.Sprintf("veto[%d]", i)
		if !idRe.MatchString(v.ID) {
			errAt(key+".id", "否决情形要有 id（小写字母、数字、_），现在是“%s”", v.ID)
			continue
		}
		var cur *Veto
		for _, x := range s.Vetoes {
			if x.ID == v.ID {
				cur = x
			}
		}
		if v.Remove {
			s.Vetoes = removeByID(s.Vetoes, v.ID, func(x *Veto) string { return x.ID })
			continue
		}
		if cur == nil {
			cur = &Veto{ID: v.ID}
			s.Vetoes = append(s.Vetoes, cur)
		}
		set(&cur.Name, v.Name)
	}
	for i, ind := range s.Indicators {
		ind.No = i + 1
	}
}

func applyItems(items []*CountyItem, files []itemFile, area string, doc *tomlpos.Doc, rel string, override bool, list *diag.List) []*CountyItem {
	for i, in := range files {
		key := fmt.Sprintf("%s[%d]", area, i)
		errAt := func(k, format string, args ...any) {
			p := doc.Pos(key + "." + k)
			list.Errorf(rel, p.Line, p.Col, format, args...)
		}
		if !idRe.MatchString(in.ID) {
			errAt("id", "%s的每一项要有 id（小写字母、数字、_），现在是“%s”", areaNames[area], in.ID)
			continue
		}
		var it *CountyItem
		for _, x := range items {
			if x.ID == in.ID {
				it = x
			}
		}
		if in.Remove {
			items = removeByID(items, in.ID, func(x *CountyItem) string { return x.ID })
			continue
		}
		if it == nil {
			if override && in.Name == nil {
				errAt("id", "基础标准的%s里没有 %s；要新加一项请写 name 和 requirement", areaNames[area], in.ID)
				continue
			}
			it = &CountyItem{Area: area, ID: in.ID, Direction: AtLeast}
			items = append(items, it)
		}
		set(&it.Name, in.Name)
		set(&it.Requirement, in.Requirement)
		set(&it.Unit, in.Unit)
		if in.Direction != nil {
			d, ok := parseDirection(*in.Direction)
			if !ok {
				errAt("direction", "direction 只能是 min（不低于）或 max（不高于），现在是“%s”", *in.Direction)
			}
			it.Direction = d
		}
		if in.Threshold != nil {
			v := *in.Threshold
			it.Threshold, it.ByStage = &v, nil
		}
		if in.Primary != nil || in.Junior != nil {
			if it.ByStage == nil {
				it.ByStage = map[Stage]float64{}
			}
			it.Threshold = nil
			if in.Primary != nil {
				it.ByStage[Primary] = *in.Primary
			}
			if in.Junior != nil {
				it.ByStage[Junior] = *in.Junior
			}
		}
		if in.Threshold != nil && (in.Primary != nil || in.Junior != nil) {
			errAt("threshold", "threshold 和 primary/junior 只能写一种")
		}
	}
	for i, it := range items {
		it.No = i + 1
	}
	return items
}

// check reports what a resolved standard lacks.
func (s *Standard) check(list *diag.List) {
	rel := s.Path
	if rel == "" {
		rel = StandardsDir + "/" + s.ID + ".toml"
	}
	if len(s.Indicators) == 0 {
		list.Errorf(rel, 0, 0, "标准里没有资源配置指标（[[indicator]]）")
	}
	for _, ind := range s.Indicators {
		var miss []string
		if ind.Name == "" {
			miss = append(miss, "name")
		}
		if len(ind.Numerator) == 0 {
			miss = append(miss, "numerator")
		}
		for _, st := range Stages {
			if _, ok := ind.Threshold[st]; !ok {
				miss = append(miss, st.Key())
			}
		}
		if len(miss) > 0 {
			list.Errorf(rel, 0, 0, "指标 %s 缺少 %s", ind.ID, strings.Join(miss, "、"))
		}
	}
	n := len(s.Indicators)
	if s.SchoolRule.MinMet == 0 {
		s.SchoolRule.MinMet = n
	}
	if s.SchoolRule.MinMet < 0 || s.SchoolRule.MinMet > n {
		list.Errorf(rel, 0, 0, "school_rule.min_met 是 %d，应在 0 到 %d（指标数）之间", s.SchoolRule.MinMet, n)
	}
	if s.SchoolRule.Floor < 0 || s.SchoolRule.Floor > 1 {
		list.Errorf(rel, 0, 0, "school_rule.floor 是 %v，应在 0 到 1 之间（如 0.85）", s.SchoolRule.Floor)
	}
	for _, st := range Stages {
		if g, ok := s.CVGate[st]; !ok || g <= 0 {
			list.Errorf(rel, 0, 0, "缺少%s的差异系数上限 [cv] %s", st, st.Key())
		}
	}
	if s.Recognition <= 0 || s.Recognition > 100 {
		list.Errorf(rel, 0, 0, "社会认可度标准 [recognition] threshold 应在 0 到 100 之间（百分数，如 85）")
	}
	for _, it := range append(append([]*CountyItem(nil), s.Government...), s.Quality...) {
		if it.Name == "" {
			list.Errorf(rel, 0, 0, "%s %s 缺少 name", it.AreaName(), it.ID)
		}
	}
	for _, v := range s.Vetoes {
		if v.Name == "" {
			list.Errorf(rel, 0, 0, "否决情形 %s 缺少 name", v.ID)
		}
	}
}

func parseDirection(s string) (Direction, bool) {
	switch s {
	case "min", "≥", ">=":
		return AtLeast, true
	case "max", "≤", "<=":
		return AtMost, true
	}
	return AtLeast, false
}

func set[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

func removeByID[T any](xs []T, id string, idOf func(T) string) []T {
	out := xs[:0:0]
	for _, x := range xs {
		if idOf(x) != id {
			out = append(out, x)
		}
	}
	return out
}
