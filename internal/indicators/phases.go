package indicators

import (
	"fmt"
	"strings"
	"time"

	"github.com/dudao/dudao/internal/diag"
	"github.com/dudao/dudao/internal/textfile"
	"github.com/dudao/dudao/internal/tomlpos"
)

// Phase is one stage of a district's phased schedule,
// data/phases/DISTRICT.toml:
//
//	[[stage]]
//	name = "动员、摸底阶段"
//	start = "2024年11月"        # or a TOML date, 2024-11-01
//	end = "2025年2月"           # may be left out: "2025年4月以后"
//	note = "制定实施方案，召开动员大会，建立问题清单、任务清单和责任清单。"
//
// start and end take every form ParseDeadline reads; a stage runs from the
// first day of its start to the last day of its end.
type Phase struct {
	Name       string
	Start, End Deadline // End is zero when open-ended
	Note       string
	Line       int
}

// Begins is the first day of the stage.
func (p *Phase) Begins() time.Time { return p.Start.From }

// Ends is the last day of the stage, zero when open-ended.
func (p *Phase) Ends() time.Time { return p.End.To }

type phasesFile struct {
	Stage []struct {
		Name  string `toml:"name"`
		Start any    `toml:"start"`
		End   any    `toml:"end"`
		Note  string `toml:"note"`
	} `toml:"stage"`
}

// ReadPhases reads a phased schedule.
func ReadPhases(path string, raw []byte, list *diag.List) []*Phase {
	text, _, err := textfile.Decode(raw)
	if err != nil {
		e := err.(*textfile.Error)
		list.Errorf(path, e.Line, e.Col, "%s", e.Msg)
		return nil
	}
	var f phasesFile
	doc, ok := tomlpos.Decode(path, []byte(text), 0, &f, list)
	if !ok {
		return nil
	}
	if len(f.Stage) == 0 {
		list.Errorf(path, 0, 0, "没有阶段：每个阶段写一段 [[stage]]，含 name、start、end")
		return nil
	}
	var out []*Phase
	for i, s := range f.Stage {
		key := fmt.Sprintf("stage[%d]", i)
		errAt := func(k, format string, args ...any) {
			p := doc.Pos(key) // the [[stage]] line when the key is missing
			if doc.Has(key + "." + k) {
				p = doc.Pos(key + "." + k)
			}
			list.Errorf(path, p.Line, p.Col, format, args...)
		}
		ph := &Phase{Name: strings.TrimSpace(s.Name), Note: s.Note, Line: doc.Pos(key).Line}
		good := true
		if ph.Name == "" {
			errAt("name", "阶段缺少名称 name")
			good = false
		}
		read := func(k string, v any, required bool) Deadline {
			switch x := v.(type) {
			case nil:
				if required {
					errAt(k, "阶段“%s”缺少开始日期 start", ph.Name)
					good = false
				}
			case time.Time:
				d := day(x.Year(), int(x.Month()), x.Day())
				return Deadline{Text: d.Format("2006-01-02"), From: d, To: d}
			case string:
				if strings.TrimSpace(x) == "" && !required {
					return Deadline{}
				}
				d, err := ParseDay(x)
				if err != nil {
					errAt(k, "%s%v", k, strings.TrimPrefix(err.Error(), "日期"))
					good = false
				}
				return d
			default:
				errAt(k, "%s 要写日期，如 \"2024年11月\" 或 2024-11-01", k)
				good = false
			}
			return Deadline{}
		}
		ph.Start = read("start", s.Start, true)
		ph.End = read("end", s.End, false)
		if good && !ph.End.IsZero() && ph.End.To.Before(ph.Start.From) {
			errAt("end", "阶段“%s”的结束（%s）早于开始（%s）", ph.Name, ph.End.Text, ph.Start.Text)
			good = false
		}
		if good {
			out = append(out, ph)
		}
	}
	return out
}
