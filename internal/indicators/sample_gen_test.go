package indicators

// The example site's sample data (data/schools, data/county, data/tasks,
// data/problems, data/phases under the repository root) is written by this
// generator, so it can be reshaped and written again:
//
//	go test ./internal/indicators -run TestGenerateSample -gen-sample
//
// Everything is invented but shaped by the real thresholds: 铜官区 reaches
// the standard in 2025, 义安区 is close (two schools short on one indicator),
// 郊区 is in between, 枞阳县 is far, with rural schools well below on sports
// grounds and equipment and 差异系数 over the gate; all improve from 2023
// to 2025. TestSampleData checks that the outcome stays so.

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

var genSample = flag.Bool("gen-sample", false, "write the example site's sample data under ../../data")

const sampleMark = "# 示例数据（虚构），仅用于演示\n"

type sampleSchool struct {
	name, typ, locale string
	stage             Stage
	students          float64            // in 2025
	ratio             float64            // every indicator at ratio × threshold in 2025 …
	weak              map[string]float64 // … except these
	growth            float64            // yearly improvement of the ratios before 2025
}

type sampleDistrict struct {
	id, name string
	seed     uint64
	schools  []sampleSchool
	manyuan  bool // equipment in 万元
	parts    bool // sports area as 运动场地面积 + 体育馆面积
	xlsx2025 bool
}

func sch(name, typ, locale string, st Stage, students, ratio, growth float64, weak map[string]float64) sampleSchool {
	return sampleSchool{name: name, typ: typ, locale: locale, stage: st, students: students, ratio: ratio, growth: growth, weak: weak}
}

func sampleDistricts() []sampleDistrict {
	P, J := Primary, Junior
	w := func(kv ...any) map[string]float64 {
		m := map[string]float64{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1].(float64)
		}
		return m
	}
	return []sampleDistrict{
		{id: "tongguan", name: "铜官区", seed: 1, schools: []sampleSchool{
			sch("铜官区实验小学", "小学", "城区", P, 2150, 1.32, 0.02, nil),
			sch("铜官区长江路小学", "小学", "城区", P, 1860, 1.28, 0.03, nil),
			sch("铜官区人民小学", "小学", "城区", P, 1540, 1.25, 0.03, nil),
			sch("铜官区新城小学", "小学", "城区", P, 1720, 1.22, 0.05, w("sports_area", 1.08)),
			sch("铜官区幸福小学", "小学", "城区", P, 980, 1.30, 0.03, nil),
			sch("铜官区杨家山小学", "小学", "城区", P, 760, 1.18, 0.07, w("sports_area", 1.04, "equipment", 1.06)),
			sch("铜官区朝阳小学", "小学", "城区", P, 1290, 1.24, 0.04, nil),
			sch("铜官区阳光小学", "小学", "城区", P, 1130, 1.27, 0.03, nil),
			sch("铜官区五松山小学", "小学", "城区", P, 640, 1.20, 0.06, w("multimedia", 1.05)),
			sch("铜官区铜都学校", "九年一贯制", "城区", P, 880, 1.26, 0.04, nil),
			sch("铜陵市第十二中学", "初中", "城区", J, 1680, 1.28, 0.03, nil),
			sch("铜陵市第七中学", "初中", "城区", J, 1420, 1.25, 0.03, nil),
			sch("铜陵市第十中学", "初中", "城区", J, 1260, 1.22, 0.05, w("sports_area", 1.06)),
			sch("铜官区第四中学", "初中", "城区", J, 930, 1.24, 0.04, nil),
			sch("铜官区实验中学", "初中", "城区", J, 1510, 1.30, 0.02, nil),
			sch("铜官区长江中学", "初中", "城区", J, 870, 1.19, 0.06, w("equipment", 1.05)),
			sch("铜官区金山中学", "初中", "城区", J, 720, 1.21, 0.05, nil),
			sch("铜官区铜都学校", "九年一贯制", "城区", J, 610, 1.23, 0.04, nil),
		}},
		{id: "yian", name: "义安区", seed: 2, schools: []sampleSchool{
			sch("义安区实验小学", "小学", "城区", P, 1980, 1.28, 0.03, nil),
			sch("义安区五松镇中心小学", "小学", "镇区", P, 1620, 1.22, 0.04, nil),
			sch("义安区五松镇城关小学", "小学", "城区", P, 1340, 1.20, 0.04, nil),
			sch("义安区顺安镇中心小学", "小学", "镇区", P, 1050, 1.16, 0.05, nil),
			sch("义安区顺安镇新桥小学", "小学", "乡村", P, 420, 1.12, 0.06, w("multimedia", 1.03)),
			sch("义安区钟鸣镇中心小学", "小学", "镇区", P, 860, 1.15, 0.05, nil),
			sch("义安区天门镇中心小学", "小学", "镇区", P, 780, 1.14, 0.05, nil),
			sch("义安区天门镇朱村小学", "小学", "乡村", P, 310, 1.10, 0.07, w("equipment", 1.04)),
			sch("义安区西联镇中心小学", "小学", "镇区", P, 690, 1.13, 0.05, nil),
			sch("义安区东联镇中心小学", "小学", "镇区", P, 640, 1.12, 0.05, nil),
			sch("义安区胥坝乡中心小学", "小学", "乡村", P, 380, 1.10, 0.06, w("sports_area", 0.79)),
			sch("义安区钟鸣学校", "九年一贯制", "乡村", P, 450, 1.12, 0.05, nil),
			sch("义安区五松中学", "初中", "城区", J, 1560, 1.24, 0.03, nil),
			sch("义安区实验中学", "初中", "城区", J, 1380, 1.22, 0.03, nil),
			sch("义安区顺安中学", "初中", "镇区", J, 980, 1.15, 0.05, nil),
			sch("义安区天门中学", "初中", "镇区", J, 720, 1.13, 0.05, nil),
			sch("义安区西联初级中学", "初中", "镇区", J, 540, 1.12, 0.05, w("sports_area", 0.82)),
			sch("义安区东联初级中学", "初中", "镇区", J, 510, 1.12, 0.05, nil),
			sch("义安区胥坝初级中学", "初中", "乡村", J, 360, 1.11, 0.06, w("equipment", 1.04)),
			sch("义安区新桥初级中学", "初中", "乡村", J, 330, 1.10, 0.06, nil),
			sch("义安区钟鸣学校", "九年一贯制", "乡村", J, 290, 1.12, 0.05, nil),
		}},
		{id: "jiaoqu", name: "郊区", seed: 3, xlsx2025: true, schools: []sampleSchool{
			sch("郊区实验小学", "小学", "城区", P, 1450, 1.30, 0.03, nil),
			sch("郊区安矿小学", "小学", "城区", P, 920, 1.18, 0.04, nil),
			sch("郊区桥南小学", "小学", "城区", P, 860, 1.16, 0.04, nil),
			sch("郊区大通镇中心小学", "小学", "镇区", P, 640, 1.08, 0.05, w("sports_area", 0.74, "equipment", 0.9)),
			sch("郊区铜山镇中心小学", "小学", "镇区", P, 580, 1.08, 0.05, nil),
			sch("郊区灰河乡中心小学", "小学", "乡村", P, 290, 1.05, 0.06, w("sports_area", 0.78, "multimedia", 0.91)),
			sch("郊区老洲乡中心小学", "小学", "乡村", P, 360, 1.06, 0.06, nil),
			sch("郊区陈瑶湖镇中心小学", "小学", "乡村", P, 410, 1.06, 0.06, w("equipment", 0.8)),
			sch("郊区铜山学校", "九年一贯制", "镇区", P, 520, 1.10, 0.05, nil),
			sch("郊区实验中学", "初中", "城区", J, 1280, 1.26, 0.03, nil),
			sch("郊区桥南中学", "初中", "城区", J, 860, 1.16, 0.04, nil),
			sch("郊区大通中学", "初中", "镇区", J, 560, 1.08, 0.05, w("sports_area", 0.8, "teaching_area", 0.93)),
			sch("郊区铜山中学", "初中", "镇区", J, 490, 1.08, 0.05, nil),
			sch("郊区灰河中学", "初中", "乡村", J, 260, 1.05, 0.06, nil),
			sch("郊区老洲中学", "初中", "乡村", J, 310, 1.05, 0.06, w("equipment", 0.86)),
			sch("郊区陈瑶湖中学", "初中", "乡村", J, 340, 1.06, 0.06, nil),
			sch("郊区铜山学校", "九年一贯制", "镇区", J, 380, 1.10, 0.05, nil),
		}},
		{id: "zongyang", name: "枞阳县", seed: 4, manyuan: true, parts: true, schools: []sampleSchool{
			sch("枞阳县实验小学", "小学", "城区", P, 2380, 1.45, 0.03, w("sports_area", 2.15, "equipment", 1.95)),
			sch("枞阳县第二实验小学", "小学", "城区", P, 2040, 1.40, 0.03, w("sports_area", 1.95, "equipment", 1.8)),
			sch("枞阳县枞阳镇中心小学", "小学", "城区", P, 1760, 1.30, 0.04, w("sports_area", 1.5, "equipment", 1.6)),
			sch("枞阳县横埠镇中心小学", "小学", "镇区", P, 1120, 1.12, 0.06, w("sports_area", 1.04, "equipment", 0.95)),
			sch("枞阳县项铺镇中心小学", "小学", "镇区", P, 860, 1.08, 0.05, w("sports_area", 0.72, "equipment", 0.7)),
			sch("枞阳县钱桥镇中心小学", "小学", "镇区", P, 720, 1.06, 0.05, w("sports_area", 0.62, "equipment", 0.6)),
			sch("枞阳县麒麟镇中心小学", "小学", "镇区", P, 690, 1.06, 0.05, w("sports_area", 0.66, "equipment", 0.68)),
			sch("枞阳县义津镇中心小学", "小学", "镇区", P, 640, 1.05, 0.05, w("sports_area", 0.58, "equipment", 0.55)),
			sch("枞阳县浮山镇中心小学", "小学", "镇区", P, 580, 1.05, 0.05, w("sports_area", 0.55, "equipment", 0.52)),
			sch("枞阳县会宫镇中心小学", "小学", "乡村", P, 470, 1.04, 0.06, w("sports_area", 0.40, "equipment", 0.42, "multimedia", 0.8)),
			sch("枞阳县官埠桥镇中心小学", "小学", "乡村", P, 430, 1.04, 0.06, w("sports_area", 0.38, "equipment", 0.4)),
			sch("枞阳县钱铺镇中心小学", "小学", "乡村", P, 360, 1.03, 0.06, w("sports_area", 0.34, "equipment", 0.36, "pe_art_teachers", 0.7)),
			sch("枞阳县金社乡中心小学", "小学", "乡村", P, 310, 1.03, 0.06, w("sports_area", 0.36, "equipment", 0.38)),
			sch("枞阳县白梅乡中心小学", "小学", "乡村", P, 280, 1.03, 0.06, w("sports_area", 0.32, "equipment", 0.35, "multimedia", 0.75)),
			sch("枞阳县周潭学校", "九年一贯制", "乡村", P, 520, 1.05, 0.05, w("sports_area", 0.6, "equipment", 0.58)),
			sch("枞阳县实验中学", "初中", "城区", J, 2120, 1.40, 0.03, w("sports_area", 1.65, "equipment", 1.75)),
			sch("枞阳县城关中学", "初中", "城区", J, 1650, 1.32, 0.03, w("sports_area", 1.5, "equipment", 1.55)),
			sch("枞阳县横埠镇初级中学", "初中", "镇区", J, 980, 1.10, 0.06, w("sports_area", 1.04, "equipment", 0.93)),
			sch("枞阳县项铺初级中学", "初中", "镇区", J, 720, 1.06, 0.05, w("sports_area", 0.68, "equipment", 0.66)),
			sch("枞阳县钱桥初级中学", "初中", "镇区", J, 640, 1.05, 0.05, w("sports_area", 0.6, "equipment", 0.62)),
			sch("枞阳县麒麟初级中学", "初中", "镇区", J, 610, 1.05, 0.05, w("sports_area", 0.62, "equipment", 0.6)),
			sch("枞阳县义津初级中学", "初中", "镇区", J, 560, 1.04, 0.05, w("sports_area", 0.55, "equipment", 0.5)),
			sch("枞阳县浮山初级中学", "初中", "镇区", J, 530, 1.04, 0.05, w("sports_area", 0.52, "equipment", 0.5)),
			sch("枞阳县会宫初级中学", "初中", "乡村", J, 420, 1.03, 0.06, w("sports_area", 0.45, "equipment", 0.42, "degree_teachers", 0.8)),
			sch("枞阳县汤沟初级中学", "初中", "乡村", J, 380, 1.03, 0.06, w("sports_area", 0.42, "equipment", 0.4)),
			sch("枞阳县周潭学校", "九年一贯制", "乡村", J, 340, 1.04, 0.05, w("sports_area", 0.5, "equipment", 0.48)),
		}},
	}
}

// sampleRows builds the sheet rows of one district and year.
func sampleRows(t *testing.T, std *Standard, d sampleDistrict, year int) [][]string {
	rng := rand.New(rand.NewPCG(d.seed, uint64(year)))
	head := []string{"学校", "学校类型", "学段", "城乡类别", "学生数", "班级数", "专任教师数", "高于规定学历教师数", "县级以上骨干教师数",
		"体育艺术专任教师数", "教学及辅助用房面积"}
	if d.parts {
		head = append(head, "运动场地面积", "体育馆面积")
	} else {
		head = append(head, "体育运动场馆面积")
	}
	if d.manyuan {
		head = append(head, "教学仪器设备值（万元）")
	} else {
		head = append(head, "教学仪器设备值")
	}
	head = append(head, "网络多媒体教室数", "最大班额")
	rows := [][]string{head}
	back := float64(2025 - year)
	for _, s := range d.schools {
		students := math.Round(s.students * (1 - 0.012*back) * (1 + 0.02*(rng.Float64()-0.5)))
		ratio := func(id string) float64 {
			r := s.ratio
			if v, ok := s.weak[id]; ok {
				r = v
			}
			r *= 1 + 0.04*(rng.Float64()-0.5) // a little noise, never across a threshold by itself
			if id == "degree_teachers" || id == "backbone_teachers" || id == "pe_art_teachers" {
				return r * (1 - 0.5*s.growth*back) // teachers change more slowly
			}
			return r * (1 - s.growth*back)
		}
		value := func(id string) float64 {
			ind := std.Indicator(id)
			return ratio(id) * ind.Threshold[s.stage] * students / ind.Factor
		}
		count := func(id string) string {
			v := value(id)
			r := s.ratio
			if x, ok := s.weak[id]; ok {
				r = x
			}
			if r >= 1 && year == 2025 {
				return trimFloat(math.Ceil(v))
			}
			return trimFloat(math.Round(v))
		}
		perClass := 42.0
		if s.stage == Junior {
			perClass = 46
		}
		classes := math.Ceil(students / perClass)
		teachers := math.Round(students / 13.5)
		if s.stage == Junior {
			teachers = math.Round(students / 11.5)
		}
		maxClass := math.Min(perClass+3-back, math.Ceil(students/classes)+2)
		if d.id == "zongyang" && s.locale == "城区" {
			maxClass = perClass + 6 - back
		}
		row := []string{s.name, s.typ, string(s.stage), s.locale, trimFloat(students), trimFloat(classes), trimFloat(teachers),
			count("degree_teachers"), count("backbone_teachers"), count("pe_art_teachers"), FormatFixed(value("teaching_area"), 1)}
		sports := value("sports_area")
		if d.parts {
			gym := math.Round(sports * 0.12)
			row = append(row, FormatFixed(sports-gym, 1), trimFloat(gym))
		} else {
			row = append(row, FormatFixed(sports, 1))
		}
		eq := value("equipment")
		if d.manyuan {
			row = append(row, FormatFixed(eq/10000, 2))
		} else {
			row = append(row, trimFloat(math.Round(eq)))
		}
		row = append(row, count("multimedia"), trimFloat(maxClass))
		rows = append(rows, row)
	}
	return rows
}

func csvText(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		for i, c := range r {
			if i > 0 {
				b.WriteByte(',')
			}
			if strings.ContainsAny(c, ",\"\n") {
				c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
			b.WriteString(c)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func xlsxBytes(t *testing.T, title string, rows [][]string) []byte {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "基础数据表")
	f.SetSheetRow("基础数据表", "A1", &[]any{title})
	for i, r := range rows {
		cells := make([]any, len(r))
		for j, c := range r {
			if n, err := parseNumber(c); err == nil && i > 0 && j > 3 {
				cells[j] = n
			} else {
				cells[j] = c
			}
		}
		f.SetSheetRow("基础数据表", fmt.Sprintf("A%d", i+2), &cells)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// countyValues are the county files: per district and year, the items that
// differ from "all met" and the survey result.
func sampleCounty(id string, year int) string {
	type v = string
	base := map[string]v{
		"layout": "true", "four_unified": "true", "music_art_rooms": "true", "school_size": "true",
		"class_size": "{ primary = 45, junior = 50 }", "small_schools": "true", "special_funding": "6500", "teacher_pay": "true",
		"training": "100", "staffing": "true", "rotation": "{ value = 12.5, note = \"其中骨干教师占交流轮岗教师的 22%\" }",
		"certified": "100", "catchment": "{ primary = 100, junior = 96.5 }", "quota": "82", "migrant": "93.6",
		"retention": "98.2", "disabled": "96.8", "charter": "true", "training_funds": "5.6", "it_teaching": "true",
		"moral": "true", "curriculum": "true", "homework": "true", "monitoring": "true",
	}
	rec := map[string][3]string{"tongguan": {"86.2", "89.5", "92.1"}, "yian": {"84.1", "86.9", "89.4"},
		"jiaoqu": {"83.0", "84.8", "86.4"}, "zongyang": {"79.6", "81.3", "82.7"}}[id][year-2023]
	note := ""
	set := func(k, val string) { base[k] = val }
	switch id {
	case "tongguan":
		note = "区级自评结果"
		switch year {
		case 2023:
			set("class_size", "{ primary = 48, junior = 52 }")
			set("rotation", "{ value = 8.6, note = \"交流轮岗比例未达到 10%\" }")
			set("quota", "68")
			set("music_art_rooms", "{ met = false, note = \"2 所小学美术专用教室面积不足 90 平方米\" }")
		case 2024:
			set("class_size", "{ primary = 46, junior = 50 }")
			set("quota", "75")
		case 2025:
			set("class_size", "{ primary = 45, junior = 49 }")
			set("quota", "85")
		}
	case "yian":
		note = "区教体局填报"
		switch year {
		case 2023:
			set("class_size", "{ primary = 52, junior = 56 }")
			set("school_size", "{ met = false, note = \"义安区实验小学规模超过 2000 人\" }")
			set("teacher_pay", "{ met = false, note = \"绩效工资总量未足额核定\" }")
			set("training", "92.4")
			set("quota", "55")
		case 2024:
			set("class_size", "{ primary = 47, junior = 50 }")
			set("training", "97.8")
			set("quota", "70")
		case 2025:
			set("quota", "81")
		}
	case "jiaoqu":
		note = "区教体局填报"
		set("music_art_rooms", "{ met = false, note = \"3 所乡村学校未按每 12 个班配齐音乐、美术专用教室\" }")
		set("rotation", "{ value = 8.5, note = \"骨干教师占交流轮岗教师的 15%\" }")
		switch year {
		case 2023:
			set("class_size", "{ primary = 50, junior = 55 }")
			set("catchment", "{ primary = 98.2, junior = 93.0 }")
			set("training_funds", "4.2")
			set("special_funding", "5400")
		case 2024:
			set("class_size", "{ primary = 47, junior = 52 }")
			set("training_funds", "5.1")
		case 2025:
			set("quota", "78")
		}
	case "zongyang":
		note = "县教育局填报"
		set("class_size", "{ primary = 52, junior = 58 }")
		set("catchment", "{ primary = 100, junior = 91.5 }")
		set("special_funding", "5200")
		set("quota", "65")
		set("retention", "94.2")
		set("four_unified", "{ met = false, note = \"城乡学校基本装备配置标准尚未统一\" }")
		set("monitoring", "{ met = false, note = \"部分学科校际差异率为 0.18\" }")
		switch year {
		case 2023:
			set("class_size", "{ primary = 58, junior = 63 }")
			set("rotation", "{ value = 6.2 }")
			set("training", "88.0")
			set("disabled", "93.1")
		case 2024:
			set("class_size", "{ primary = 55, junior = 60 }")
			set("rotation", "{ value = 9.1 }")
			set("training", "95.5")
		case 2025:
			set("training", "100")
			set("retention", "95.3")
		}
	}
	var b strings.Builder
	b.WriteString(sampleMark)
	fmt.Fprintf(&b, "# 县级指标：政府保障程度 15 项、教育质量 9 项、社会认可度和一票否决情形（%d年）。\n", year)
	b.WriteString("# 有标准数值的项填数值，其余填 true / false；可写成 { met = false, note = \"说明\" }。\n\n")
	fmt.Fprintf(&b, "recognition = %s   # 社会认可度调查结果，%%\n", rec)
	b.WriteString("vetoes = []          # 发生一票否决情形时写它的 id，如 [\"safety\"]\n")
	fmt.Fprintf(&b, "note = %q\n", note)
	std := natStd
	for _, area := range []struct {
		key   string
		items []*CountyItem
	}{{"government", std.Government}, {"quality", std.Quality}} {
		fmt.Fprintf(&b, "\n[%s]\n", area.key)
		for _, it := range area.items {
			fmt.Fprintf(&b, "%s = %s   # %d. %s\n", it.ID, base[it.ID], it.No, it.Name)
		}
	}
	return b.String()
}

var natStd *Standard

// The 22 key tasks of seed 003 (附件2 重点任务清单), in simplified Chinese.
var sampleTasks = [][4]string{
	{"加强党对教育工作的全面领导", "落实党组织领导的校长负责制，义务教育学校党组织健全，阵地完善，党建活动正常开展。所有学校制定章程，把党的建设工作纳入学校章程。", "区委教育工委、区委社会工作部", "2024年底"},
	{"优化义务教育学校布局规划", "区域内义务教育学校规划布局合理，符合国家规定要求。", "区教体局、区财政局、区发改委、区自然资源和规划局、区住建局、区农业农村局、属地政府", "2026年底"},
	{"着力化解大校额大班额", "1.所有小学、初中规模不超过2000人，九年一贯制学校、十二年一贯制学校义务教育阶段规模不超过2500人。\n2.小学、初中所有班级学生数分别不超过45人、50人。", "区教体局、区政府办、区发改委、区自然资源和规划局、区住建局、区财政局", "2026年8月"},
	{"加快标准化学校建设", "1.生均教学及辅助用房面积：小学、初中分别达到4.5平方米以上、5.8平方米以上。\n2.生均体育运动场馆面积：小学、初中分别达到7.5平方米以上、10.2平方米以上。\n3.生均教学仪器设备值：小学、初中分别达到2000元以上、2500元以上。\n4.每百名学生拥有网络多媒体教室数：小学、初中分别达到2.3间以上、2.4间以上。\n5.所有小学、初中每12个班级配备音乐、美术专用教室1间以上；其中，每间音乐专用教室面积不小于96平方米，每间美术专用教室面积不小于90平方米。\n6.区域内城乡义务教育学校建设标准统一和基本装备配置标准统一。", "区教体局、区发改委、区自然资源和规划局、区财政局、区审计局、属地政府", "2026年8月"},
	{"加快教育信息化建设", "1.实现学校管理与教学信息化。\n2.教师能熟练运用信息化手段组织教学，设施设备利用率达到较高水平。", "区教体局、区发改委、区财政局、区人社局", "2025年底"},
	{"健全义务教育经费保障机制", "1.不足100名学生村小学和教学点按100名学生核定公用经费。\n2.全区城乡义务教育学校生均公用经费基准定额统一。", "区财政局、区教体局", "2024年底"},
	{"加强德育工作", "所有学校德育工作水平达到良好以上。", "区教体局、区委社会工作部、团区委、区妇联、区民政局、区文旅局", "2025年底"},
	{"提高学校文化建设水平", "所有学校校园文化建设水平达到良好以上。", "区教体局、区委社会工作部、区财政局、团区委", "2026年8月"},
	{"规范办学行为", "1.无过重课业负担。\n2.全区初中三年巩固率达到95%以上。\n3.全区优质高中招生名额分配比例不低于80%，并向农村初中倾斜。\n4.城区和镇区公办小学、初中（均不含寄宿制学校）就近划片入学比例分别达到100%、95%以上。\n5.不得存在以考试方式招生、违规择校行为、设立重点学校和重点班。", "区教体局、区市场监管局、区文旅局、区科技局、区民政局、区城管局、区公安分局、区住建局、属地政府", "2026年8月"},
	{"深化义务教育课程改革", "课程开齐开足，综合实践活动有效开展。", "区教体局、区科技局、区生态环境分局、区委宣传部、区文旅局", "2025年底"},
	{"加强教育教学管理", "教学秩序规范。", "区教体局", "2025年底"},
	{"深化义务教育评价改革", "在国家义务教育质量监测中，相关科目学生学业水平达到Ⅲ级以上，且校际差异率低于0.15。", "区教体局", "2026年底"},
	{"随迁子女就学实行“零障碍”", "全区符合条件的随迁子女在公办学校和政府购买服务的民办学校就读的比例不低于85%。", "区教体局、区政府办、区财政局、区发改委、区审计局", "2024年底"},
	{"关爱保护留守儿童", "留守儿童关爱体系健全。", "区教体局、区财政局、区发改委、区民政局、区公安分局、团区委、区卫健委、区残联、区妇联、属地政府", "2024年底"},
	{"保障残疾儿童接受义务教育权利", "1.全区残疾儿童少年入学率达到95%以上。\n2.特殊教育学校生均公用经费不低于6000元。", "区教体局、区财政局、区民政局、区卫健委、区残联、区妇联、属地政府", "2024年底"},
	{"加强师德师风建设", "教育系统不得存在严重违纪违规事件。", "区教体局、驻区教体局纪检监察组、区委编办、区人社局", "2026年底"},
	{"深化“县管校聘”管理体制", "1.在核定的教职工编制总额和岗位总量内，统筹分配各校教职工编制和岗位数量。\n2.全区城乡义务教育教师编制标准统一。\n3.全区每年交流轮岗教师的比例不低于符合交流条件教师总数的10%；其中，骨干教师不低于交流轮岗教师总数的20%。\n4.每百名学生拥有区级以上骨干教师数：小学、初中均达到1人以上。", "区教体局、区委编办、区人社局", "2026年8月"},
	{"积极开展教师培训", "1.教师5年360学时培训完成率达到100%。\n2.全区所有学校按照不低于学校年度公用经费预算总额的5%安排教师培训经费。\n3.专任教师持有教师资格证上岗率达到100%。\n4.每百名学生拥有高于规定学历教师数：小学、初中分别达到4.2人以上、5.3人以上。", "区教体局、区人社局、区财政局", "2025年底"},
	{"完善教师补充长效机制", "1.每百名学生拥有体育、艺术（美术、音乐）专任教师数：小学、初中均达到0.9人以上。\n2.不得存在“有编不补”或长期聘用编外教师的情况。", "区委编办、区教体局、区人社局", "2026年8月"},
	{"保障中小学教师待遇", "全区义务教育学校教师平均工资收入水平不低于公务员平均工资收入水平，按规定足额核定教师绩效工资总量。", "区财政局、区教体局、区人社局", "2024年底"},
	{"加强校园安全管理", "不得存在重大安全责任事故。", "区教体局、区应急局、区城管局、区公安分局、区交通局、区市场监管局、区卫健委、区司法局、区财政局、区消防救援局、属地政府", "2026年底"},
	{"提高社会认可度", "社会认可度达到85%以上。", "区委教育工委、区直有关单位、属地政府", "2026年底"},
}

// Task states as of late 2026: "" done; otherwise the progress of a task in
// hand. Tasks 4, 18 and 19 are past their deadlines.
var sampleTaskProgress = map[int]string{2: "90%", 4: "90%", 12: "70%", 16: "95%", 18: "80%", 19: "85%", 21: "95%", 22: "80%"}

func sampleTasksCSV() string {
	rows := [][]string{{"序号", "主要任务", "工作目标", "责任单位", "完成时间", "状态", "进度"}}
	for i, t := range sampleTasks {
		status, progress := "已完成", "100%"
		if p, ok := sampleTaskProgress[i+1]; ok {
			status, progress = "推进中", p
		}
		rows = append(rows, []string{fmt.Sprint(i + 1), t[0], t[1], t[2], t[3], status, progress})
	}
	return csvText(rows)
}

// The 127 problems of seed 000's November 2020 inspection, invented one by one.
func sampleProblemsCSV() string {
	type cat struct {
		name  string
		n     int
		due   []string
		texts []string
	}
	cats := []cat{
		{"校园文化建设", 38, []string{"2020年12月底", "2021年3月"}, []string{
			"校园文化墙内容陈旧，未体现学校办学理念", "班级文化布置不统一，部分教室未设图书角", "校史陈列室尚未建立",
			"走廊文化缺少学生作品展示", "校训、校风未在醒目位置展示", "宣传栏内容长期未更新", "德育活动记录不完整", "少先队活动室布置不规范"}},
		{"功能室维修改造", 41, []string{"2021年3月", "2021年8月"}, []string{
			"音乐专用教室面积不足96平方米", "美术专用教室未配备洗手池", "科学实验室通风设施损坏", "计算机教室部分电脑无法使用",
			"图书室藏书未分类上架", "心理咨询室未独立设置", "录播教室尚未建成", "体育器材室器材不足、摆放杂乱", "卫生保健室设施不全"}},
		{"师资队伍均衡", 22, []string{"2021年9月"}, []string{
			"体育专任教师缺1名", "音乐课由其他学科教师兼任", "美术专任教师不足", "县级以上骨干教师比例偏低",
			"近三年无教师参加交流轮岗", "教师继续教育学时登记不完整"}},
		{"大校额大班额化解", 14, []string{"2021年8月", "2022年8月"}, []string{
			"三年级有2个班超过45人", "七年级班额达到52人", "一年级招生超过规划班额", "学校在校生接近2000人"}},
		{"学校布局调整", 12, []string{"2021年底", "2022年底"}, []string{
			"教学点生源不足，需研究撤并方案", "新建校区选址尚未落实", "学校周边道路存在交通安全隐患", "寄宿生宿舍不足，需规划扩建"}},
	}
	schools := []string{"义安区实验小学", "义安区五松镇中心小学", "义安区五松镇城关小学", "义安区顺安镇中心小学", "义安区顺安镇新桥小学",
		"义安区钟鸣镇中心小学", "义安区天门镇中心小学", "义安区天门镇朱村小学", "义安区西联镇中心小学", "义安区东联镇中心小学",
		"义安区胥坝乡中心小学", "义安区钟鸣学校", "义安区五松中学", "义安区实验中学", "义安区顺安中学", "义安区天门中学",
		"义安区西联初级中学", "义安区东联初级中学", "义安区胥坝初级中学", "义安区新桥初级中学"}
	rng := rand.New(rand.NewPCG(2020, 11))
	rows := [][]string{{"发现日期", "类别", "问题", "学校", "整改时限", "状态", "销号日期"}}
	open := map[string]int{"学校布局调整": 2, "大校额大班额化解": 1} // still open, past their deadlines
	late := 0
	for _, c := range cats {
		for i := 0; i < c.n; i++ {
			found := date(fmt.Sprintf("2020-11-%02d", 9+rng.IntN(18)))
			due := c.due[rng.IntN(len(c.due))]
			dl, _ := ParseDeadline(due)
			text := c.texts[(i+rng.IntN(3))%len(c.texts)]
			school := schools[rng.IntN(len(schools))]
			if c.name == "学校布局调整" && i%3 == 0 {
				school = ""
			}
			status, closed := "已销号", ""
			switch {
			case i >= c.n-open[c.name]:
				status = "整改中"
			default:
				// Most close between a month after being found and the deadline; a few late.
				span := dl.To.Sub(found).Hours() / 24
				d := found.AddDate(0, 0, 20+int(rng.Float64()*(span-20)))
				if rng.IntN(16) == 0 {
					d = dl.To.AddDate(0, 0, 10+rng.IntN(60))
					late++
				}
				closed = d.Format("2006-01-02")
			}
			rows = append(rows, []string{found.Format("2006-01-02"), c.name, text, school, due, status, closed})
		}
	}
	return csvText(rows)
}

const readmeText = `示例数据（虚构），仅用于演示。

这个文件夹里的数据是为 dudao 示例网站编造的，学校名称、数字和日期都不是真实数据。
CSV 文件的第一行必须是表头，不能加注释，所以用这个说明文件标明。
`

type samplePhase struct{ name, start, end, note string }

func phasesTOML(title string, ps []samplePhase) string {
	var b strings.Builder
	b.WriteString(sampleMark)
	b.WriteString("# " + title + "\n")
	for _, p := range ps {
		fmt.Fprintf(&b, "\n[[stage]]\nname = %q\nstart = %q\n", p.name, p.start)
		if p.end != "" {
			fmt.Fprintf(&b, "end = %q\n", p.end)
		}
		fmt.Fprintf(&b, "note = %q\n", p.note)
	}
	return b.String()
}

// seed 004's six stages, shifted by years.
func dadukouStages(shift int) []samplePhase {
	y := func(n int) int { return n + shift }
	return []samplePhase{
		{"工作筹备", fmt.Sprintf("%d年", y(2021)), fmt.Sprintf("%d年", y(2022)), "对标对表，全面摸清义务教育均衡发展情况，梳理困难问题，列出问题清单，制定工作措施。"},
		{"宣传动员", fmt.Sprintf("%d年1月", y(2023)), fmt.Sprintf("%d年6月", y(2023)), "制定创建工作实施方案，明确各部门工作职责；督促学校成立工作机构，抓好宣传。"},
		{"扎实创建", fmt.Sprintf("%d年7月", y(2023)), fmt.Sprintf("%d年3月", y(2024)), "按照任务分解扎实推进，全面完成各项指标任务；接受市级过程督导并整改。"},
		{"深化巩固", fmt.Sprintf("%d年4月", y(2024)), fmt.Sprintf("%d年3月", y(2025)), "对照评估办法开展自查，主动认领任务，落实整改方案；核查创建数据资料。"},
		{"市级验收", fmt.Sprintf("%d年4月", y(2025)), "", "接受市政府及市教育督导部门评估验收，做好申报国家评估认定的准备。"},
		{"国家认定", fmt.Sprintf("%d年9月", y(2025)), "", "接受国家教育督导评估认定，建立优质均衡发展长效机制，做好问题整改和动态监测。"},
	}
}

func TestGenerateSample(t *testing.T) {
	if !*genSample {
		t.Skip("run with -gen-sample to write the sample data")
	}
	natStd = national(t)
	root := "../../data"
	write := func(rel string, data []byte) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, dir := range []string{"schools", "county", "tasks", "problems", "phases"} {
		os.RemoveAll(filepath.Join(root, dir))
	}
	write("schools/README.txt", []byte(readmeText))
	write("tasks/README.txt", []byte(readmeText))
	write("problems/README.txt", []byte(readmeText))
	for _, d := range sampleDistricts() {
		for year := 2023; year <= 2025; year++ {
			rows := sampleRows(t, natStd, d, year)
			if d.xlsx2025 && year == 2025 {
				write(fmt.Sprintf("schools/%s/%d.xlsx", d.id, year), xlsxBytes(t, "示例数据（虚构），仅用于演示："+d.name+fmt.Sprint(year)+"年义务教育学校基础数据表", rows))
			} else {
				write(fmt.Sprintf("schools/%s/%d.csv", d.id, year), []byte(csvText(rows)))
			}
			write(fmt.Sprintf("county/%s/%d.toml", d.id, year), []byte(sampleCounty(d.id, year)))
		}
	}
	write("tasks/yian.csv", []byte(sampleTasksCSV()))
	write("problems/yian.csv", []byte(sampleProblemsCSV()))
	write("phases/yian.toml", []byte(phasesTOML("义安区推进义务教育优质均衡发展实施步骤", []samplePhase{
		{"动员、摸底阶段", "2024年11月", "2025年2月", "制定实施方案，组建工作专班，召开动员大会；对照评估细则摸底排查，建立问题清单、任务清单和责任清单。"},
		{"全面实施阶段", "2025年3月", "2025年12月", "对照“三清单”盘点销号，落实整改任务；确定试点学校，开展区级督导检查，适时开展攻坚行动。"},
		{"区级自评、整改阶段", "2026年1月", "2026年8月", "开展3—5轮自查自评，补缺补差、全面整改；形成自评报告等材料，申报市级复核。"},
		{"市级复核、省级评估及国家认定阶段", "2026年9月", "2027年", "接受市级复核，根据复核意见整改，迎接省级评估和国家认定。"},
	})))
	write("phases/tongguan.toml", []byte(phasesTOML("铜官区创建全国义务教育优质均衡发展区工作步骤", dadukouStages(0))))
	write("phases/jiaoqu.toml", []byte(phasesTOML("郊区创建全国义务教育优质均衡发展区工作步骤", dadukouStages(1))))
	write("phases/zongyang.toml", []byte(phasesTOML("枞阳县创建全国义务教育优质均衡发展县工作步骤", dadukouStages(2))))
}
