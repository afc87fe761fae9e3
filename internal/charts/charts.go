// Package charts turns figures into accessible charts for the public site.
// go-echarts builds each chart's ECharts options; this package writes the
// HTML fragment around them: a figure with a one-sentence summary (also the
// chart's aria description), the numbers as a table in <details>, a CSV link,
// and the options as JSON data that assets/js/charts.js hands to ECharts.
// No script is written inline, and the same input gives byte-identical output.
package charts

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/dudao/dudao/internal/excelcsv"
	"html/template"
	"math"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Kind is the type of chart.
type Kind int

const (
	Bar     Kind = iota // a value per category, one bar per series
	Line                // a value per category (a period), one line per series
	HeatMap             // a value per row and category, e.g. school × indicator
)

// Palette is the Okabe–Ito set of colours that readers with colour-vision
// deficiencies can tell apart; ECharts' decals add patterns on top.
var Palette = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"}

// Series is one named row of values, one per category. NaN means no value.
type Series struct {
	Name   string
	Values []float64
}

// Reference is a line across the chart, such as a threshold.
type Reference struct {
	Label string
	Value float64
}

// Chart is everything one chart shows.
type Chart struct {
	ID         string // unique on its page, stable between builds: "cv-2025-小学"
	Title      string
	Summary    string // one sentence saying what the chart shows
	Kind       Kind
	Categories []string // the x axis
	Series     []Series // Bar and Line
	Rows       []string // HeatMap: the y axis; Series[i] is row i
	Unit       string   // of the values, shown on the axis
	Reference  *Reference
	Min, Max   float64 // HeatMap colour range
	LowIsGood  bool    // HeatMap: low values are the good ones (差异系数)
	Decimals   int     // in the table
	CSVHref    string  // the chart's data as CSV, relative to the page; "" for none
}

// Options returns the chart's ECharts options as JSON, built with go-echarts.
// encoding/json escapes <, > and &, so the JSON is safe inside HTML.
func (c *Chart) Options() ([]byte, error) {
	global := []charts.GlobalOpts{
		charts.WithTitleOpts(opts.Title{Title: c.Title, Left: "center"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true)}),
		charts.WithColorsOpts(opts.Colors(Palette)),
		charts.WithAnimation(false),
		charts.WithAriaOpts(&opts.Aria{Enabled: opts.Bool(true),
			Label: &opts.AriaLabel{Enabled: opts.Bool(true), Description: c.Summary},
			Decal: &opts.AriaDecal{Show: opts.Bool(true)}}),
	}
	var json map[string]any
	switch c.Kind {
	case Bar, Line:
		global = append(global,
			charts.WithLegendOpts(opts.Legend{Show: opts.Bool(len(c.Series) > 1), Bottom: "0"}),
			charts.WithXAxisOpts(opts.XAxis{AxisLabel: &opts.AxisLabel{Interval: "0", Rotate: rotation(c.Categories)}}),
			charts.WithYAxisOpts(opts.YAxis{Name: c.Unit}),
			charts.WithGridOpts(opts.Grid{ContainLabel: opts.Bool(true), Left: "3%", Right: "4%", Bottom: "12%"}),
		)
		if c.Kind == Bar {
			bar := charts.NewBar()
			bar.SetGlobalOptions(global...)
			bar.SetXAxis(c.Categories)
			for i, s := range c.Series {
				data := make([]opts.BarData, len(s.Values))
				for j, v := range s.Values {
					data[j] = opts.BarData{Value: value(v)}
				}
				bar.AddSeries(s.Name, data, c.reference(i)...)
			}
			bar.Validate()
			json = bar.JSON()
		} else {
			line := charts.NewLine()
			line.SetGlobalOptions(global...)
			line.SetXAxis(c.Categories)
			for i, s := range c.Series {
				data := make([]opts.LineData, len(s.Values))
				for j, v := range s.Values {
					data[j] = opts.LineData{Value: value(v)}
				}
				line.AddSeries(s.Name, data, c.reference(i)...)
			}
			line.Validate()
			json = line.JSON()
		}
	case HeatMap:
		hm := charts.NewHeatMap()
		hm.SetGlobalOptions(append(global,
			charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
			charts.WithXAxisOpts(opts.XAxis{Type: "category", Data: c.Categories, SplitArea: &opts.SplitArea{Show: opts.Bool(true)},
				AxisLabel: &opts.AxisLabel{Interval: "0", Rotate: rotation(c.Categories)}}),
			charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: c.Rows, SplitArea: &opts.SplitArea{Show: opts.Bool(true)}}),
			charts.WithGridOpts(opts.Grid{ContainLabel: opts.Bool(true), Left: "3%", Right: "4%", Bottom: "15%"}),
			charts.WithVisualMapOpts(opts.VisualMap{Calculable: opts.Bool(false), Min: float32(c.Min), Max: float32(c.Max),
				Orient: "horizontal", Left: "center", Bottom: "0",
				InRange: &opts.VisualMapInRange{Color: c.scale()}}),
		)...)
		var data []opts.HeatMapData
		for r, s := range c.Series {
			for x, v := range s.Values {
				if !math.IsNaN(v) {
					data = append(data, opts.HeatMapData{Value: [3]any{x, r, round(v, 3)}})
				}
			}
		}
		hm.AddSeries(c.Title, data, charts.WithLabelOpts(opts.Label{Show: opts.Bool(len(c.Categories)*len(c.Rows) <= 120)}))
		hm.Validate()
		json = hm.JSON()
	}
	delete(json, "toolbox") // a download button that needs the network and confuses print
	return marshal(json)
}

// scale runs from bad (vermilion) through yellow to good (bluish green).
func (c *Chart) scale() []string {
	if c.LowIsGood {
		return []string{"#009E73", "#F0E442", "#D55E00"}
	}
	return []string{"#D55E00", "#F0E442", "#009E73"}
}

func (c *Chart) reference(series int) []charts.SeriesOpts {
	if c.Reference == nil || series != 0 {
		return nil
	}
	return []charts.SeriesOpts{
		charts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{Name: c.Reference.Label, YAxis: c.Reference.Value}),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"},
			Label: &opts.Label{Show: opts.Bool(true), Formatter: c.Reference.Label, Position: "insideEndTop"}}),
	}
}

func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	if err := json.NewEncoder(&b).Encode(v); err != nil { // escapes <, >, & as \u003c …
		return nil, err
	}
	return bytes.TrimSpace(b.Bytes()), nil
}

// value gives ECharts "-" (no value) for NaN.
func value(v float64) any {
	if math.IsNaN(v) {
		return "-"
	}
	return round(v, 4)
}

func round(v float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(v*p) / p
}

// rotation slants long category labels so they do not overlap.
func rotation(cats []string) float64 {
	n := 0
	for _, c := range cats {
		n += len([]rune(c))
	}
	if n > 24 {
		return 30
	}
	return 0
}

// HTML writes the chart's figure.
func (c *Chart) HTML() (template.HTML, error) {
	options, err := c.Options()
	if err != nil {
		return "", err
	}
	id := template.HTMLEscapeString(c.ID)
	var b strings.Builder
	fmt.Fprintf(&b, `<figure class="chart" id="chart-%s">`, id)
	fmt.Fprintf(&b, `<div class="chart-canvas chart-%s chart-%s" data-chart="chart-%s-options" role="img" aria-label="%s"></div>`,
		kindName(c.Kind), c.size(), id, template.HTMLEscapeString(c.Title+"："+c.Summary))
	fmt.Fprintf(&b, `<figcaption>%s</figcaption>`, template.HTMLEscapeString(c.Summary))
	b.WriteString(`<details class="chart-data"><summary>查看数据表</summary>`)
	b.WriteString(c.table())
	if c.CSVHref != "" {
		fmt.Fprintf(&b, `<p><a href="%s" download>下载数据（CSV）</a></p>`, template.HTMLEscapeString(c.CSVHref))
	}
	b.WriteString(`</details>`)
	fmt.Fprintf(&b, `<script type="application/json" id="chart-%s-options">%s</script>`, id, options)
	b.WriteString(`</figure>`)
	return template.HTML(b.String()), nil
}

// size is the height class of the chart: heat maps grow with their rows.
func (c *Chart) size() string {
	switch n := len(c.Rows); {
	case c.Kind != HeatMap || n <= 6:
		return "s"
	case n <= 12:
		return "m"
	case n <= 20:
		return "l"
	default:
		return "xl"
	}
}

func kindName(k Kind) string { return [...]string{"bar", "line", "heatmap"}[k] }

// header and rows of the chart's data, as the table and the CSV show them.
func (c *Chart) grid() ([]string, [][]string) {
	header := append([]string{""}, c.Categories...)
	var rows [][]string
	for i, s := range c.Series {
		name := s.Name
		if c.Kind == HeatMap && i < len(c.Rows) {
			name = c.Rows[i]
		}
		row := []string{name}
		for _, v := range s.Values {
			row = append(row, c.format(v))
		}
		rows = append(rows, row)
	}
	if c.Reference != nil {
		row := []string{c.Reference.Label}
		for range c.Categories {
			row = append(row, c.format(c.Reference.Value))
		}
		rows = append(rows, row)
	}
	return header, rows
}

func (c *Chart) format(v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	return strconv.FormatFloat(v, 'f', c.Decimals, 64)
}

func (c *Chart) table() string {
	header, rows := c.grid()
	var b strings.Builder
	b.WriteString(`<div class="table-scroll"><table><caption>` + template.HTMLEscapeString(c.Title) + `</caption><thead><tr>`)
	for i, h := range header {
		if i == 0 {
			fmt.Fprintf(&b, `<td>%s</td>`, template.HTMLEscapeString(h))
		} else {
			fmt.Fprintf(&b, `<th scope="col">%s</th>`, template.HTMLEscapeString(h))
		}
	}
	b.WriteString(`</tr></thead><tbody>`)
	for _, r := range rows {
		b.WriteString(`<tr>`)
		for i, cell := range r {
			if i == 0 {
				fmt.Fprintf(&b, `<th scope="row">%s</th>`, template.HTMLEscapeString(cell))
			} else {
				fmt.Fprintf(&b, `<td>%s</td>`, template.HTMLEscapeString(cell))
			}
		}
		b.WriteString(`</tr>`)
	}
	b.WriteString(`</tbody></table></div>`)
	return b.String()
}

// CSV returns the chart's data as CSV for Excel (see package excelcsv).
func (c *Chart) CSV() []byte {
	header, rows := c.grid()
	var b bytes.Buffer
	w, _ := excelcsv.NewWriter(&b) // a bytes.Buffer does not fail
	w.Write(header)
	for _, r := range rows {
		for i, cell := range r {
			if cell == "—" {
				r[i] = ""
			}
		}
		w.Write(r)
	}
	w.Flush()
	return b.Bytes()
}
