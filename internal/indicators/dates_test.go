package indicators

import (
	"sort"
	"strings"
	"testing"
)

func TestParseDeadline(t *testing.T) {
	tests := []struct {
		in, from, to string
		ongoing      bool
	}{
		{"2024年底", "2024-12-31", "2024-12-31", false},
		{"2024年末", "2024-12-31", "2024-12-31", false},
		{"2024年", "2024-01-01", "2024-12-31", false},
		{"2024", "2024-01-01", "2024-12-31", false},
		{"2026年8月", "2026-08-01", "2026-08-31", false},
		{"2026年8月底", "2026-08-31", "2026-08-31", false},
		{"2026年8月底前", "2026-08-31", "2026-08-31", false},
		{"2026年2月", "2026-02-01", "2026-02-28", false},
		{"2024年2月", "2024-02-01", "2024-02-29", false},
		{"2026-08-31", "2026-08-31", "2026-08-31", false},
		{"2026/8/31", "2026-08-31", "2026-08-31", false},
		{"2026.8.31", "2026-08-31", "2026-08-31", false},
		{"2026年8月31日", "2026-08-31", "2026-08-31", false},
		{"20260831", "2026-08-31", "2026-08-31", false},
		{"２０２６年８月", "2026-08-01", "2026-08-31", false},
		{" 2026 年 8 月 ", "2026-08-01", "2026-08-31", false},
		{"2026-08", "2026-08-01", "2026-08-31", false},
		{"2025年上半年", "2025-01-01", "2025-06-30", false},
		{"2025年下半年", "2025-07-01", "2025-12-31", false},
		{"2025年第三季度", "2025-07-01", "2025-09-30", false},
		{"2025年一季度", "2025-01-01", "2025-03-31", false},
		{"2024年11月-2025年2月", "2024-11-01", "2025-02-28", false},
		{"2025年3月至12月", "2025-03-01", "2025-12-31", false},
		{"2024年1-6月", "2024-01-01", "2024-06-30", false},
		{"2026年9月—2027年", "2026-09-01", "2027-12-31", false},
		{"长期", "", "", true},
		{"持续推进", "", "", true},
	}
	for _, tt := range tests {
		d, err := ParseDeadline(tt.in)
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		from, to := "", ""
		if !d.From.IsZero() {
			from, to = d.From.Format("2006-01-02"), d.To.Format("2006-01-02")
		}
		if from != tt.from || to != tt.to || d.Ongoing != tt.ongoing || d.Text != tt.in {
			t.Errorf("%q → %s…%s ongoing %v, want %s…%s %v", tt.in, from, to, d.Ongoing, tt.from, tt.to, tt.ongoing)
		}
	}
	for _, bad := range []string{"", "明年", "20268", "2026年13月", "2026-02-30", "2026年8月-2025年1月", "下半年"} {
		if d, err := ParseDeadline(bad); err == nil {
			t.Errorf("%q parsed as %v…%v", bad, d.From, d.To)
		}
	}
	d, _ := ParseDeadline("2024年底")
	if got := d.Due().Format("2006-01-02 15:04:05"); got != "2024-12-31 23:59:59" {
		t.Errorf("due %s", got)
	}
}

func TestParsePeriod(t *testing.T) {
	good := []struct{ in, label string }{
		{"2024", "2024年"}, {"2024-09", "2024年9月"}, {"2024-2025", "2024—2025学年"}, {"2023", "2023年"}, {"2024-03", "2024年3月"}, {"2024-10", "2024年10月"}, {"2025", "2025年"},
	}
	var ps []Period
	for _, g := range good {
		p, err := ParsePeriod(g.in)
		if err != nil || p.Label() != g.label {
			t.Errorf("%s → %q %v, want %q", g.in, p.Label(), err, g.label)
		}
		ps = append(ps, p)
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].Less(ps[j]) })
	var names []string
	for _, p := range ps {
		names = append(names, p.Name)
	}
	if got := strings.Join(names, " "); got != "2023 2024 2024-03 2024-09 2024-2025 2024-10 2025" {
		t.Errorf("order %s", got)
	}
	for _, bad := range []string{"2024年", "24", "2024-9", "2024-13", "2024-2026", "2024-09-01", "二〇二四", "autumn", "2024Q3"} {
		if _, err := ParsePeriod(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
