package indicators

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

const goodPrimary = "铜官区实验小学,小学,1000,22,60,50,12,10,5000,8000,2500000,25"
const goodJunior = "铜陵市第十二中学,初中,1200,24,95,80,15,12,7200,13000,3300000,30"

func TestReadSheetEncodings(t *testing.T) {
	text := header + "\n" + goodPrimary + "\n" + goodJunior + "\n"
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(text)
	gb18030, _ := simplifiedchinese.GB18030.NewEncoder().String(strings.Replace(text, "实验小学", "实验𠀀小学", 1))
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(strings.ReplaceAll(text, ",", "\t"))
	tests := []struct {
		name, raw, enc, first string
	}{
		{"UTF-8", text, "UTF-8", "铜官区实验小学"},
		{"UTF-8 with BOM", "\xEF\xBB\xBF" + text, "UTF-8 (BOM)", "铜官区实验小学"},
		{"GBK from Excel", gbk, "GBK/GB18030", "铜官区实验小学"},
		{"GB18030 beyond GBK", gb18030, "GBK/GB18030", "铜官区实验𠀀小学"},
		{"UTF-16 tab-separated (Excel Unicode text)", utf16, "UTF-16LE", "铜官区实验小学"},
		{"Windows line endings", strings.ReplaceAll(text, "\n", "\r\n"), "UTF-8", "铜官区实验小学"},
	}
	std := national(t)
	for _, tt := range tests {
		dir := writeSite(t, map[string]string{"data/schools/tongguan/2024.csv": tt.raw})
		d, errs := load(t, dir, "")
		if len(errs) > 0 {
			t.Errorf("%s: %v", tt.name, errs)
			continue
		}
		sh := d.District("tongguan").Sheets[0]
		if sh.Encoding != tt.enc || len(sh.Schools) != 2 || sh.Schools[0].Name != tt.first {
			t.Errorf("%s: encoding %s, %d schools, first %q", tt.name, sh.Encoding, len(sh.Schools), sh.Schools[0].Name)
			continue
		}
		if res := EvaluateSchool(std, sh.Schools[0]); res.Values[5].Value != 2500 {
			t.Errorf("%s: equipment %v", tt.name, res.Values[5].Value)
		}
	}
}

func TestReadSheetUnitsAndAliases(t *testing.T) {
	csv := "义安区2024年义务教育学校基础数据表,,,,,,,,,,,,,\n" + // a title row above the header
		"序号,学校名称,学段,在校生数,班级数,专任教师数,高于规定学历教师数,县级及以上骨干教师数,体育、艺术（美术、音乐）专任教师数," +
		"\"教学及辅助用房面积\n（㎡）\",运动场地面积(平方米),体育馆面积（㎡）,教学仪器设备值（万元）,网络多媒体教室数（间）,备注\n" +
		"1,五松镇中心小学,小学,\"1,000\",22,60,50,12,10,5000,6500,1500,250,25,\n" +
		"2,顺安中学,初中,800,16,60,50,9,8,5000,7000,1200,(200),22,\n" +
		"合计,,,1800,,,,,,,,,,,\n"
	csv = strings.Replace(csv, "(200)", "220.5", 1)
	d := mustLoad(t, writeSite(t, map[string]string{"data/schools/yian/2024.csv": csv}))
	sh := d.District("yian").Sheets[0]
	if len(sh.Schools) != 2 {
		t.Fatalf("%d schools, want 2 (合计 skipped)", len(sh.Schools))
	}
	s := sh.Schools[0]
	if s.Students != 1000 || s.Values["教学仪器设备值"] != 2500000 || s.Values["体育运动场馆面积"] != 8000 {
		t.Errorf("students %v equipment %v sports %v; want 1000, 2500000 (万元 ×10000), 8000 (6500+1500)",
			s.Students, s.Values["教学仪器设备值"], s.Values["体育运动场馆面积"])
	}
	if v := sh.Schools[1].Values["教学仪器设备值"]; v != 2205000 {
		t.Errorf("220.5 万元 = %v 元", v)
	}
	// The ASCII-bracket form too.
	csv2 := strings.Replace(header, "教学仪器设备值", "教学仪器设备值(万元)", 1) + "\n" + strings.Replace(goodPrimary, "2500000", "250", 1) + "\n"
	d = mustLoad(t, writeSite(t, map[string]string{"data/schools/yian/2024.csv": csv2}))
	if v := d.District("yian").Sheets[0].Schools[0].Values["教学仪器设备值"]; v != 2500000 {
		t.Errorf("(万元): %v", v)
	}
}

func TestReadSheetXLSX(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "基础数据")
	f.SetSheetRow("基础数据", "A1", &[]any{"枞阳县2025年义务教育学校基础数据"})
	head := strings.Split(header, ",")
	head[10] = "教学仪器设备值（万元）"
	f.SetSheetRow("基础数据", "A2", &head)
	f.SetSheetRow("基础数据", "A3", &[]any{"枞阳县实验小学", "小学", 1500, 33, 90, 70, 16, 14, 7000, 12000, 330.5, 36})
	f.SetSheetRow("基础数据", "A5", &[]any{"横埠初中", "初中", 600, 12, 50, 40, 7, 6, 4000, 6500, 160, 16}) // row 4 empty
	f.SetSheetRow("基础数据", "A6", &[]any{"钱桥初中", "初中", "六百", 12, 50, 40, 7, 6, 4000, 6500, 160, 16})
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	dir := writeSite(t, map[string]string{"data/schools/zongyang/2025.xlsx": buf.String()})
	d, errs := load(t, dir, "")
	want := "data/schools/zongyang/2025.xlsx:6:3: 基础数据!C6：学生数“六百”不是数字"
	if len(errs) != 1 || errs[0] != want {
		t.Fatalf("problems %q, want %q", errs, want)
	}
	sh := d.District("zongyang").Sheets[0]
	if sh.Encoding != "xlsx" || len(sh.Schools) != 2 {
		t.Fatalf("%s %d schools", sh.Encoding, len(sh.Schools))
	}
	s := sh.Schools[0]
	if s.Name != "枞阳县实验小学" || s.Values["教学仪器设备值"] != 3305000 || s.Line != 3 || sh.Schools[1].Line != 5 {
		t.Errorf("%q equipment %v lines %d %d", s.Name, s.Values["教学仪器设备值"], s.Line, sh.Schools[1].Line)
	}
}

// xlsxWithoutSheets is a workbook whose sheet list is empty: what a broken
// export leaves behind.
func xlsxWithoutSheets(t *testing.T) string {
	f := excelize.NewFile()
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return rewriteZip(t, buf.Bytes(), "xl/workbook.xml", func(s string) string {
		i := strings.Index(s, "<sheets>")
		j := strings.Index(s, "</sheets>")
		return s[:i] + "<sheets></sheets>" + s[j+len("</sheets>"):]
	})
}

func emptyXLSX(t *testing.T) string {
	f := excelize.NewFile()
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestBadSchoolSheets(t *testing.T) {
	const p = "data/schools/yian/2024.csv"
	row := func(cells ...string) string { return strings.Join(cells, ",") }
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"non-numeric", map[string]string{p: header + "\n" + goodPrimary + "\n" +
			row("钟鸣小学", "小学", "abc", "12", "30", "25", "6", "5", "3000", "5000", "1200000", "14") + "\n"},
			[]string{p + ":3:3: 学生数“abc”不是数字"}},
		{"negative", map[string]string{p: header + "\n" +
			row("钟鸣小学", "小学", "600", "12", "30", "25", "6", "5", "-3000", "5000", "1200000", "14") + "\n"},
			[]string{p + ":2:9: 教学及辅助用房面积是负数（-3000）"}},
		{"zero students", map[string]string{p: header + "\n" +
			row("钟鸣小学", "小学", "0", "12", "30", "25", "6", "5", "3000", "5000", "1200000", "14") + "\n"},
			[]string{p + ":2:3: 学生数是 0：没有学生的学校无法计算生均指标，请删去这一行或填上学生数"}},
		{"empty required cell", map[string]string{p: header + "\n" +
			row("钟鸣小学", "小学", "600", "12", "30", "25", "", "5", "3000", "5000", "1200000", "14") + "\n"},
			[]string{p + ":2:7: 县级以上骨干教师数是空的"}},
		{"bad 学段", map[string]string{p: header + "\n" +
			row("钟鸣学校", "九年一贯制", "600", "12", "30", "25", "6", "5", "3000", "5000", "1200000", "14") + "\n" +
			row("天门小学", "高中", "600", "12", "30", "25", "6", "5", "3000", "5000", "1200000", "14") + "\n"},
			[]string{p + ":2:2: 学段“九年一贯制”不对：只能填“小学”或“初中”；九年一贯制、完全中学请分成小学、初中两行，各填各学段的数据",
				p + ":3:2: 学段“高中”不对：只能填“小学”或“初中”"}},
		{"duplicate school", map[string]string{p: header + "\n" + goodPrimary + "\n" + goodJunior + "\n" + goodPrimary + "\n"},
			[]string{p + ":4:1: “铜官区实验小学”的小学数据重复了：第 2 行已经有这所学校的小学"}},
		{"missing column", map[string]string{p: strings.Replace(header, ",网络多媒体教室数", "", 1) + "\n"},
			[]string{p + ":1: 缺少必需的列：网络多媒体教室数。表头里有：学校、学段、学生数、班级数、专任教师数、高于规定学历教师数、县级以上骨干教师数、体育艺术专任教师数、教学及辅助用房面积、体育运动场馆面积、教学仪器设备值"}},
		{"missing part of a column", map[string]string{p: strings.Replace(header, "体育运动场馆面积", "运动场地面积", 1) + "\n"},
			[]string{p + ":1: 缺少必需的列：体育运动场馆面积（或 运动场地面积、体育馆面积）。表头里有：学校、学段、学生数、班级数、专任教师数、高于规定学历教师数、县级以上骨干教师数、体育艺术专任教师数、教学及辅助用房面积、运动场地面积、教学仪器设备值、网络多媒体教室数"}},
		{"unknown unit", map[string]string{p: strings.Replace(header, "教学仪器设备值", "教学仪器设备值（亿元）", 1) + "\n"},
			[]string{p + ":1:11: 表头“教学仪器设备值（亿元）”的单位“亿元”不认识：教学仪器设备值可用的单位是 元、万元、千元"}},
		{"unit of the wrong kind", map[string]string{p: strings.Replace(header, "学生数", "学生数（万元）", 1) + "\n"},
			[]string{p + ":1:3: 表头“学生数（万元）”的单位“万元”不对：学生数可用的单位是 人、个、间、班"}},
		{"duplicate column", map[string]string{p: header + ",学生人数\n"},
			[]string{p + ":1:13: “学生人数”这一列重复了（第 3 列已经是学生数）"}},
		{"unknown district folder", map[string]string{"data/schools/tonguan/2024.csv": header + "\n" + goodPrimary + "\n"},
			[]string{"data/schools/tonguan: 不认识的区县“tonguan”：data/districts.toml 里的 id 有 office、tongguan、yian、jiaoqu、zongyang"}},
		{"period that does not sort", map[string]string{"data/schools/yian/2024年秋.csv": header + "\n" + goodPrimary + "\n"},
			[]string{"data/schools/yian/2024年秋.csv: 期次名“2024年秋”无法排序：请写成 2024（年）、2024-09（年-月）或 2024-2025（学年）"}},
		{"two files for one period", map[string]string{p: header + "\n" + goodPrimary + "\n", "data/schools/yian/2024.xlsx": emptyXLSX(t)},
			[]string{"data/schools/yian/2024.xlsx: 同一期有两个文件：2024.csv 和 2024.xlsx，请只留一个"}},
		{"old .xls", map[string]string{"data/schools/yian/2024.xls": "\xD0\xCF\x11\xE0"},
			[]string{"data/schools/yian/2024.xls: 这里只读 .csv、.xlsx 文件：旧版 Excel（.xls）和 WPS 表格请另存为 .xlsx 或 CSV"}},
		{"unreadable encoding", map[string]string{p: header + "\n" + "caf\xe9,\xff\xfe,1\n"},
			[]string{p + ":2:4: 不是 UTF-8 编码（第一个不合法的字节是 0xE9），也不像 GBK；请用 UTF-8 重新保存"}},
		{"binary file", map[string]string{p: "\x00\x01\x02PK\x03\x04"},
			[]string{p + ": 这是二进制文件，不是文本（例如图片或 Word 文档），不能放在这里当作 Markdown 使用"}},
		{"broken quotes", map[string]string{p: header + "\n" + `"钟鸣小学,小学,600` + "\n"},
			[]string{p + ":2: CSV 格式错误：从这一行起引号没有配对（单元格里的引号要写成两个 \"\"，整个单元格再用引号括起）"}},
		{"xlsx with no sheet", map[string]string{"data/schools/yian/2024.xlsx": xlsxWithoutSheets(t)},
			[]string{"data/schools/yian/2024.xlsx: Excel 文件里没有工作表"}},
		{"xlsx with an empty sheet", map[string]string{"data/schools/yian/2024.xlsx": emptyXLSX(t)},
			[]string{"data/schools/yian/2024.xlsx: 工作表“Sheet1”是空的"}},
		{"not an xlsx", map[string]string{"data/schools/yian/2024.xlsx": "学校,学段\n"},
			[]string{"data/schools/yian/2024.xlsx: 读不了这个 Excel 文件（zip: not a valid zip file）：请用 Excel 或 WPS 另存为 .xlsx 或 CSV"}},
		{"every error at once", map[string]string{p: header + "\n" +
			row("", "小学", "600", "12", "30", "25", "6", "5", "3000", "5000", "1200000", "14") + "\n" +
			row("天门小学", "小学", "600", "十二", "30", "25", "6", "5", "3000", "5000", "1200000", "-1") + "\n",
			"data/schools/zongyang/2024-2026.csv": header + "\n"},
			[]string{p + ":2:1: 学校名称是空的", p + ":3:4: 班级数“十二”不是数字", p + ":3:12: 网络多媒体教室数是负数（-1）",
				"data/schools/zongyang/2024-2026.csv: 学年“2024-2026”的后一年应是前一年加一，例如 2024-2025"}},
	}
	for _, tt := range tests {
		_, errs := load(t, writeSite(t, tt.files), "")
		if strings.Join(errs, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, strings.Join(errs, "\n     "), strings.Join(tt.want, "\n     "))
		}
	}
}

// Names and texts with markup stay plain data all the way through.
func TestHostileTextStaysData(t *testing.T) {
	name := `<b>"实验"</b></script><script>alert('x')</script>小学`
	csvName := `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
	dir := writeSite(t, map[string]string{
		"data/schools/yian/2024.csv": header + "\n" + strings.Replace(goodPrimary, "铜官区实验小学", csvName, 1) + "\n",
		"data/tasks/yian.csv":        "序号,主要任务,工作目标,责任单位,完成时间,状态,进度\n1,\"完成</script>“攻坚”行动\",\"<img src=x onerror=alert(1)>\",区教体局,2025年底,已完成,\n",
	})
	d := mustLoad(t, dir)
	if got := d.District("yian").Sheets[0].Schools[0].Name; got != name {
		t.Fatalf("name %q, want %q", got, name)
	}
	if got := d.District("yian").Tasks[0].Name; got != "完成</script>“攻坚”行动" {
		t.Fatalf("task %q", got)
	}
	r := Compute(d, date("2026-11-30"))
	var js bytes.Buffer
	if err := r.WriteIndicatorsJSON(&js, "yian"); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(js.String(), "</script>") || !strings.Contains(js.String(), `\u003c/script\u003e`) {
		t.Errorf("JSON does not escape </script>:\n%s", js.String())
	}
	var c bytes.Buffer
	if err := r.WriteSchoolsCSV(&c, "yian"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(c.String(), csvName) {
		t.Errorf("CSV lost the name:\n%s", c.String())
	}
}
