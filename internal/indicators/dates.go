package indicators

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// China is the time zone every date is read in.
var China = time.FixedZone("CST", 8*3600)

// Stage is a 学段. Only 小学 and 初中 are assessed.
type Stage string

const (
	Primary Stage = "小学"
	Junior  Stage = "初中"
)

// Stages are the assessed 学段 in display order.
var Stages = []Stage{Primary, Junior}

// Key is the ASCII name of a 学段 used in TOML keys and ids: primary, junior.
func (s Stage) Key() string {
	switch s {
	case Primary:
		return "primary"
	case Junior:
		return "junior"
	}
	return string(s)
}

// ParseStage accepts 小学 and 初中 (spaces around are ignored).
func ParseStage(s string) (Stage, bool) {
	switch strings.TrimSpace(s) {
	case "小学":
		return Primary, true
	case "初中":
		return Junior, true
	}
	return "", false
}

// Period names one data collection: a year, a month or a school year. It is
// the name of the file that holds it (data/schools/yian/2024.csv).
type Period struct {
	Name    string // as in the file name: 2024, 2024-09, 2024-2025
	Year    int    // the (first) year
	Month   int    // 1–12 for YYYY-MM; 9 for a school year; 0 for a plain year
	EndYear int    // the second year of a school year, else 0
}

// ParsePeriod accepts the three forms a period file may be named:
//
//	2024        a year (统计年度)
//	2024-09     a month, YYYY-MM
//	2024-2025   a school year (学年), the second year one more than the first
//
// Periods sort by their start: 2024 < 2024-03 < 2024-2025 (= 2024-09) <
// 2024-10 < 2025.
func ParsePeriod(name string) (Period, error) {
	bad := fmt.Errorf("期次名“%s”无法排序：请写成 2024（年）、2024-09（年-月）或 2024-2025（学年）", name)
	p := Period{Name: name}
	year := func(s string) (int, bool) {
		if len(s) != 4 {
			return 0, false
		}
		n, err := strconv.Atoi(s)
		return n, err == nil && n >= 1990 && n <= 2100
	}
	a, b, two := strings.Cut(name, "-")
	y, ok := year(a)
	if !ok {
		return p, bad
	}
	p.Year = y
	switch {
	case !two:
	case len(b) == 2 || len(b) == 1:
		m, err := strconv.Atoi(b)
		if err != nil || m < 1 || m > 12 || len(b) == 1 {
			return p, bad
		}
		p.Month = m
	case len(b) == 4:
		e, ok := year(b)
		if !ok || e != y+1 {
			return p, fmt.Errorf("学年“%s”的后一年应是前一年加一，例如 2024-2025", name)
		}
		p.EndYear, p.Month = e, 9
	default:
		return p, bad
	}
	return p, nil
}

// Label is the period as a reader sees it: 2024年, 2024年9月, 2024—2025学年.
func (p Period) Label() string {
	switch {
	case p.EndYear != 0:
		return fmt.Sprintf("%d—%d学年", p.Year, p.EndYear)
	case p.Month != 0:
		return fmt.Sprintf("%d年%d月", p.Year, p.Month)
	}
	return fmt.Sprintf("%d年", p.Year)
}

// Less orders periods by their start.
func (p Period) Less(q Period) bool {
	if p.Year != q.Year {
		return p.Year < q.Year
	}
	if p.Month != q.Month {
		return p.Month < q.Month
	}
	return p.EndYear < q.EndYear
}

// Deadline is a date as an office writes it in a task list, a problem list or
// a schedule, read as the span of days it names: "2026年8月" is 1–31 August,
// "2024年底" is 31 December. A task is due at the end of the span, a stage
// starts at its beginning.
type Deadline struct {
	Text     string    // as written
	From, To time.Time // first and last day, China time; zero when Ongoing
	Ongoing  bool      // 长期 / 持续 / 常态化: no end
}

// IsZero reports whether nothing was written.
func (d Deadline) IsZero() bool { return d.Text == "" }

// Due is the last moment of the span (23:59:59 of its last day).
func (d Deadline) Due() time.Time {
	if d.Ongoing || d.To.IsZero() {
		return time.Time{}
	}
	return d.To.Add(24*time.Hour - time.Second)
}

// ISO is the last day as 2006-01-02, or "" when ongoing.
func (d Deadline) ISO() string {
	if d.Ongoing || d.To.IsZero() {
		return ""
	}
	return d.To.Format("2006-01-02")
}

var (
	reYMD      = regexp.MustCompile(`^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$`)
	reYM       = regexp.MustCompile(`^(\d{4})[-/.年](\d{1,2})月?(份)?(底|末|初|中旬|上旬|下旬)?$`)
	reY        = regexp.MustCompile(`^(\d{4})年?(底|末|年底|年末|全年|度)?$`)
	reHalf     = regexp.MustCompile(`^(\d{4})年?(上|下)半年(末|底)?$`)
	reQuarter  = regexp.MustCompile(`^(\d{4})年?第?([一二三四1234])季度(末|底)?$`)
	reCompact  = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
	ongoingRes = []string{"长期", "持续", "常态化", "长效"}
)

// ParseDeadline reads the forms offices write:
//
//	2026-08-31  2026/8/31  2026.8.31  2026年8月31日  20260831   one day
//	2026年8月  2026年8月底  2026-08  2026.8                    a month
//	2024年底  2024年末  2024年  2024                            a year (due 31 December)
//	2025年上半年  2025年下半年                                  half a year
//	2025年第三季度  2025年三季度                                 a quarter
//	2024年11月-2025年2月  2025年3月至12月                        a range (from its start to its end)
//	长期  持续推进  常态化                                       ongoing, never overdue
//
// A trailing 前 / 之前 / 以前 ("2026年8月底前") means the same as without it.
// Full-width digits and spaces are accepted.
func ParseDeadline(s string) (Deadline, error) {
	d := Deadline{Text: s}
	t := normalizeDate(s)
	if t == "" {
		return d, fmt.Errorf("日期是空的")
	}
	for _, w := range ongoingRes {
		if strings.Contains(t, w) {
			d.Ongoing = true
			return d, nil
		}
	}
	// Ranges: "2024年11月-2025年2月", "2025年3月至12月", "2024.8—2026.8".
	for _, sep := range []string{"至", "到", "—", "–", "~", "～", "-"} {
		i := strings.Index(t, sep)
		if i <= 0 || (sep == "-" && !strings.ContainsAny(t, "年月") && strings.Count(t, "-") != 1) {
			continue
		}
		left, right := t[:i], t[i+len(sep):]
		from, err1 := parseSpan(left)
		if err1 != nil {
			continue
		}
		to, err2 := parseSpan(right)
		if err2 != nil {
			// "2025年3月至12月", "2024年1-6月": the year of the left side carries over.
			if m := regexp.MustCompile(`^(\d{4})年`).FindStringSubmatch(left); m != nil {
				to, err2 = parseSpan(m[1] + "年" + right)
			}
		}
		if err2 != nil {
			continue
		}
		if to.To.Before(from.From) {
			return d, fmt.Errorf("日期“%s”的结束早于开始", s)
		}
		d.From, d.To = from.From, to.To
		return d, nil
	}
	sp, err := parseSpan(t)
	if err != nil {
		return d, fmt.Errorf("日期“%s”看不懂：请写成 2026-08-31、2026年8月、2024年底或 2025年上半年", s)
	}
	d.From, d.To = sp.From, sp.To
	return d, nil
}

// normalizeDate makes full-width digits ASCII, drops spaces and a trailing
// 前/之前/以前/完成.
func normalizeDate(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '０' && r <= '９':
			b.WriteRune('0' + (r - '０'))
		case unicode.IsSpace(r):
		case r == '－':
			b.WriteRune('-')
		case r == '／':
			b.WriteRune('/')
		case r == '．':
			b.WriteRune('.')
		default:
			b.WriteRune(r)
		}
	}
	t := b.String()
	for _, suf := range []string{"完成", "之前", "以前", "前"} {
		t = strings.TrimSuffix(t, suf)
	}
	return t
}

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, China) }

func monthEnd(y, m int) time.Time { return day(y, m+1, 1).AddDate(0, 0, -1) }

func parseSpan(t string) (Deadline, error) {
	var d Deadline
	atoi := func(s string) int { n, _ := strconv.Atoi(s); return n }
	okYear := func(y int) bool { return y >= 1990 && y <= 2100 }
	if m := reYMD.FindStringSubmatch(t); m != nil {
		y, mo, dd := atoi(m[1]), atoi(m[2]), atoi(m[3])
		if !okYear(y) || mo < 1 || mo > 12 || dd < 1 || dd > monthEnd(y, mo).Day() {
			return d, fmt.Errorf("no such day")
		}
		d.From, d.To = day(y, mo, dd), day(y, mo, dd)
		return d, nil
	}
	if m := reCompact.FindStringSubmatch(t); m != nil {
		return parseSpan(m[1] + "-" + m[2] + "-" + m[3])
	}
	if m := reYM.FindStringSubmatch(t); m != nil {
		y, mo := atoi(m[1]), atoi(m[2])
		if !okYear(y) || mo < 1 || mo > 12 {
			return d, fmt.Errorf("no such month")
		}
		d.From, d.To = day(y, mo, 1), monthEnd(y, mo)
		switch m[4] {
		case "初", "上旬":
			d.To = day(y, mo, 10)
		case "中旬":
			d.From, d.To = day(y, mo, 11), day(y, mo, 20)
		case "下旬":
			d.From = day(y, mo, 21)
		case "底", "末":
			d.From = d.To
		}
		return d, nil
	}
	if m := reY.FindStringSubmatch(t); m != nil {
		y := atoi(m[1])
		if !okYear(y) {
			return d, fmt.Errorf("no such year")
		}
		d.From, d.To = day(y, 1, 1), day(y, 12, 31)
		if m[2] == "底" || m[2] == "末" || m[2] == "年底" || m[2] == "年末" {
			d.From = d.To
		}
		return d, nil
	}
	if m := reHalf.FindStringSubmatch(t); m != nil {
		y := atoi(m[1])
		if !okYear(y) {
			return d, fmt.Errorf("no such year")
		}
		if m[2] == "上" {
			d.From, d.To = day(y, 1, 1), day(y, 6, 30)
		} else {
			d.From, d.To = day(y, 7, 1), day(y, 12, 31)
		}
		return d, nil
	}
	if m := reQuarter.FindStringSubmatch(t); m != nil {
		y := atoi(m[1])
		if !okYear(y) {
			return d, fmt.Errorf("no such year")
		}
		q := strings.IndexRune("一二三四", []rune(m[2])[0]) / len("一")
		if q < 0 {
			q = atoi(m[2]) - 1
		}
		d.From, d.To = day(y, 3*q+1, 1), monthEnd(y, 3*q+3)
		return d, nil
	}
	return d, fmt.Errorf("unknown form")
}

// ParseDay reads a date that names a time, not a duty (发现日期, 销号日期, a
// stage's start): every form ParseDeadline reads except 长期. Callers take
// From (发现日期, a stage's start) or To (销号日期, a stage's end) of the span,
// so "2020年11月" found is 1 November and closed is 30 November.
func ParseDay(s string) (Deadline, error) {
	d, err := ParseDeadline(s)
	if err != nil {
		return d, err
	}
	if d.Ongoing {
		return d, fmt.Errorf("“%s”不是日期", s)
	}
	return d, nil
}
