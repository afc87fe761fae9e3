package corpus

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"github.com/dudao/dudao/internal/frontmatter"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// ProvinceVersion changes whenever GenerateProvince's output for given sizes
// and seed changes, so that cached province sites are made again.
const ProvinceVersion = "1"

// Fixed parts of a province site.
const (
	provinceArticles = 30   // a handful of articles, so that it is a normal site
	firstPeriod      = 2021 // the periods are 2021, 2022, …
	provinceAsOf     = "2026-11-01"
)

var asOfDay = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// GenerateProvince writes into dir a complete site with a province's worth of
// 优质均衡 data: data/districts.toml with the supervision office and the
// districts d001, d002, …; for each district the school data sheets of
// periods periods (data/schools/ID/2021.csv, 2022.csv, …) with schools
// schools each, a county file per period, a key-task list, a problem list and
// a phased schedule; and a handful of bulletin articles, inspectors,
// documents and pages made as Generate makes them. site.toml fixes
// [indicators] as_of, so that what the site shows does not depend on the day
// it is built. The same seed gives the same site, byte for byte.
//
// The sheets carry every column the national standard needs. Schools are
// about 60% 小学 and 40% 初中, plus a few 九年一贯制 schools with a row in
// each 学段; their values lie around the national thresholds: some schools
// fall short, some districts have a 差异系数 above the gate, a few are ready.
func GenerateProvince(dir string, districts, schools, periods int, seed int64) error {
	_, err := generateProvince(dir, districts, schools, periods, seed)
	return err
}

// provinceManifest records what GenerateProvince wrote, for tests.
type provinceManifest struct {
	content   *manifest
	districts []*provDistrict
	periods   int
	schools   int // schools (not rows) in all
	rows      int // sheet rows of the latest period in all
	tasks     int
	problems  int
}

// expectedPages is the number of HTML pages dudao makes of the site: the
// content's, the overview, one page per indicator and one per school.
func (m *provinceManifest) expectedPages() int {
	return m.content.expectedPages() + 1 + len(indicatorDefs) + m.schools
}

// indicatorDefs are the national standard's 7 资源配置 indicators as the
// generator needs them: the sheet column, values per 100 students (factor
// 100) or per student (1), the thresholds of 小学 and 初中, and how a school
// in a town centre or in the countryside usually stands (added to its score).
var indicatorDefs = [7]struct {
	column       string
	factor       float64
	threshold    [2]float64
	urban, rural float64
}{
	{"高于规定学历教师数", 100, [2]float64{4.2, 5.3}, 0.3, -0.3},
	{"县级以上骨干教师数", 100, [2]float64{1, 1}, 0.4, -0.4},
	{"体育艺术专任教师数", 100, [2]float64{0.9, 0.9}, 0.2, -0.2},
	{"教学及辅助用房面积", 1, [2]float64{4.5, 5.8}, -0.3, 0.2},
	{"体育运动场馆面积", 1, [2]float64{7.5, 10.2}, -0.5, 0.3},
	{"教学仪器设备值", 1, [2]float64{2000, 2500}, 0.2, -0.2},
	{"网络多媒体教室数", 100, [2]float64{2.3, 2.4}, 0.1, -0.2},
}

var stageNames = [2]string{"小学", "初中"}

// Tiers of districts: how far along they are in the latest period.
const (
	tierAdvanced = iota // well above the thresholds, even: often ready
	tierTypical         // above on average, some schools short
	tierLagging         // some 差异系数 above the gate
)

type provDistrict struct {
	districtSpec
	tier       int
	g          *gen
	towns      []string
	schools    []*provSchool
	wan        bool          // the sheet gives 教学仪器设备值 in 万元
	mean, sd   [2][7]float64 // per 学段 and indicator, latest period: mean attainment, spread
	countyMiss float64       // chance that a county item is not met in the latest period
	phaseYear  int           // the year the schedule starts
	problems   int           // rows written, for tests
	tasks      int           // rows written, for tests
}

type provSchool struct {
	name, kind, locale string // kind: 小学, 初中 or 九年一贯制; locale: 城区, 镇区, 乡村
	rows               []*provRow
}

// provRow is a school in one 学段, with what stays the same across periods.
type provRow struct {
	stage     int // 0 小学, 1 初中
	students  float64
	z         [7]float64 // the school's standing per indicator, in standard deviations
	ratio     float64    // students per teacher
	classSize float64
}

func generateProvince(dir string, nDistricts, nSchools, nPeriods int, seed int64) (*provinceManifest, error) {
	switch {
	case nDistricts < 1 || nSchools < 1 || nPeriods < 1:
		return nil, errors.New("corpus: at least one district, one school and one period")
	case nDistricts > maxDistricts():
		return nil, fmt.Errorf("corpus: at most %d districts", maxDistricts())
	case nSchools > 2000:
		return nil, errors.New("corpus: at most 2000 schools per district")
	case firstPeriod+nPeriods-1 > asOfDay.Year():
		return nil, fmt.Errorf("corpus: at most %d periods (%d to %d)", asOfDay.Year()-firstPeriod+1, firstPeriod, asOfDay.Year())
	}
	g := newStream(seed, 0)
	pm := &provinceManifest{periods: nPeriods}
	specs := []districtSpec{districts[0]} // the office
	for i, name := range districtNames(g, nDistricts) {
		kind, suffix, bureau := "county", "县", "教育体育局"
		if g.chance(0.35) {
			kind, suffix, bureau = "district", "区", "教育局"
		}
		d := &provDistrict{g: newStream(seed, uint64(i+1))}
		d.districtSpec = districtSpec{id: fmt.Sprintf("d%03d", i+1), name: name + suffix, short: name + suffix,
			kind: kind, bureau: name + suffix + bureau}
		d.plan(nSchools)
		d.districtSpec.towns = d.towns[:min(len(d.towns), 8)] // what the texts name
		specs = append(specs, d.districtSpec)
		pm.districts = append(pm.districts, d)
		for _, s := range d.schools {
			pm.schools++
			pm.rows += len(s.rows)
		}
	}
	cm, err := generateWith(dir, provinceArticles, seed, specs, provinceConfig(), func(s *site) {
		// The texts name the schools of the sheets.
		for i, d := range pm.districts {
			var names []string
			for _, sc := range d.schools {
				names = append(names, sc.name)
			}
			s.units[i+1].schools = s.g.pickN(names, 14)
		}
	})
	if err != nil {
		return nil, err
	}
	pm.content = cm
	for _, d := range pm.districts {
		files, err := d.files(nPeriods)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			if err := writeFile(dir, f.path, f.data); err != nil {
				return nil, err
			}
		}
		pm.tasks += d.tasks
		pm.problems += d.problems
	}
	return pm, nil
}

// newStream is a generator of its own for one part of a province site, so
// that a district's data does not depend on how many districts come before.
func newStream(seed int64, stream uint64) *gen {
	return &gen{r: rand.New(rand.NewPCG(uint64(seed)^0x70726f76696e6365, stream))} // "province"
}

func writeFile(dir, rel string, data []byte) error {
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

func provinceConfig() string {
	return `# 由 internal/corpus 生成的省级规模测试网站（虚构）：各区县推进义务教育优质均衡发展的数据。
title = "江东省教育督导"
description = "江东省人民政府教育督导委员会办公室公开各县区推进义务教育优质均衡发展的进展：资源配置、政府保障程度、教育质量和社会认可度。"
base_url = "https://jyt.example.gov.cn/dudao/"
office = "江东省人民政府教育督导委员会办公室"
address = "江东省江州市政务大道1号"
phone = "0561-2880000"
icp = ""
site_id_code = ""

[markup]
allow_html = false

[pagination]
per_page = ` + strconv.Itoa(perPage) + `

[indicators]
as_of = ` + provinceAsOf + "\n"
}

// Place names are made of two characters: districts from districtFirst and
// districtSecond, towns from townFirst and townSecond.
var (
	districtFirst  = []rune("青临安永丰宁平长新武清德宜泰东西南望龙凤金石白桐松柳枫桂梅云华兴庆定寿嘉广怀休霍")
	districtSecond = []rune("阳川山江河溪源林城远化昌泉湖陵明乐岗台谷")
	townFirst      = []rune("桥石龙马杨柳竹茶黄高双三五大小上下古新沙河湖塘仙白花桃杏枣蒲莲荷横樟")
	townSecond     = []rune("头塘口坊桥岭湾铺集店埠港庄坝冲畈溪河林山")
)

func combos(first, second []rune) []string {
	var out []string
	for _, a := range first {
		for _, b := range second {
			if a != b {
				out = append(out, string(a)+string(b))
			}
		}
	}
	return out
}

var districtPool = combos(districtFirst, districtSecond)

func maxDistricts() int { return len(districtPool) }

func districtNames(g *gen, n int) []string {
	perm := g.r.Perm(len(districtPool))
	out := make([]string, n)
	for i := range out {
		out[i] = districtPool[perm[i]]
	}
	return out
}

var townPool = combos(townFirst, townSecond)

// Name patterns of schools; T is a town, D the district without 区 / 县.
var (
	primaryNames = []string{"T镇中心小学", "T小学", "T中心小学", "T第二小学", "T希望小学", "T完全小学", "T实验小学"}
	juniorNames  = []string{"T中学", "T初级中学", "T镇第二中学", "T实验中学"}
	nineNames    = []string{"T九年一贯制学校", "T学校", "T实验学校"}
	urbanPrimary = []string{"D实验小学", "D第二实验小学", "D城关第一小学", "D城关第二小学", "D人民路小学", "D解放路小学", "D育才小学", "D文昌小学"}
	urbanJunior  = []string{"D第一中学", "D第二中学", "D第三中学", "D实验中学", "D城关中学", "D育英中学"}
)

// plan draws the district's tier, towns and schools, and how each school
// stands; the values of each period are drawn from them later.
func (d *provDistrict) plan(n int) {
	g := d.g
	switch x := g.r.Float64(); {
	case x < 0.2:
		d.tier = tierAdvanced
	case x < 0.85:
		d.tier = tierTypical
	default:
		d.tier = tierLagging
	}
	for st := range 2 {
		for k := range indicatorDefs {
			switch d.tier {
			case tierAdvanced:
				d.mean[st][k], d.sd[st][k] = uniform(g, 1.45, 1.75), uniform(g, 0.05, 0.12)
			case tierTypical:
				d.mean[st][k], d.sd[st][k] = uniform(g, 1.2, 1.55), uniform(g, 0.1, 0.24)
				if g.chance(0.03) {
					d.sd[st][k] = uniform(g, 0.5, 0.65)
				}
			default:
				d.mean[st][k], d.sd[st][k] = uniform(g, 1.0, 1.25), uniform(g, 0.22, 0.38)
			}
		}
		if d.tier == tierLagging {
			for _, k := range g.r.Perm(len(indicatorDefs))[:g.n(1, 3)] {
				d.sd[st][k] = uniform(g, 0.52, 0.75)
			}
		}
	}
	d.countyMiss = []float64{0, 0.04, 0.12}[d.tier]
	d.wan = g.chance(0.3)
	d.phaseYear = g.n(2021, 2024)

	perm := g.r.Perm(len(townPool))
	for _, i := range perm[:min(len(perm), max(8, n/4))] {
		d.towns = append(d.towns, townPool[i])
	}
	short := strings.TrimSuffix(strings.TrimSuffix(d.name, "县"), "区")
	nine := (n*6 + 50) / 100
	if n >= 10 {
		nine = max(nine, 1)
	}
	primary := ((n-nine)*60 + 50) / 100
	junior := n - nine - primary
	if primary == 0 && junior > 1 {
		primary, junior = 1, junior-1
	}
	seen := map[string]bool{}
	name := func(urban, patterns []string, fallback string) (string, string) {
		if len(urban) > 0 && len(d.schools) < n/6 && g.chance(0.6) {
			for range 4 {
				s := strings.ReplaceAll(g.pick(urban), "D", short)
				if !seen[s] {
					seen[s] = true
					return s, "城区"
				}
			}
		}
		for range 20 {
			t := g.pick(d.towns)
			s := strings.ReplaceAll(g.pick(patterns), "T", t)
			if !seen[s] {
				seen[s] = true
				locale := "乡村"
				if strings.Contains(s, "镇") || strings.Contains(s, "中心") || g.chance(0.3) {
					locale = "镇区"
				}
				return s, locale
			}
		}
		for k := 1; ; k++ {
			s := short + "第" + strconv.Itoa(k) + fallback
			if !seen[s] {
				seen[s] = true
				return s, "城区"
			}
		}
	}
	kinds := make([]string, 0, n)
	for range primary {
		kinds = append(kinds, "小学")
	}
	for range junior {
		kinds = append(kinds, "初中")
	}
	for range nine {
		kinds = append(kinds, "九年一贯制")
	}
	g.r.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })
	for _, kind := range kinds {
		s := &provSchool{kind: kind}
		switch kind {
		case "小学":
			s.name, s.locale = name(urbanPrimary, primaryNames, "小学")
			s.rows = []*provRow{d.row(s.locale, 0, false)}
		case "初中":
			s.name, s.locale = name(urbanJunior, juniorNames, "中学")
			s.rows = []*provRow{d.row(s.locale, 1, false)}
		default:
			s.name, s.locale = name(nil, nineNames, "学校")
			s.rows = []*provRow{d.row(s.locale, 0, true), d.row(s.locale, 1, true)}
		}
		d.schools = append(d.schools, s)
	}
	// Town-centre schools first, as offices list them.
	rank := map[string]int{"城区": 0, "镇区": 1, "乡村": 2}
	sort.SliceStable(d.schools, func(i, j int) bool { return rank[d.schools[i].locale] < rank[d.schools[j].locale] })
}

func uniform(g *gen, lo, hi float64) float64 { return lo + g.r.Float64()*(hi-lo) }

func (d *provDistrict) row(locale string, stage int, nine bool) *provRow {
	g := d.g
	r := &provRow{stage: stage}
	var lo, hi float64
	switch {
	case nine && stage == 0:
		lo, hi = 250, 1000
	case nine:
		lo, hi = 150, 700
	case locale == "城区":
		lo, hi = 1000, 2400
	case locale == "镇区":
		lo, hi = 450, 1400
	case stage == 0:
		lo, hi = 60, 450
	default:
		lo, hi = 150, 650
	}
	r.students = uniform(g, lo, hi)
	for k, def := range indicatorDefs {
		r.z[k] = g.r.NormFloat64()
		switch locale {
		case "城区":
			r.z[k] += def.urban
		case "乡村":
			r.z[k] += def.rural
		}
	}
	if stage == 0 {
		r.ratio, r.classSize = uniform(g, 15, 19), uniform(g, 36, 45)
	} else {
		r.ratio, r.classSize = uniform(g, 11.5, 13.5), uniform(g, 40, 50)
	}
	if locale == "乡村" {
		r.ratio *= 0.8
		r.classSize *= 0.7
	}
	return r
}

type fileData struct {
	path string
	data []byte
}

// files draws and writes out every data file of the district.
func (d *provDistrict) files(periods int) ([]fileData, error) {
	var out []fileData
	for p := range periods {
		back := periods - 1 - p
		name := strconv.Itoa(firstPeriod + p)
		sheet, err := d.sheet(back)
		if err != nil {
			return nil, err
		}
		out = append(out,
			fileData{"data/schools/" + d.id + "/" + name + ".csv", sheet},
			fileData{"data/county/" + d.id + "/" + name + ".toml", d.county(firstPeriod+p, back)})
	}
	tasks, err := d.taskList()
	if err != nil {
		return nil, err
	}
	problems, err := d.problemList()
	if err != nil {
		return nil, err
	}
	out = append(out,
		fileData{"data/tasks/" + d.id + ".csv", tasks},
		fileData{"data/problems/" + d.id + ".csv", problems},
		fileData{"data/phases/" + d.id + ".toml", d.phases()})
	return out, nil
}

func writeCSV(rows [][]string) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(rows); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func fmtFloat(v float64, decimals int) string { return strconv.FormatFloat(v, 'f', decimals, 64) }

// sheet is the school data sheet of the period back periods before the
// latest: values lower and more spread the further back.
func (d *provDistrict) sheet(back int) ([]byte, error) {
	g := d.g
	equipment := "教学仪器设备值"
	if d.wan {
		equipment += "（万元）"
	}
	rows := [][]string{{"学校", "学校类型", "学段", "城乡类别", "学生数", "班级数", "专任教师数", "高于规定学历教师数",
		"县级以上骨干教师数", "体育艺术专任教师数", "教学及辅助用房面积", "体育运动场馆面积", equipment, "网络多媒体教室数"}}
	for _, s := range d.schools {
		for _, r := range s.rows {
			students := math.Max(30, math.Round(r.students*math.Exp(0.04*g.r.NormFloat64()-0.015*float64(back))))
			var col [7]float64
			for k, def := range indicatorDefs {
				mean := d.mean[r.stage][k] * (1 - 0.045*float64(back))
				sd := d.sd[r.stage][k] * (1 + 0.12*float64(back))
				z := (r.z[k] + 0.3*g.r.NormFloat64()) / math.Sqrt(1.09)
				v := def.threshold[r.stage] * mean * math.Exp(sd*z-sd*sd/2)
				col[k] = v * students / def.factor
			}
			teachers := math.Round(students / r.ratio)
			degree := math.Round(col[0])
			teachers = math.Max(teachers, math.Ceil(degree/0.97))
			backbone := math.Min(math.Round(col[1]), teachers)
			art := math.Min(math.Round(col[2]), teachers)
			classes := math.Max(1, math.Round(students/r.classSize))
			if r.stage == 0 {
				classes = math.Max(classes, math.Min(6, math.Ceil(students/10)))
			} else {
				classes = math.Max(classes, math.Min(3, math.Ceil(students/15)))
			}
			equip := fmtFloat(math.Round(col[5]), 0)
			if d.wan {
				equip = fmtFloat(col[5]/10000, 2)
			}
			rows = append(rows, []string{s.name, s.kind, stageNames[r.stage], s.locale,
				fmtFloat(students, 0), fmtFloat(classes, 0), fmtFloat(teachers, 0), fmtFloat(degree, 0),
				fmtFloat(backbone, 0), fmtFloat(art, 0), fmtFloat(col[3], 1), fmtFloat(col[4], 1), equip,
				fmtFloat(math.Round(col[6]), 0)})
		}
	}
	return writeCSV(rows)
}

// countyNotes explain a county item that is not met.
var countyNotes = map[string]string{
	"layout":          "个别乡镇学校布局调整尚未完成",
	"four_unified":    "城乡学校基本装备配置标准尚未统一",
	"music_art_rooms": "部分学校音乐、美术专用教室数量或面积不足",
	"school_size":     "城区个别学校规模超过 2000 人",
	"small_schools":   "部分教学点公用经费未按 100 名学生核定",
	"teacher_pay":     "绩效工资总量未足额核定",
	"staffing":        "编制岗位尚未在全县统筹分配",
	"charter":         "个别学校章程未按要求修订",
	"it_teaching":     "农村学校信息化教学应用不足",
	"moral":           "部分学校校园文化建设评价未达良好",
	"curriculum":      "部分农村学校音体美课程未开齐开足",
	"homework":        "个别学校作业总量超过规定",
	"monitoring":      "质量监测校际差异率高于 0.15",
}

// countyItems are the 15 + 9 county items in the order of the standard, with
// how a met and a missed value is drawn; an item without draws is true or
// false.
type countyItem struct {
	id, num   string
	met, miss func(g *gen) string
}

func between(lo, hi float64, decimals int) func(g *gen) string {
	return func(g *gen) string { return fmtFloat(uniform(g, lo, hi), decimals) }
}

func fixed(v string) func(g *gen) string { return func(*gen) string { return v } }

func byStage(p, j func(g *gen) string) func(g *gen) string {
	return func(g *gen) string { return "{ primary = " + p(g) + ", junior = " + j(g) + " }" }
}

var governmentItems = []countyItem{
	{id: "layout", num: "1. 规划布局"},
	{id: "four_unified", num: "2. 城乡四个统一"},
	{id: "music_art_rooms", num: "3. 音乐、美术专用教室"},
	{id: "school_size", num: "4. 学校规模"},
	{"class_size", "5. 班额", byStage(between(40, 45, 0), between(45, 50, 0)), byStage(between(46, 56, 0), between(51, 60, 0))},
	{id: "small_schools", num: "6. 小规模学校公用经费"},
	{"special_funding", "7. 特殊教育学校生均公用经费", between(6000, 8000, 0), between(4500, 5900, 0)},
	{id: "teacher_pay", num: "8. 教师工资待遇"},
	{"training", "9. 教师培训", fixed("100"), between(85, 99.4, 1)},
	{id: "staffing", num: "10. 编制岗位统筹"},
	{"rotation", "11. 教师交流轮岗", func(g *gen) string {
		return fmt.Sprintf("{ value = %s, note = \"其中骨干教师占交流轮岗教师的 %d%%\" }", fmtFloat(uniform(g, 10.5, 16), 1), g.n(20, 35))
	}, between(6, 9.8, 1)},
	{"certified", "12. 持证上岗", fixed("100"), between(97, 99.8, 1)},
	{"catchment", "13. 就近划片入学", byStage(fixed("100"), between(95.5, 100, 1)), byStage(between(96, 99.5, 1), between(90, 94.8, 1))},
	{"quota", "14. 优质高中招生名额分配", between(50.5, 85, 0), between(35, 49, 0)},
	{"migrant", "15. 随迁子女就读", between(85.5, 98, 1), between(75, 84.5, 1)},
}

var qualityItems = []countyItem{
	{"retention", "1. 初中三年巩固率", between(95.2, 99.5, 1), between(90, 94.8, 1)},
	{"disabled", "2. 残疾儿童少年入学率", between(95.2, 99.5, 1), between(88, 94.8, 1)},
	{id: "charter", num: "3. 学校章程与信息化管理"},
	{"training_funds", "4. 教师培训经费", between(5.1, 7, 1), between(3.5, 4.8, 1)},
	{id: "it_teaching", num: "5. 信息化教学"},
	{id: "moral", num: "6. 德育与校园文化"},
	{id: "curriculum", num: "7. 课程与教学秩序"},
	{id: "homework", num: "8. 课业负担"},
	{id: "monitoring", num: "9. 义务教育质量监测"},
}

// county is the county file of year, back periods before the latest.
func (d *provDistrict) county(year, back int) []byte {
	g := d.g
	miss := math.Min(0.6, d.countyMiss+0.07*float64(back))
	var b strings.Builder
	fmt.Fprintf(&b, "# 由 internal/corpus 生成（虚构）：%s%d年县级指标。\n\n", d.name, year)
	recognition := uniform(g, 85.5, 95)
	if g.chance(miss) {
		recognition = uniform(g, 78, 84.8)
	}
	fmt.Fprintf(&b, "recognition = %s\n", fmtFloat(recognition, 1))
	vetoes := "[]"
	if back > 0 && g.chance(0.02) {
		vetoes = `["safety"]`
	}
	fmt.Fprintf(&b, "vetoes = %s\nnote = %s\n", vetoes, frontmatter.Quote(d.bureau+"填报"))
	for _, area := range []struct {
		name  string
		items []countyItem
	}{{"government", governmentItems}, {"quality", qualityItems}} {
		fmt.Fprintf(&b, "\n[%s]\n", area.name)
		for _, it := range area.items {
			met := !g.chance(miss)
			var v string
			switch {
			case it.met == nil && met:
				v = "true"
			case it.met == nil:
				v = "{ met = false, note = " + frontmatter.Quote(countyNotes[it.id]) + " }"
			case met:
				v = it.met(g)
			default:
				v = it.miss(g)
			}
			fmt.Fprintf(&b, "%s = %s   # %s\n", it.id, v, it.num)
		}
	}
	return []byte(b.String())
}

// taskCatalog is the key-task list offices draw up (K: 县 or 区).
var taskCatalog = []struct{ name, goal, units string }{
	{"加强党对教育工作的全面领导", "落实党组织领导的校长负责制，所有学校制定章程，把党的建设工作纳入学校章程。", "K委教育工委"},
	{"优化义务教育学校布局规划", "编制并实施义务教育学校布局专项规划，学校布局合理，符合国家规定要求。", "K教育局、K发改委、K自然资源和规划局"},
	{"化解大校额大班额", "小学、初中规模不超过2000人，班额分别不超过45人、50人。", "K教育局、K住建局"},
	{"推进标准化学校建设", "七项资源配置指标全部达到国家标准，校际差异系数小学不高于0.50、初中不高于0.45。", "K教育局、K财政局"},
	{"补齐体育运动场馆短板", "生均体育运动场馆面积小学达到7.5平方米、初中达到10.2平方米以上。", "K教育局、K财政局、K体育局"},
	{"更新教学仪器设备", "生均教学仪器设备值小学达到2000元、初中达到2500元以上。", "K教育局、K财政局"},
	{"建设网络多媒体教室", "每百名学生拥有网络多媒体教室数小学2.3间、初中2.4间以上。", "K教育局、K数据资源局"},
	{"配齐音乐美术专用教室", "每12个班级配备音乐、美术专用教室各1间以上，面积符合标准。", "K教育局"},
	{"补充紧缺学科教师", "每百名学生拥有体育、艺术专任教师0.9人以上。", "K教育局、K人社局、K委编办"},
	{"加强骨干教师队伍建设", "每百名学生拥有县级以上骨干教师1人以上，并向农村学校倾斜。", "K教育局"},
	{"提升教师学历层次", "每百名学生拥有高于规定学历教师数小学4.2人、初中5.3人以上。", "K教育局、K人社局"},
	{"推进教师交流轮岗", "每年交流轮岗教师比例不低于10%，其中骨干教师不低于20%。", "K教育局、K人社局"},
	{"保障教师工资待遇", "义务教育教师平均工资收入水平不低于当地公务员平均工资收入水平。", "K财政局、K人社局、K教育局"},
	{"落实教师培训", "教师五年360学时培训完成率达到100%，培训经费不低于公用经费的5%。", "K教育局、K财政局"},
	{"规范招生入学", "城区和镇区公办学校就近划片入学比例小学达到100%、初中达到95%以上。", "K教育局"},
	{"优质高中招生名额分配到校", "名额分配比例不低于50%，并向农村初中倾斜。", "K教育局"},
	{"保障随迁子女平等入学", "随迁子女在公办学校和政府购买服务的民办学校就读比例不低于85%。", "K教育局、K公安局"},
	{"提高初中巩固率", "初中三年巩固率达到95%以上，落实控辍保学责任。", "K教育局、各乡镇人民政府"},
	{"做好残疾儿童少年教育", "残疾儿童少年入学率达到95%以上。", "K教育局、K残联"},
	{"落实“双减”减轻课业负担", "作业总量和时长符合规定，课后服务全覆盖。", "K教育局"},
	{"推进教育信息化", "学校管理与教学全面信息化，教师熟练运用信息化手段组织教学。", "K教育局、K数据资源局"},
	{"加强德育和校园文化建设", "所有学校德育工作、校园文化建设水平达到良好以上。", "K教育局"},
	{"做好义务教育质量监测", "相关科目学生学业水平达到Ⅲ级以上，校际差异率低于0.15。", "K教育局"},
	{"提高社会认可度", "加强宣传，社会认可度达到85%以上。", "K委宣传部、K教育局"},
}

func (d *provDistrict) kindChar() string {
	if d.kind == "district" {
		return "区"
	}
	return "县"
}

func (d *provDistrict) taskList() ([]byte, error) {
	g := d.g
	idx := g.r.Perm(len(taskCatalog))[:g.n(18, 22)]
	sort.Ints(idx)
	rows := [][]string{{"序号", "主要任务", "工作目标", "责任单位", "完成时间", "状态", "进度"}}
	for no, i := range idx {
		t := taskCatalog[i]
		year := g.n(max(d.phaseYear, 2022), 2027)
		var deadline string
		var due time.Time
		switch g.n(0, 9) {
		case 0:
			deadline = "长期"
		case 1, 2, 3:
			deadline = fmt.Sprintf("%d年底", year)
			due = time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
		case 4:
			deadline = fmt.Sprintf("%d年上半年", year)
			due = time.Date(year, 6, 30, 0, 0, 0, 0, time.UTC)
		default:
			m := g.n(1, 12)
			deadline = fmt.Sprintf("%d年%d月", year, m)
			due = time.Date(year, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC)
		}
		status, progress := "推进中", fmt.Sprintf("%d%%", g.n(4, 19)*5)
		switch past := !due.IsZero() && due.Before(asOfDay); {
		case past && g.chance(0.8), !past && g.chance(0.3):
			status, progress = "已完成", "100%"
		case !past && g.chance(0.15):
			status, progress = "未开始", "0%"
		}
		rows = append(rows, []string{strconv.Itoa(no + 1), t.name, t.goal,
			strings.ReplaceAll(t.units, "K", d.kindChar()), deadline, status, progress})
	}
	d.tasks = len(rows) - 1
	return writeCSV(rows)
}

// problemCatalog are problems inspections find, by category.
var problemCatalog = []struct {
	category string
	texts    []string
}{
	{"校园文化建设", []string{"校园文化墙内容陈旧，未体现学校办学理念", "宣传栏内容长期未更新", "校史陈列室尚未建立", "班级文化布置不统一，部分教室未设图书角"}},
	{"办学条件", []string{"体育运动场地面积不足，跑道破损", "音乐专用教室面积不足96平方米", "部分教室照明不达标", "实验室仪器设备陈旧，部分无法使用"}},
	{"教师队伍", []string{"体育、艺术专任教师不足，由其他学科教师兼任", "县级以上骨干教师比例偏低", "教师培训学时登记不完整"}},
	{"教育教学", []string{"课程表未开齐开足音体美课程", "作业公示制度未落实", "课后服务记录不完整", "综合实践活动未按计划开展"}},
	{"安全管理", []string{"消防通道堆放杂物", "食堂从业人员健康证过期", "校门口未设置防冲撞设施", "安全演练记录不完整"}},
	{"信息化", []string{"多媒体设备故障未及时维修", "学校管理平台数据未及时更新", "网络多媒体教室使用记录缺失"}},
	{"资料档案", []string{"学生学籍档案不规范", "督导整改台账不完整", "资产登记账实不符"}},
}

func (d *provDistrict) problemList() ([]byte, error) {
	g := d.g
	start := time.Date(d.phaseYear, 11, 1, 0, 0, 0, 0, time.UTC)
	days := int(asOfDay.Sub(start).Hours() / 24)
	type problem struct {
		found time.Time
		row   []string
	}
	var ps []problem
	n := g.n(90, 110)
	for range n {
		found := start.AddDate(0, 0, g.n(0, days-1))
		cat := problemCatalog[g.r.IntN(len(problemCatalog))]
		school := d.schools[g.r.IntN(len(d.schools))].name
		dueMonth := found.AddDate(0, g.n(1, 4), 0)
		due := fmt.Sprintf("%d年%d月", dueMonth.Year(), int(dueMonth.Month()))
		if g.chance(0.4) {
			due += "底"
		}
		status, closed := "整改中", ""
		if c := found.AddDate(0, 0, g.n(7, 150)); c.Before(asOfDay) && g.chance(0.85) {
			status, closed = "已销号", c.Format("2006-01-02")
		}
		ps = append(ps, problem{found, []string{found.Format("2006-01-02"), cat.category, g.pick(cat.texts), school, due, status, closed}})
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].found.Before(ps[j].found) })
	rows := [][]string{{"发现日期", "类别", "问题", "学校", "整改时限", "状态", "销号日期"}}
	for _, p := range ps {
		rows = append(rows, p.row)
	}
	d.problems = n
	return writeCSV(rows)
}

func (d *provDistrict) phases() []byte {
	y := d.phaseYear
	area := d.kindChar()
	stages := []struct{ name, start, end, note string }{
		{"动员、摸底阶段", fmt.Sprintf("%d年11月", y), fmt.Sprintf("%d年2月", y+1),
			"制定实施方案，组建工作专班，召开动员大会；对照评估细则摸底排查，建立问题清单、任务清单和责任清单。"},
		{"全面实施阶段", fmt.Sprintf("%d年3月", y+1), fmt.Sprintf("%d年12月", y+1),
			"对照“三清单”逐项落实，补齐办学条件短板，开展" + area + "级督导检查。"},
		{area + "级自评、整改阶段", fmt.Sprintf("%d年1月", y+2), fmt.Sprintf("%d年8月", y+2),
			"开展多轮自查自评，补缺补差、全面整改，形成自评报告，申报市级复核。"},
		{"市级复核、省级评估及国家认定阶段", fmt.Sprintf("%d年9月", y+2), fmt.Sprintf("%d年", y+3),
			"接受市级复核，根据复核意见整改，迎接省级评估和国家认定。"},
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# 由 internal/corpus 生成（虚构）：%s推进义务教育优质均衡发展实施步骤。\n", d.name)
	for _, s := range stages {
		fmt.Fprintf(&b, "\n[[stage]]\nname = %s\nstart = %s\nend = %s\nnote = %s\n",
			frontmatter.Quote(s.name), frontmatter.Quote(s.start), frontmatter.Quote(s.end), frontmatter.Quote(s.note))
	}
	return []byte(b.String())
}

// CopyWithoutData copies the site at src to dst, which must not exist yet,
// leaving out everything under data/ but data/districts.toml: the same site
// without its 优质均衡 data, to measure what the data costs a build.
func CopyWithoutData(src, dst string) error {
	if _, err := os.Stat(dst); err == nil {
		return fmt.Errorf("corpus: %s exists already", dst)
	}
	return filepath.WalkDir(src, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		slash := filepath.ToSlash(rel)
		if strings.HasPrefix(slash, "data/") && slash != "data/districts.toml" {
			if e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		target := filepath.Join(dst, rel)
		if e.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !e.Type().IsRegular() {
			return fmt.Errorf("corpus: %s is not a regular file", p)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
