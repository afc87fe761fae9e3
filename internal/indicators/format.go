package indicators

import (
	"math"
	"strconv"
	"strings"
)

// Figures stay float64 everywhere; these helpers round only for showing them.
// Rounding is of the exact binary value (strconv), so 0.5153 shows as 0.515.

var inf = math.Inf(1)

func abs(x float64) float64 { return math.Abs(x) }

// CVDecimals and MeanDecimals are the places official tables give the
// 差异系数 and the county mean.
const (
	CVDecimals   = 3
	MeanDecimals = 3
)

// FormatFixed shows v with exactly dec decimals: FormatFixed(2.5, 2) = "2.50".
func FormatFixed(v float64, dec int) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return "—"
	}
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-") // no "-0.000"
	}
	return s
}

// appendFixed is FormatFixed appending to b.
func appendFixed(b []byte, v float64, dec int) []byte {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return append(b, "—"...)
	}
	start := len(b)
	b = strconv.AppendFloat(b, v, 'f', dec, 64)
	if b[start] == '-' && strings.Trim(string(b[start+1:]), "0.") == "" {
		b = append(b[:start], b[start+1:]...)
	}
	return b
}

// FormatCV shows a 差异系数 as official tables do, to 3 decimals: 0.515.
func FormatCV(cv float64) string { return FormatFixed(cv, CVDecimals) }

// FormatMean shows a county mean to 3 decimals.
func FormatMean(v float64) string { return FormatFixed(v, MeanDecimals) }

// FormatPercent shows a ratio as a percentage with dec decimals: 0.683 → "68.3%".
func FormatPercent(ratio float64, dec int) string {
	return FormatFixed(ratio*100, dec) + "%"
}

// FormatSigned shows a change with its sign: +0.120, -0.045, 0.000.
func FormatSigned(v float64, dec int) string {
	s := FormatFixed(v, dec)
	if !strings.HasPrefix(s, "-") && strings.Trim(s, "0.") != "" {
		s = "+" + s
	}
	return s
}

// trimFloat shows a threshold or setting as written: 4.2, 2000, 0.85.
func trimFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// FormatThreshold shows a threshold as the standard writes it: 4.2, 2000.
func FormatThreshold(v float64) string { return trimFloat(v) }

// Format shows a school's value of the indicator with its decimals (2 unless
// the standard says otherwise).
func (ind *Indicator) Format(v float64) string { return FormatFixed(v, ind.Decimals) }

// FormatUnit shows a value with its unit: 5.12㎡, 2345.00元, 4.20人.
func (ind *Indicator) FormatUnit(v float64) string { return ind.Format(v) + ind.Unit }

// round gives v rounded to dec decimals as the number the text shows.
func round(v float64, dec int) float64 {
	f, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', dec, 64), 64)
	return f
}
