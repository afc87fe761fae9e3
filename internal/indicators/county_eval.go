package indicators

import (
	"fmt"
	"strings"
)

// CountyReport judges the county items of one period.
type CountyReport struct {
	Path           string
	Note           string
	Government     []*ItemResult // in the standard's order
	Quality        []*ItemResult
	GovernmentMet  int
	QualityMet     int
	Recognition    *float64 // percent; nil when not reported
	RecognitionMin float64  // the threshold
	RecognitionMet bool
	Vetoes         []*Veto // the vetoes that apply
	Passed         bool    // every item met, recognition met, no veto
	Reasons        []string
}

// ItemResult is one 政府保障程度 or 教育质量 item of a county.
type ItemResult struct {
	Item     *CountyItem
	Reported bool
	Met      bool
	Value    *float64          // the reported value, for numeric items
	ByStage  map[Stage]float64 // or per 学段
	Note     string
}

// Text shows what was reported: "82%", "小学 44人、初中 49人", "达到",
// "未达到", "未填报".
func (r *ItemResult) Text() string {
	switch {
	case !r.Reported:
		return "未填报"
	case r.Value != nil:
		return trimFloat(*r.Value) + r.Item.Unit
	case len(r.ByStage) > 0:
		var parts []string
		for _, st := range Stages {
			if v, ok := r.ByStage[st]; ok {
				parts = append(parts, string(st)+" "+trimFloat(v)+r.Item.Unit)
			}
		}
		return strings.Join(parts, "、")
	case r.Met:
		return "达到"
	}
	return "未达到"
}

// Standard shows the item's threshold: "不低于80%", "小学不超过45人、初中不超过50人", "".
func (it *CountyItem) Standard() string {
	word := "不低于"
	if it.Direction == AtMost {
		word = "不超过"
	}
	if it.Threshold != nil {
		return word + trimFloat(*it.Threshold) + it.Unit
	}
	var parts []string
	for _, st := range Stages {
		if v, ok := it.ByStage[st]; ok {
			parts = append(parts, string(st)+word+trimFloat(v)+it.Unit)
		}
	}
	return strings.Join(parts, "、")
}

// EvaluateCounty judges a county file against the standard.
func EvaluateCounty(std *Standard, c *County) *CountyReport {
	cr := &CountyReport{Path: c.Path, Note: c.Note, Recognition: c.Recognition, RecognitionMin: std.Recognition}
	eval := func(items []*CountyItem, got map[string]ItemValue) ([]*ItemResult, int) {
		out := make([]*ItemResult, len(items))
		met := 0
		for i, it := range items {
			r := &ItemResult{Item: it}
			if v, ok := got[it.ID]; ok {
				r.Reported, r.Value, r.ByStage, r.Note = true, v.Value, v.ByStage, v.Note
				switch {
				case v.Met != nil:
					r.Met = *v.Met
				case v.Value != nil && it.Threshold != nil:
					r.Met = meets(it.Direction, *v.Value, *it.Threshold)
				case len(v.ByStage) > 0:
					r.Met = true
					for st, t := range it.ByStage {
						x, ok := v.ByStage[st]
						r.Met = r.Met && ok && meets(it.Direction, x, t)
					}
				}
			}
			if r.Met {
				met++
			}
			out[i] = r
		}
		return out, met
	}
	cr.Government, cr.GovernmentMet = eval(std.Government, c.Government)
	cr.Quality, cr.QualityMet = eval(std.Quality, c.Quality)
	cr.Passed = cr.GovernmentMet == len(cr.Government) && cr.QualityMet == len(cr.Quality)
	for _, rs := range [][]*ItemResult{cr.Government, cr.Quality} {
		for _, r := range rs {
			if !r.Met {
				cr.Reasons = append(cr.Reasons, itemReason(r))
			}
		}
	}
	switch {
	case c.Recognition == nil:
		cr.Reasons = append(cr.Reasons, "社会认可度未填报")
	case *c.Recognition+eps < std.Recognition:
		cr.Reasons = append(cr.Reasons, fmt.Sprintf("社会认可度 %s%%，低于 %s%%（差 %s 个百分点）",
			trimFloat(*c.Recognition), trimFloat(std.Recognition), FormatFixed(std.Recognition-*c.Recognition, 1)))
	default:
		cr.RecognitionMet = true
	}
	cr.Passed = cr.Passed && cr.RecognitionMet
	for _, v := range std.Vetoes {
		for _, id := range c.Vetoes {
			if id == v.ID {
				cr.Vetoes = append(cr.Vetoes, v)
				cr.Reasons = append(cr.Reasons, "一票否决："+v.Name)
				break
			}
		}
	}
	cr.Passed = cr.Passed && len(cr.Vetoes) == 0
	return cr
}

func itemReason(r *ItemResult) string {
	it := r.Item
	head := fmt.Sprintf("%s第 %d 项“%s”", it.AreaName(), it.No, it.Name)
	var s string
	switch {
	case !r.Reported:
		s = head + "未填报"
	case it.Numeric() && (r.Value != nil || len(r.ByStage) > 0):
		s = fmt.Sprintf("%s为 %s，要求%s", head, r.Text(), it.Standard())
	default:
		s = head + "未达到"
		if it.Numeric() {
			s += "（要求" + it.Standard() + "）"
		}
	}
	if r.Note != "" {
		s += "：" + r.Note
	}
	return s
}
