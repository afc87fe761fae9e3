package indicators

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"

	"github.com/dudao/dudao/internal/diag"
	"github.com/dudao/dudao/internal/textfile"
)

// Sheet is one school data sheet: data/schools/DISTRICT/PERIOD.csv or .xlsx.
type Sheet struct {
	District string
	Period   Period
	Path     string // relative to the site: data/schools/yian/2024.csv
	Encoding string // UTF-8, UTF-8 (BOM), GBK/GB18030, UTF-16…, or xlsx
	Schools  []*School
}

// School is one row of a sheet: one school in one 学段. A 九年一贯制 school
// has two rows, one per 学段, and each counts in its own 学段.
type School struct {
	Name     string
	Type     string // 学校类型 as written (小学, 初中, 九年一贯制 …), "" if the sheet has no such column
	Stage    Stage
	Students float64
	Values   map[string]float64 // every numeric column, by its canonical header, in 元 / ㎡ / counts
	Locale   string             // 城乡类别 as written: 城区, 镇区, 乡村
	Private  bool               // 民办
	Boarding bool               // 寄宿
	Line     int                // the row in the file (CSV line, or Excel row)
}

// Value returns a column's value and whether the sheet had it.
func (s *School) Value(col string) (float64, bool) {
	v, ok := s.Values[col]
	return v, ok
}

type colKind int

const (
	textCol colKind = iota
	countCol
	areaCol
	moneyCol
	flagCol
)

type colDef struct {
	name    string
	kind    colKind
	aliases []string
	parts   []string // the column may instead be given as the sum of these
}

// Columns a sheet may carry. Headers are matched after removing spaces,
// line breaks and 、，, and after taking a trailing unit in brackets off.
// Columns not listed here and not named by the standard are ignored
// (序号, 备注 …).
var columnDefs = []colDef{
	{name: "学校", kind: textCol, aliases: []string{"学校名称", "校名", "单位名称", "学校全称"}},
	{name: "学段", kind: textCol},
	{name: "学校类型", kind: textCol, aliases: []string{"办学类型", "学校类别"}},
	{name: "学生数", kind: countCol, aliases: []string{"在校生数", "在校学生数", "学生人数", "在校生人数"}},
	{name: "班级数", kind: countCol, aliases: []string{"班数", "教学班数"}},
	{name: "专任教师数", kind: countCol},
	{name: "高于规定学历教师数", kind: countCol, aliases: []string{"高于规定学历专任教师数", "高学历教师数"}},
	{name: "县级以上骨干教师数", kind: countCol, aliases: []string{"县级及以上骨干教师数", "县级以上骨干教师"}},
	{name: "体育艺术专任教师数", kind: countCol, aliases: []string{"体育艺术美术音乐专任教师数", "体艺专任教师数"},
		parts: []string{"体育专任教师数", "音乐专任教师数", "美术专任教师数"}},
	{name: "体育专任教师数", kind: countCol},
	{name: "音乐专任教师数", kind: countCol},
	{name: "美术专任教师数", kind: countCol},
	{name: "教学及辅助用房面积", kind: areaCol, aliases: []string{"教学辅助用房面积", "教学及教学辅助用房面积"}},
	{name: "体育运动场馆面积", kind: areaCol, aliases: []string{"体育运动场馆总面积"},
		parts: []string{"运动场地面积", "体育馆面积"}},
	{name: "运动场地面积", kind: areaCol, aliases: []string{"体育运动场地面积"}},
	{name: "体育馆面积", kind: areaCol, aliases: []string{"风雨操场面积"}},
	{name: "教学仪器设备值", kind: moneyCol, aliases: []string{"教学仪器设备总值", "教学仪器设备资产值"}},
	{name: "网络多媒体教室数", kind: countCol, aliases: []string{"网络多媒体教室间数", "多媒体教室数"}},
	{name: "音乐专用教室数", kind: countCol},
	{name: "音乐专用教室面积", kind: areaCol},
	{name: "美术专用教室数", kind: countCol},
	{name: "美术专用教室面积", kind: areaCol},
	{name: "最大班额", kind: countCol},
	{name: "城乡类别", kind: textCol, aliases: []string{"城乡分类", "城乡", "所在地"}},
	{name: "民办", kind: flagCol, aliases: []string{"是否民办"}},
	{name: "寄宿", kind: flagCol, aliases: []string{"是否寄宿", "寄宿制"}},
}

var columnByName = func() map[string]*colDef {
	m := map[string]*colDef{}
	for i := range columnDefs {
		d := &columnDefs[i]
		m[d.name] = d
		for _, a := range d.aliases {
			m[a] = d
		}
	}
	return m
}()

// alwaysRequired are required whatever the standard computes.
var alwaysRequired = []string{"学校", "学段", "学生数", "班级数", "专任教师数"}

// units a header may name, with the factor to the base unit.
var units = map[string]struct {
	kind   colKind
	factor float64
}{
	"元": {moneyCol, 1}, "万元": {moneyCol, 10000}, "千元": {moneyCol, 1000},
	"㎡": {areaCol, 1}, "m²": {areaCol, 1}, "m2": {areaCol, 1}, "平方米": {areaCol, 1}, "平米": {areaCol, 1},
	"亩": {areaCol, 10000.0 / 15},
	"人": {countCol, 1}, "名": {countCol, 1}, "个": {countCol, 1}, "间": {countCol, 1}, "班": {countCol, 1},
	"间数": {countCol, 1}, "人数": {countCol, 1}, "所": {countCol, 1}, "册": {countCol, 1}, "台": {countCol, 1},
	"套": {countCol, 1}, "件": {countCol, 1}, "座": {countCol, 1},
}

var unitHints = map[colKind]string{moneyCol: "元、万元、千元", areaCol: "㎡、平方米、亩", countCol: "人、个、间、班"}

// splitHeader returns the canonical form of a header and the unit written in
// brackets at its end ("教学仪器设备值（万元）" → "教学仪器设备值", "万元").
func splitHeader(h string) (name, unit string) {
	var b strings.Builder
	for _, r := range h {
		switch {
		case unicode.IsSpace(r), r == '、', r == '，', r == ',', r == '*', r == '＊':
		case r == '（' || r == '【' || r == '[':
			b.WriteRune('(')
		case r == '）' || r == '】' || r == ']':
			b.WriteRune(')')
		default:
			b.WriteRune(r)
		}
	}
	s := b.String()
	if strings.HasSuffix(s, ")") {
		if i := strings.LastIndex(s, "("); i >= 0 {
			unit = s[i+1 : len(s)-1]
			s = s[:i]
		}
	}
	// A bracket in the middle explains, it does not name: 体育艺术（美术、音乐）专任教师数.
	for {
		i := strings.Index(s, "(")
		j := strings.Index(s, ")")
		if i < 0 || j < i {
			break
		}
		s = s[:i] + s[j+1:]
	}
	if s == "" && unit != "" {
		s, unit = unit, ""
	}
	return s, strings.TrimPrefix(unit, "单位:")
}

// cell is one value of a sheet with its place.
type cell struct {
	text      string
	line, col int
}

type sheetReader struct {
	path   string
	sheet  string // the worksheet name for .xlsx, "" for CSV
	list   *diag.List
	failed bool
}

func (r *sheetReader) errAt(line, col int, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if r.sheet != "" && line > 0 {
		ref := r.sheet + "!"
		if col > 0 {
			name, _ := excelize.ColumnNumberToName(col)
			ref += name
		}
		ref += strconv.Itoa(line)
		msg = ref + "：" + msg
	}
	r.list.Errorf(r.path, line, col, "%s", msg)
	r.failed = true
}

// ReadSheet reads a school data sheet. name tells the format by its
// extension (.csv or .xlsx); path is what errors name. Rows are read from
// the first row that holds a 学校 column (title rows above it are skipped);
// empty rows and 合计 / 小计 / 总计 rows are skipped.
func ReadSheet(path string, raw []byte, std *Standard, list *diag.List) *Sheet {
	r := &sheetReader{path: path, list: list}
	sh := &Sheet{Path: path}
	var rows [][]cell
	if strings.HasSuffix(strings.ToLower(path), ".xlsx") {
		rows = r.readXLSX(raw)
		sh.Encoding = "xlsx"
	} else {
		var enc textfile.Encoding
		rows, enc = r.readCSV(raw)
		sh.Encoding = string(enc)
	}
	if rows == nil {
		return sh
	}
	sh.Schools = r.readRows(rows, std)
	return sh
}

func (r *sheetReader) readCSV(raw []byte) ([][]cell, textfile.Encoding) {
	text, enc, err := textfile.Decode(raw)
	if err != nil {
		e := err.(*textfile.Error)
		r.errAt(e.Line, e.Col, "%s", e.Msg)
		return nil, enc
	}
	return r.parseCSV(text), enc
}

func (r *sheetReader) parseCSV(text string) [][]cell {
	cr := csv.NewReader(strings.NewReader(text))
	cr.FieldsPerRecord = -1
	first, _, _ := strings.Cut(text, "\n")
	if strings.Count(first, "\t") > strings.Count(first, ",") {
		cr.Comma = '\t' // "Unicode text" saved by Excel
	}
	var rows [][]cell
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				msg := pe.Err.Error()
				switch pe.Err {
				case csv.ErrQuote:
					msg = "引号没有配对"
				case csv.ErrBareQuote:
					msg = "没有用引号括起的单元格里有引号"
				}
				r.errAt(pe.StartLine, 0, "CSV 格式错误：从这一行起%s（单元格里的引号要写成两个 \"\"，整个单元格再用引号括起）", msg)
			} else {
				r.errAt(0, 0, "CSV 格式错误：%v", err)
			}
			return nil
		}
		row := make([]cell, len(rec))
		for i, v := range rec {
			line, _ := cr.FieldPos(i)
			row[i] = cell{text: v, line: line, col: i + 1}
		}
		rows = append(rows, row)
	}
	return rows
}

func (r *sheetReader) readXLSX(raw []byte) [][]cell {
	f, err := excelize.OpenReader(bytes.NewReader(raw))
	if err != nil {
		r.errAt(0, 0, "读不了这个 Excel 文件（%v）：请用 Excel 或 WPS 另存为 .xlsx 或 CSV", err)
		return nil
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		r.errAt(0, 0, "Excel 文件里没有工作表")
		return nil
	}
	var firstRows [][]cell
	for _, name := range sheets {
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			r.errAt(0, 0, "读不了工作表“%s”：%v", name, err)
			return nil
		}
		cells := make([][]cell, len(rows))
		for i, row := range rows {
			cells[i] = make([]cell, len(row))
			for j, v := range row {
				cells[i][j] = cell{text: v, line: i + 1, col: j + 1}
			}
		}
		if firstRows == nil {
			firstRows = cells
			r.sheet = name
		}
		if headerIndex(cells) >= 0 {
			r.sheet = name
			return cells
		}
	}
	if len(sheets) > 1 {
		r.sheet = ""
		r.errAt(0, 0, "没有一张工作表有“学校”“学段”表头；工作表有：%s", strings.Join(sheets, "、"))
		return nil
	}
	if nonEmpty(firstRows) == 0 {
		r.sheet = ""
		r.errAt(0, 0, "工作表“%s”是空的", sheets[0])
		return nil
	}
	return firstRows
}

func nonEmpty(rows [][]cell) int {
	n := 0
	for _, row := range rows {
		if !emptyRow(row) {
			n++
		}
	}
	return n
}

func emptyRow(row []cell) bool {
	for _, c := range row {
		if strings.TrimSpace(c.text) != "" {
			return false
		}
	}
	return true
}

// headerIndex finds the header among the first rows: the first row with both
// a 学校 and a 学段 column. -1 if none.
func headerIndex(rows [][]cell) int {
	seen := 0
	for i, row := range rows {
		if emptyRow(row) {
			continue
		}
		if seen++; seen > 10 {
			break
		}
		school, stage := false, false
		for _, c := range row {
			name, _ := splitHeader(c.text)
			if d := columnByName[name]; d != nil {
				school = school || d.name == "学校"
				stage = stage || d.name == "学段"
			}
		}
		if school && stage {
			return i
		}
	}
	return -1
}

// column is a header of the sheet matched to what it holds.
type column struct {
	name   string // canonical
	kind   colKind
	factor float64
	index  int
	cell   cell
}

func (r *sheetReader) readRows(rows [][]cell, std *Standard) []*School {
	hi := headerIndex(rows)
	if hi < 0 {
		for i, row := range rows {
			if !emptyRow(row) {
				hi = i
				break
			}
		}
	}
	if hi < 0 {
		r.errAt(0, 0, "表格是空的")
		return nil
	}
	header := rows[hi]
	headerLine := header[0].line
	cols := map[string]*column{}
	bad := map[string]bool{} // columns whose header is wrong, reported already
	var found []string
	for i, c := range header {
		h := strings.TrimSpace(c.text)
		if h == "" {
			continue
		}
		found = append(found, h)
		name, unit := splitHeader(h)
		kind, known := countCol, false
		if d := columnByName[name]; d != nil {
			name, kind, known = d.name, d.kind, true
		} else if !standardColumn(std, name) {
			continue // 序号, 备注 …
		}
		col := &column{name: name, kind: kind, factor: 1, index: i, cell: c}
		if unit != "" {
			u, ok := units[unit]
			switch {
			case kind == textCol || kind == flagCol:
				// "学校（全称）": the bracket explains.
			case !ok && !known:
				// A column of a province's own indicator: the unit is a label.
			case !ok:
				r.errAt(c.line, c.col, "表头“%s”的单位“%s”不认识：%s可用的单位是 %s", h, unit, name, unitHints[kind])
				bad[name] = true
				continue
			case known && u.kind != kind:
				r.errAt(c.line, c.col, "表头“%s”的单位“%s”不对：%s可用的单位是 %s", h, unit, name, unitHints[kind])
				bad[name] = true
				continue
			default:
				col.factor = u.factor
			}
		}
		if prev := cols[name]; prev != nil {
			r.errAt(c.line, c.col, "“%s”这一列重复了（第 %d 列已经是%s）", h, prev.index+1, name)
			continue
		}
		cols[name] = col
	}
	// Required: the always-required columns and every column the standard
	// reads, each either itself or as the sum of its parts.
	var missing []string
	need := append(append([]string(nil), alwaysRequired...), stdColumns(std)...)
	seen := map[string]bool{}
	for _, name := range need {
		if seen[name] || bad[name] {
			continue
		}
		seen[name] = true
		if cols[name] != nil {
			continue
		}
		if d := columnByName[name]; d != nil && len(d.parts) > 0 {
			all := true
			for _, p := range d.parts {
				all = all && cols[p] != nil
			}
			if all {
				continue
			}
			missing = append(missing, name+"（或 "+strings.Join(d.parts, "、")+"）")
			continue
		}
		missing = append(missing, name)
	}
	if len(missing) > 0 {
		r.errAt(headerLine, 0, "缺少必需的列：%s。表头里有：%s", strings.Join(missing, "、"), strings.Join(found, "、"))
		return nil
	}
	if r.failed {
		return nil
	}
	required := map[string]bool{}
	for _, name := range need {
		if cols[name] != nil {
			required[name] = true
		} else if d := columnByName[name]; d != nil {
			for _, p := range d.parts {
				required[p] = true
			}
		}
	}
	ordered := make([]*column, 0, len(cols))
	for _, c := range cols {
		ordered = append(ordered, c)
	}
	// Map iteration order must not decide which error comes first.
	sortColumns(ordered)

	var schools []*School
	type key struct {
		name  string
		stage Stage
	}
	firstLine := map[key]int{}
	for _, row := range rows[hi+1:] {
		if emptyRow(row) {
			continue
		}
		get := func(name string) cell {
			c := cols[name]
			if c == nil {
				return cell{}
			}
			if c.index < len(row) {
				return row[c.index]
			}
			return cell{line: row[0].line, col: c.index + 1}
		}
		nameCell := get("学校")
		name := strings.TrimSpace(nameCell.text)
		if isTotal(name) || isTotal(firstText(row)) {
			continue
		}
		s := &School{Name: name, Line: row[0].line, Values: make(map[string]float64, len(cols)+2)}
		ok := true
		if name == "" {
			r.errAt(nameCell.line, nameCell.col, "学校名称是空的")
			ok = false
		}
		stCell := get("学段")
		if st, good := ParseStage(stCell.text); good {
			s.Stage = st
		} else {
			hint := ""
			if strings.Contains(stCell.text, "一贯") || strings.Contains(stCell.text, "完全中学") {
				hint = "；九年一贯制、完全中学请分成小学、初中两行，各填各学段的数据"
			}
			if strings.TrimSpace(stCell.text) == "" {
				r.errAt(stCell.line, stCell.col, "学段是空的：只能填“小学”或“初中”")
			} else {
				r.errAt(stCell.line, stCell.col, "学段“%s”不对：只能填“小学”或“初中”%s", strings.TrimSpace(stCell.text), hint)
			}
			ok = false
		}
		for _, col := range ordered {
			c := get(col.name)
			v := strings.TrimSpace(c.text)
			switch col.kind {
			case textCol:
				switch col.name {
				case "学校类型":
					s.Type = v
				case "城乡类别":
					s.Locale = v
				}
			case flagCol:
				b, good := parseFlag(v)
				if !good {
					r.errAt(c.line, c.col, "%s“%s”看不懂：请填“是”或“否”", col.name, v)
					ok = false
				}
				if col.name == "民办" {
					s.Private = b
				} else {
					s.Boarding = b
				}
			default:
				if isBlank(v) {
					if required[col.name] {
						r.errAt(c.line, c.col, "%s是空的", col.name)
						ok = false
					}
					continue
				}
				n, err := parseNumber(v)
				if err != nil {
					r.errAt(c.line, c.col, "%s“%s”不是数字", col.name, v)
					ok = false
					continue
				}
				if n < 0 {
					r.errAt(c.line, c.col, "%s是负数（%s）", col.name, v)
					ok = false
					continue
				}
				if col.name == "学生数" && n == 0 {
					r.errAt(c.line, c.col, "学生数是 0：没有学生的学校无法计算生均指标，请删去这一行或填上学生数")
					ok = false
					continue
				}
				s.Values[col.name] = n * col.factor
			}
		}
		if !ok {
			continue
		}
		s.Students = s.Values["学生数"]
		// Columns given as parts.
		for _, d := range columnDefs {
			if len(d.parts) == 0 {
				continue
			}
			if _, has := s.Values[d.name]; has {
				continue
			}
			sum, all := 0.0, true
			for _, p := range d.parts {
				v, has := s.Values[p]
				all = all && has
				sum += v
			}
			if all {
				s.Values[d.name] = sum
			}
		}
		k := key{s.Name, s.Stage}
		if line, dup := firstLine[k]; dup {
			r.errAt(nameCell.line, nameCell.col, "“%s”的%s数据重复了：第 %d 行已经有这所学校的%s", s.Name, s.Stage, line, s.Stage)
			continue
		}
		firstLine[k] = s.Line
		schools = append(schools, s)
	}
	return schools
}

func sortColumns(cs []*column) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && cs[j].index < cs[j-1].index; j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

func stdColumns(std *Standard) []string {
	if std == nil {
		return nil
	}
	return std.Columns()
}

func standardColumn(std *Standard, name string) bool {
	for _, c := range stdColumns(std) {
		if c == name {
			return true
		}
	}
	return false
}

func firstText(row []cell) string {
	for _, c := range row {
		if t := strings.TrimSpace(c.text); t != "" {
			return t
		}
	}
	return ""
}

func isTotal(name string) bool {
	n := strings.Join(strings.Fields(name), "")
	return n == "合计" || n == "小计" || n == "总计" || n == "全区合计" || n == "全县合计"
}

func isBlank(v string) bool {
	return v == "" || v == "-" || v == "—" || v == "/" || v == "／"
}

// parseNumber reads 1234, 1,234.5, １２３ (full-width) and 1.2E+3 (Excel).
func parseNumber(s string) (float64, error) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '０' && r <= '９':
			b.WriteRune('0' + (r - '０'))
		case r == '．':
			b.WriteRune('.')
		case r == '－':
			b.WriteRune('-')
		case r == ',' || r == '，' || r == ' ':
		default:
			b.WriteRune(r)
		}
	}
	n, err := strconv.ParseFloat(b.String(), 64)
	if err != nil || n != n || n > 1e15 || n < -1e15 {
		return 0, fmt.Errorf("not a number")
	}
	return n, nil
}

func parseFlag(v string) (bool, bool) {
	switch strings.ToLower(v) {
	case "", "否", "不是", "无", "0", "n", "no", "false", "×", "✗":
		return false, true
	case "是", "1", "y", "yes", "true", "√", "✓", "民办", "寄宿":
		return true, true
	}
	return false, false
}
