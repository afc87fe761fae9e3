package indicators

import (
	"strconv"
	"strings"
	"time"

	"github.com/dudao/dudao/internal/diag"
)

// Task is one row of data/tasks/DISTRICT.csv, the key-task list (重点任务清单)
// with the headers 序号, 主要任务, 工作目标, 责任单位, 完成时间, 状态, 进度.
// 主要任务 and 完成时间 are required. 状态 is 已完成, 推进中 (进行中) or
// 未开始, or empty; 进度 is a percentage (60% or 60), or empty.
type Task struct {
	No       string // 序号 as written
	Name     string // 主要任务
	Goal     string // 工作目标 (may hold several lines)
	Units    string // 责任单位
	Deadline Deadline
	Status   string  // as written
	Done     bool    // 已完成, or 进度 100%
	Progress float64 // 0–100; -1 when not given
	Line     int
}

// Problem is one row of data/problems/DISTRICT.csv, the problem list (问题清单)
// with the headers 发现日期, 类别, 问题, 学校, 整改时限, 状态, 销号日期.
// 发现日期 and 问题 are required. A problem is rectified (销号) when it has a
// 销号日期; 状态 may say so too (已销号, 已整改) or say it is open (整改中,
// 未整改), and must then agree with the date.
type Problem struct {
	Found    Deadline // 发现日期
	Category string
	Text     string // 问题
	School   string
	Due      Deadline // 整改时限; zero when not given
	Status   string   // as written
	Closed   Deadline // 销号日期; zero while open
	Line     int
}

// ClosedOn is the day the problem was crossed off, zero while open.
func (p *Problem) ClosedOn() time.Time { return p.Closed.To }

// FoundOn is the day the problem was found (the first day of a month written as 2020年11月).
func (p *Problem) FoundOn() time.Time { return p.Found.From }

type tableCol struct {
	name     string
	aliases  []string
	required bool
}

var taskCols = []tableCol{
	{name: "序号", aliases: []string{"编号"}},
	{name: "主要任务", aliases: []string{"任务", "重点任务", "任务名称"}, required: true},
	{name: "工作目标", aliases: []string{"目标", "目标要求"}},
	{name: "责任单位", aliases: []string{"责任部门", "牵头单位", "责任单位（部门）"}},
	{name: "完成时间", aliases: []string{"完成时限", "时限", "完成期限"}, required: true},
	{name: "状态", aliases: []string{"完成情况", "进展情况", "推进情况"}},
	{name: "进度", aliases: []string{"完成进度", "完成比例"}},
}

var problemCols = []tableCol{
	{name: "发现日期", aliases: []string{"发现时间", "检查日期", "督导日期"}, required: true},
	{name: "类别", aliases: []string{"问题类别", "类型", "问题类型"}},
	{name: "问题", aliases: []string{"问题描述", "存在问题", "问题内容"}, required: true},
	{name: "学校", aliases: []string{"涉及学校", "学校名称", "单位"}},
	{name: "整改时限", aliases: []string{"整改期限", "完成时限", "整改时间"}},
	{name: "状态", aliases: []string{"整改状态", "整改情况"}},
	{name: "销号日期", aliases: []string{"销号时间", "整改完成日期", "完成日期"}},
}

// readTable reads a CSV with the given columns and returns each data row as
// cells by canonical name. Unknown columns are ignored.
func readTable(r *sheetReader, raw []byte, defs []tableCol) []map[string]cell {
	rows, _ := r.readCSV(raw)
	if rows == nil {
		return nil
	}
	byName := map[string]string{}
	for _, d := range defs {
		byName[d.name] = d.name
		for _, a := range d.aliases {
			k, _ := splitHeader(a)
			byName[k] = d.name
		}
	}
	required := map[string]bool{}
	for _, d := range defs {
		required[d.name] = d.required
	}
	// The header is the first row naming a required column; rows above it
	// are a title.
	hi := -1
	for i, row := range rows {
		if i > 10 {
			break
		}
		for _, c := range row {
			k, _ := splitHeader(c.text)
			if required[byName[k]] {
				hi = i
			}
		}
		if hi >= 0 {
			break
		}
	}
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
	index := map[string]int{}
	var found []string
	for i, c := range rows[hi] {
		h := strings.TrimSpace(c.text)
		if h == "" {
			continue
		}
		found = append(found, h)
		k, _ := splitHeader(h)
		name := byName[k]
		if name == "" {
			continue
		}
		if _, dup := index[name]; dup {
			r.errAt(c.line, c.col, "“%s”这一列重复了", h)
			continue
		}
		index[name] = i
	}
	var missing []string
	for _, d := range defs {
		if _, ok := index[d.name]; d.required && !ok {
			missing = append(missing, d.name)
		}
	}
	if len(missing) > 0 {
		r.errAt(rows[hi][0].line, 0, "缺少必需的列：%s。表头里有：%s", strings.Join(missing, "、"), strings.Join(found, "、"))
		return nil
	}
	var out []map[string]cell
	for _, row := range rows[hi+1:] {
		if emptyRow(row) {
			continue
		}
		m := make(map[string]cell, len(index)+1)
		for name, i := range index {
			if i < len(row) {
				c := row[i]
				c.text = strings.TrimSpace(c.text)
				m[name] = c
			} else {
				m[name] = cell{line: row[0].line, col: i + 1}
			}
		}
		m[""] = row[0] // the row's first cell, for its line
		out = append(out, m)
	}
	return out
}

// ReadTasks reads a key-task list.
func ReadTasks(path string, raw []byte, list *diag.List) []*Task {
	r := &sheetReader{path: path, list: list}
	var tasks []*Task
	for _, row := range readTable(r, raw, taskCols) {
		t := &Task{No: row["序号"].text, Name: row["主要任务"].text, Goal: row["工作目标"].text,
			Units: row["责任单位"].text, Status: row["状态"].text, Progress: -1, Line: row[""].line}
		ok := true
		if t.Name == "" {
			c := row["主要任务"]
			r.errAt(c.line, c.col, "主要任务是空的")
			ok = false
		}
		c := row["完成时间"]
		if c.text == "" {
			r.errAt(c.line, c.col, "完成时间是空的：写 2026年8月、2024年底或“长期”")
			ok = false
		} else if d, err := ParseDeadline(c.text); err != nil {
			r.errAt(c.line, c.col, "完成时间%v", strings.TrimPrefix(err.Error(), "日期"))
			ok = false
		} else {
			t.Deadline = d
		}
		if c := row["进度"]; c.text != "" {
			p, err := parsePercent(c.text)
			if err != nil {
				r.errAt(c.line, c.col, "进度“%s”看不懂：请写 0 到 100 的百分数，如 60%%", c.text)
				ok = false
			} else {
				t.Progress = p
			}
		}
		st := row["状态"]
		switch taskStatus(st.text) {
		case "done":
			t.Done = true
			if t.Progress >= 0 && t.Progress < 100 {
				r.errAt(st.line, st.col, "状态是“%s”，但进度只有 %s%%", st.text, trimFloat(t.Progress))
				ok = false
			}
			t.Progress = 100
		case "open":
			if t.Progress >= 100 {
				r.errAt(st.line, st.col, "状态是“%s”，但进度已是 100%%", st.text)
				ok = false
			}
		case "":
			t.Done = t.Progress >= 100
		default:
			r.errAt(st.line, st.col, "状态“%s”看不懂：请写 已完成、推进中 或 未开始", st.text)
			ok = false
		}
		if ok {
			tasks = append(tasks, t)
		}
	}
	return tasks
}

func taskStatus(s string) string {
	switch strings.Join(strings.Fields(s), "") {
	case "":
		return ""
	case "已完成", "完成", "已办结", "办结", "已销号":
		return "done"
	case "推进中", "进行中", "正在推进", "未完成", "未开始", "未启动", "持续推进", "整改中":
		return "open"
	}
	return "?"
}

func parsePercent(s string) (float64, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(s), "%"), "％"))
	n, err := parseNumber(s)
	if err != nil || n < 0 || n > 100 {
		return 0, strconv.ErrRange
	}
	return n, nil
}

// ReadProblems reads a problem list.
func ReadProblems(path string, raw []byte, list *diag.List) []*Problem {
	r := &sheetReader{path: path, list: list}
	var out []*Problem
	for _, row := range readTable(r, raw, problemCols) {
		p := &Problem{Category: row["类别"].text, Text: row["问题"].text, School: row["学校"].text,
			Status: row["状态"].text, Line: row[""].line}
		ok := true
		day := func(name string, required bool) (Deadline, bool) {
			c := row[name]
			if c.text == "" {
				if required {
					r.errAt(c.line, c.col, "%s是空的", name)
					return Deadline{}, false
				}
				return Deadline{}, true
			}
			d, err := ParseDay(c.text)
			if err != nil {
				r.errAt(c.line, c.col, "%s%v", name, strings.TrimPrefix(err.Error(), "日期"))
				return Deadline{}, false
			}
			return d, true
		}
		var good bool
		if p.Found, good = day("发现日期", true); !good {
			ok = false
		}
		if p.Due, good = day("整改时限", false); !good {
			ok = false
		}
		if p.Closed, good = day("销号日期", false); !good {
			ok = false
		}
		if p.Text == "" {
			c := row["问题"]
			r.errAt(c.line, c.col, "问题是空的")
			ok = false
		}
		st := row["状态"]
		switch problemStatus(st.text) {
		case "closed":
			if p.Closed.IsZero() {
				c := row["销号日期"]
				if c.col == 0 {
					c = st
				}
				r.errAt(c.line, c.col, "状态是“%s”，但没有销号日期：请填上销号的日期", st.text)
				ok = false
			}
		case "open":
			if !p.Closed.IsZero() {
				r.errAt(st.line, st.col, "状态是“%s”，但已填了销号日期 %s", st.text, p.Closed.Text)
				ok = false
			}
		case "":
		default:
			r.errAt(st.line, st.col, "状态“%s”看不懂：请写 已销号（已整改）或 整改中", st.text)
			ok = false
		}
		if ok && !p.Closed.IsZero() && p.Closed.To.Before(p.Found.From) {
			c := row["销号日期"]
			r.errAt(c.line, c.col, "销号日期 %s 早于发现日期 %s", p.Closed.Text, p.Found.Text)
			ok = false
		}
		if ok {
			out = append(out, p)
		}
	}
	return out
}

func problemStatus(s string) string {
	switch strings.Join(strings.Fields(s), "") {
	case "":
		return ""
	case "已销号", "已整改", "已完成", "销号", "完成", "整改完成":
		return "closed"
	case "整改中", "未整改", "待整改", "未销号", "正在整改", "未完成":
		return "open"
	}
	return "?"
}
