package indicators

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dudao/dudao/internal/diag"
	"github.com/dudao/dudao/internal/textfile"
	"github.com/dudao/dudao/internal/tomlpos"
)

// County is the county-level data of one period:
// data/county/DISTRICT/PERIOD.toml. Its form:
//
//	recognition = 91.2            # 社会认可度调查结果，百分数
//	vetoes = []                   # 发生的一票否决情形，写 id，如 ["safety"]
//	note = "2025年县级自评"         # 说明（可不写）
//
//	[government]                  # 政府保障程度，每项写 id = 值
//	layout = true                 # 没有标准数值的项：true（达到）或 false
//	quota = 82                    # 有标准数值的项：填数值，和标准比较
//	class_size = { primary = 44, junior = 49 }   # 分学段的项
//	rotation = { value = 12.6, note = "骨干教师占 23%" }
//	teacher_pay = { met = false, note = "绩效工资尚未足额核定" }
//
//	[quality]                     # 教育质量，同上
//	retention = 97.8
//
// An item left out counts as not reported, which is not met. An inline table
// may carry met (which then decides), value or primary/junior, and note.
type County struct {
	District    string
	Period      Period
	Path        string
	Recognition *float64 // percent
	Vetoes      []string // ids of the standard's vetoes that apply
	Note        string
	Government  map[string]ItemValue
	Quality     map[string]ItemValue
}

// ItemValue is what a county reports for one item.
type ItemValue struct {
	Met     *bool
	Value   *float64
	ByStage map[Stage]float64
	Note    string
	Line    int
}

type countyFile struct {
	Recognition *float64 `toml:"recognition"`
	Vetoes      []string `toml:"vetoes"`
	Note        string   `toml:"note"`
	Government  rawTable `toml:"government"`
	Quality     rawTable `toml:"quality"`
}

// rawTable keeps a TOML table as decoded values; its items are checked
// against the standard here, with positions, rather than by the decoder.
type rawTable map[string]any

// UnmarshalTOML implements toml.Unmarshaler, which also tells the decoder
// that inline tables inside the items are not unknown keys.
func (t *rawTable) UnmarshalTOML(v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("应是一个表，如 [government]")
	}
	*t = m
	return nil
}

// ReadCounty reads a county file and checks it against the standard.
func ReadCounty(path string, raw []byte, std *Standard, list *diag.List) *County {
	c := &County{Path: path, Government: map[string]ItemValue{}, Quality: map[string]ItemValue{}}
	text, _, err := textfile.Decode(raw)
	if err != nil {
		e := err.(*textfile.Error)
		list.Errorf(path, e.Line, e.Col, "%s", e.Msg)
		return c
	}
	var f countyFile
	doc, ok := tomlpos.Decode(path, []byte(text), 0, &f, list)
	if !ok {
		return c
	}
	errAt := func(key, format string, args ...any) {
		p := doc.Pos(key)
		list.Errorf(path, p.Line, p.Col, format, args...)
	}
	c.Note = f.Note
	if f.Recognition != nil {
		v := *f.Recognition
		switch {
		case v < 0 || v > 100:
			errAt("recognition", "社会认可度 %v 应是 0 到 100 之间的百分数", v)
		case v > 0 && v <= 1:
			errAt("recognition", "社会认可度写百分数（如 88.6），不写小数（%v）", v)
		default:
			c.Recognition = &v
		}
	}
	if std != nil {
		for _, id := range f.Vetoes {
			found := false
			for _, v := range std.Vetoes {
				found = found || v.ID == id
			}
			if !found {
				errAt("vetoes", "不认识的否决情形“%s”；可写：%s", id, vetoIDs(std))
			}
		}
	}
	c.Vetoes = f.Vetoes
	for _, area := range []struct {
		key   string
		raw   map[string]any
		items []*CountyItem
		out   map[string]ItemValue
	}{
		{"government", f.Government, stdItems(std, "government"), c.Government},
		{"quality", f.Quality, stdItems(std, "quality"), c.Quality},
	} {
		ids := make([]string, 0, len(area.raw))
		for id := range area.raw {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			key := area.key + "." + id
			var item *CountyItem
			for _, it := range area.items {
				if it.ID == id {
					item = it
				}
			}
			if item == nil {
				if std != nil { // without a standard nothing can be checked
					errAt(key, "%s里没有“%s”这一项；可写：%s", areaNames[area.key], id, itemIDs(area.items))
				}
				continue
			}
			v, err := itemValue(area.raw[id], item)
			if err != nil {
				errAt(key, "%s（%s）：%v", id, item.Name, err)
				continue
			}
			v.Line = doc.Pos(key).Line
			area.out[id] = v
		}
	}
	return c
}

func stdItems(std *Standard, area string) []*CountyItem {
	if std == nil {
		return nil
	}
	if area == "government" {
		return std.Government
	}
	return std.Quality
}

func vetoIDs(std *Standard) string {
	var ids []string
	for _, v := range std.Vetoes {
		ids = append(ids, v.ID+"（"+v.Name+"）")
	}
	return strings.Join(ids, "、")
}

func itemIDs(items []*CountyItem) string {
	var ids []string
	for _, it := range items {
		ids = append(ids, it.ID)
	}
	return strings.Join(ids, "、")
}

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case int64:
		return float64(n), true
	case float64:
		return n, n == n
	}
	return 0, false
}

func itemValue(raw any, item *CountyItem) (ItemValue, error) {
	var v ItemValue
	numeric := item.Numeric()
	want := "true 或 false"
	if numeric {
		want = "数值（如 96.5）或 true / false"
		if len(item.ByStage) > 0 {
			want = "{ primary = 小学的值, junior = 初中的值 } 或 true / false"
		}
	}
	switch x := raw.(type) {
	case bool:
		v.Met = &x
		return v, nil
	case int64, float64:
		n, _ := number(x)
		if !numeric {
			return v, fmt.Errorf("这一项没有标准数值，只能填 true 或 false")
		}
		if len(item.ByStage) > 0 {
			return v, fmt.Errorf("这一项分小学、初中，请写 { primary = …, junior = … }")
		}
		if n < 0 {
			return v, fmt.Errorf("不能是负数")
		}
		v.Value = &n
		return v, nil
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			val := x[k]
			switch k {
			case "met":
				b, ok := val.(bool)
				if !ok {
					return v, fmt.Errorf("met 只能是 true 或 false")
				}
				v.Met = &b
			case "note":
				s, ok := val.(string)
				if !ok {
					return v, fmt.Errorf("note 要写成文字（加引号）")
				}
				v.Note = s
			case "value", "primary", "junior":
				n, ok := number(val)
				if !ok || n < 0 {
					return v, fmt.Errorf("%s 要是不小于 0 的数值", k)
				}
				if !numeric {
					return v, fmt.Errorf("这一项没有标准数值，只能写 met = true / false")
				}
				if k == "value" {
					if len(item.ByStage) > 0 {
						return v, fmt.Errorf("这一项分小学、初中，请写 primary 和 junior，不写 value")
					}
					v.Value = &n
				} else {
					if len(item.ByStage) == 0 {
						return v, fmt.Errorf("这一项不分学段，请写 value，不写 %s", k)
					}
					if v.ByStage == nil {
						v.ByStage = map[Stage]float64{}
					}
					if k == "primary" {
						v.ByStage[Primary] = n
					} else {
						v.ByStage[Junior] = n
					}
				}
			default:
				return v, fmt.Errorf("不认识的字段 %s（可写 met、value、primary、junior、note）", k)
			}
		}
		if v.Met == nil && v.Value == nil && v.ByStage == nil {
			return v, fmt.Errorf("没有填结果：请写 %s", want)
		}
		if v.Met == nil && len(item.ByStage) > 0 && len(v.ByStage) != len(item.ByStage) {
			return v, fmt.Errorf("小学、初中两个值都要填（primary 和 junior）")
		}
		return v, nil
	}
	return v, fmt.Errorf("看不懂的值：请写 %s", want)
}
