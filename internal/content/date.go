package content

import (
	"fmt"
	"strings"
	"time"
)

// China is the time zone every date in a site is read and shown in.
var China = time.FixedZone("CST", 8*3600)

// Date is a publish, meeting or document date as an editor writes it: a TOML
// date (2020-12-31), a TOML date-time, or a string such as "2020年12月31日"
// or "2020-12-31 14:47".
type Date struct {
	time.Time
	HasClock bool // a time of day was given
}

var dateLayouts = []struct {
	layout string
	clock  bool
}{
	{"2006-01-02", false},
	{"2006-1-2", false},
	{"2006/1/2", false},
	{"2006.1.2", false},
	{"2006年1月2日", false},
	{"2006-01-02 15:04", true},
	{"2006-01-02 15:04:05", true},
	{"2006-1-2 15:04", true},
	{"2006/1/2 15:04", true},
	{"2006年1月2日 15:04", true},
	{"2006年1月2日15:04", true},
	{"2006-01-02T15:04:05", true},
	{"2006-01-02T15:04", true},
}

// UnmarshalText reads every form above. TOML date values arrive here as
// RFC 3339 text.
func (d *Date) UnmarshalText(b []byte) error {
	s := strings.TrimSpace(string(b))
	s = strings.Join(strings.Fields(s), " ")
	// "2020 年 12 月 31 日" as pasted from PDFs.
	s = strings.NewReplacer(" 年 ", "年", " 月 ", "月", " 日", "日", "年 ", "年", "月 ", "月").Replace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		d.HasClock = !(t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0)
		if t.Location() == time.UTC || t.Location().String() == "" {
			// TOML local dates and date-times carry no zone: they are China time.
			t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, China)
		}
		d.Time = t.In(China)
		return nil
	}
	for _, l := range dateLayouts {
		if t, err := time.ParseInLocation(l.layout, s, China); err == nil {
			d.Time, d.HasClock = t, l.clock
			return nil
		}
	}
	return fmt.Errorf("日期“%s”看不懂，请写成 2020-12-31（可加时间 2020-12-31 14:30）或 2020年12月31日", string(b))
}

// IsZero reports whether no date was given.
func (d Date) IsZero() bool { return d.Time.IsZero() }

// ISO is 2020-12-31.
func (d Date) ISO() string { return d.Format("2006-01-02") }

// Chinese is 2020年12月31日.
func (d Date) Chinese() string {
	return fmt.Sprintf("%d年%d月%d日", d.Year(), int(d.Month()), d.Day())
}

// MonthDay is 12月31日.
func (d Date) MonthDay() string { return fmt.Sprintf("%d月%d日", int(d.Month()), d.Day()) }

// PubDate is the "yyyy-MM-dd HH:mm" form government meta tags use.
func (d Date) PubDate() string { return d.Format("2006-01-02 15:04") }

// RFC3339 is the form feeds and <time datetime> use.
func (d Date) RFC3339() string {
	if !d.HasClock {
		return d.Format("2006-01-02")
	}
	return d.Format(time.RFC3339)
}

// Atom is the full RFC 3339 time feeds need.
func (d Date) Atom() string { return d.Format(time.RFC3339) }
