package indicators

import (
	"errors"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/dudao/dudao/internal/diag"
	"github.com/dudao/dudao/internal/parallel"
	"github.com/dudao/dudao/internal/textfile"
)

// The folders of a site's data/ this package reads.
const (
	SchoolsDir  = "data/schools"  // DISTRICT/PERIOD.csv or .xlsx
	CountyDir   = "data/county"   // DISTRICT/PERIOD.toml
	TasksDir    = "data/tasks"    // DISTRICT.csv
	ProblemsDir = "data/problems" // DISTRICT.csv
	PhasesDir   = "data/phases"   // DISTRICT.toml
)

// Data is everything loaded: the standard and, per district, its sheets,
// county files, tasks, problems and phases.
type Data struct {
	Standard  *Standard
	Districts []*District // in the order of the ids given to Load
}

// District is one district's data. Any part may be empty: the city office
// has no schools; a district may publish no task list.
type District struct {
	ID           string
	Sheets       []*Sheet  // sorted by period
	County       []*County // sorted by period
	Tasks        []*Task
	TasksPath    string // "" when there is no task list
	Problems     []*Problem
	ProblemsPath string
	Phases       []*Phase
	PhasesPath   string
}

// District returns the district with the id, or nil.
func (d *Data) District(id string) *District {
	for _, x := range d.Districts {
		if x.ID == id {
			return x
		}
	}
	return nil
}

// Load reads the standard (profile "" is national) and every data file under
// siteDir/data. districts are the ids of data/districts.toml; nil reads them
// from that file. Every problem goes to list; Load returns what it could read,
// and the caller asks list whether the build may go on.
func Load(siteDir string, districts []string, profile string, list *diag.List) *Data {
	return LoadOnly(siteDir, districts, nil, profile, list)
}

// LoadOnly is Load reading the files of only some districts (all, for nil):
// dudao serve reads again only the districts whose files changed. The
// folders are still checked for districts that do not exist.
func LoadOnly(siteDir string, districts []string, only map[string]bool, profile string, list *diag.List) *Data {
	if districts == nil {
		districts = DistrictIDs(siteDir, list)
	}
	d := &Data{Standard: LoadStandard(siteDir, profile, list)}
	byID := map[string]*District{}
	for _, id := range districts {
		x := &District{ID: id}
		d.Districts = append(d.Districts, x)
		byID[id] = x
	}
	l := &loader{site: siteDir, list: list, byID: byID, known: districts, only: only, std: d.Standard}
	l.perPeriod(SchoolsDir, []string{".csv", ".xlsx"}, func(rel string, dist *District, p Period) func([]byte) {
		sh := &Sheet{}
		dist.Sheets = append(dist.Sheets, sh)
		return func(raw []byte) {
			*sh = *ReadSheet(rel, raw, d.Standard, list)
			sh.District, sh.Period = dist.ID, p
		}
	})
	l.perPeriod(CountyDir, []string{".toml"}, func(rel string, dist *District, p Period) func([]byte) {
		c := &County{}
		dist.County = append(dist.County, c)
		return func(raw []byte) {
			*c = *ReadCounty(rel, raw, d.Standard, list)
			c.District, c.Period = dist.ID, p
		}
	})
	l.perDistrict(TasksDir, ".csv", func(rel string, dist *District) func([]byte) {
		dist.TasksPath = rel
		return func(raw []byte) { dist.Tasks = ReadTasks(rel, raw, list) }
	})
	l.perDistrict(ProblemsDir, ".csv", func(rel string, dist *District) func([]byte) {
		dist.ProblemsPath = rel
		return func(raw []byte) { dist.Problems = ReadProblems(rel, raw, list) }
	})
	l.perDistrict(PhasesDir, ".toml", func(rel string, dist *District) func([]byte) {
		dist.PhasesPath = rel
		return func(raw []byte) { dist.Phases = ReadPhases(rel, raw, list) }
	})
	parallel.Do(len(l.jobs), func(i int) error {
		j := l.jobs[i]
		raw, err := os.ReadFile(filepath.Join(siteDir, filepath.FromSlash(j.rel)))
		if err != nil {
			list.Errorf(j.rel, 0, 0, "读不了：%v", err)
			return nil
		}
		j.read(raw)
		return nil
	})
	for _, dist := range d.Districts {
		sort.SliceStable(dist.Sheets, func(i, j int) bool { return dist.Sheets[i].Period.Less(dist.Sheets[j].Period) })
		sort.SliceStable(dist.County, func(i, j int) bool { return dist.County[i].Period.Less(dist.County[j].Period) })
	}
	return d
}

type job struct {
	rel  string
	read func([]byte)
}

type loader struct {
	site  string
	list  *diag.List
	byID  map[string]*District
	known []string
	only  map[string]bool // the districts whose files to read; nil: all
	std   *Standard
	jobs  []job
}

// ignored names are left alone: hidden files, Office lock files, editor
// leftovers, and README files that explain a folder.
func ignored(name string) bool {
	lower := strings.ToLower(name)
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") || strings.HasSuffix(name, "~") ||
		strings.HasPrefix(lower, "readme") || lower == "thumbs.db" || lower == "desktop.ini" ||
		strings.HasSuffix(lower, ".tmp") || strings.HasSuffix(lower, ".swp") || strings.HasSuffix(lower, ".bak")
}

func (l *loader) readDir(rel string) []os.DirEntry {
	entries, err := os.ReadDir(filepath.Join(l.site, filepath.FromSlash(rel)))
	if err != nil {
		if !os.IsNotExist(err) {
			l.list.Errorf(rel, 0, 0, "读不了：%v", err)
		}
		return nil
	}
	return entries
}

func (l *loader) unknownDistrict(rel, id string) {
	l.list.Errorf(rel, 0, 0, "不认识的区县“%s”：data/districts.toml 里的 id 有 %s", id, strings.Join(l.known, "、"))
}

// perPeriod walks dir/DISTRICT/PERIOD.ext.
func (l *loader) perPeriod(dir string, exts []string, add func(rel string, d *District, p Period) func([]byte)) {
	for _, e := range l.readDir(dir) {
		if ignored(e.Name()) {
			continue
		}
		rel := dir + "/" + e.Name()
		if !e.IsDir() {
			l.list.Errorf(rel, 0, 0, "%s 里只放区县文件夹（如 %s/yian/2024%s），不放文件", dir, dir, exts[0])
			continue
		}
		dist := l.byID[e.Name()]
		if dist == nil {
			l.unknownDistrict(rel, e.Name())
			continue
		}
		if l.only != nil && !l.only[dist.ID] {
			continue
		}
		seen := map[string]string{}
		for _, f := range l.readDir(rel) {
			if ignored(f.Name()) {
				continue
			}
			frel := rel + "/" + f.Name()
			if f.IsDir() {
				l.list.Errorf(frel, 0, 0, "%s 里不能再分文件夹：每期一个文件，如 %s/2024%s", rel, rel, exts[0])
				continue
			}
			ext := strings.ToLower(path.Ext(f.Name()))
			if !contains(exts, ext) {
				hint := ""
				if ext == ".xls" || ext == ".et" {
					hint = "：旧版 Excel（.xls）和 WPS 表格请另存为 .xlsx 或 CSV"
				}
				l.list.Errorf(frel, 0, 0, "这里只读 %s 文件%s", strings.Join(exts, "、"), hint)
				continue
			}
			stem := strings.TrimSuffix(f.Name(), path.Ext(f.Name()))
			p, err := ParsePeriod(stem)
			if err != nil {
				l.list.Errorf(frel, 0, 0, "%v", err)
				continue
			}
			if prev, dup := seen[stem]; dup {
				l.list.Errorf(frel, 0, 0, "同一期有两个文件：%s 和 %s，请只留一个", prev, f.Name())
				continue
			}
			seen[stem] = f.Name()
			l.jobs = append(l.jobs, job{rel: frel, read: add(frel, dist, p)})
		}
	}
}

// perDistrict walks dir/DISTRICT.ext.
func (l *loader) perDistrict(dir, ext string, add func(rel string, d *District) func([]byte)) {
	for _, e := range l.readDir(dir) {
		if ignored(e.Name()) {
			continue
		}
		rel := dir + "/" + e.Name()
		if e.IsDir() || strings.ToLower(path.Ext(e.Name())) != ext {
			l.list.Errorf(rel, 0, 0, "%s 里每个区县一个 %s 文件，以区县 id 命名，如 %s/yian%s", dir, ext, dir, ext)
			continue
		}
		id := strings.TrimSuffix(e.Name(), path.Ext(e.Name()))
		dist := l.byID[id]
		if dist == nil {
			l.unknownDistrict(rel, id)
			continue
		}
		if l.only != nil && !l.only[dist.ID] {
			continue
		}
		l.jobs = append(l.jobs, job{rel: rel, read: add(rel, dist)})
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// DistrictIDs reads the ids of data/districts.toml ([[district]] id = "…"),
// in the file's order. Load uses it when it is given no ids.
func DistrictIDs(siteDir string, list *diag.List) []string {
	const rel = "data/districts.toml"
	raw, err := os.ReadFile(filepath.Join(siteDir, rel))
	if err != nil {
		if !os.IsNotExist(err) {
			list.Errorf(rel, 0, 0, "读不了：%v", err)
		}
		return []string{}
	}
	text, _, err := textfile.Decode(raw)
	if err != nil {
		e := err.(*textfile.Error)
		list.Errorf(rel, e.Line, e.Col, "%s", e.Msg)
		return []string{}
	}
	// Only the ids are read here, and other keys are left to the content
	// package, which owns this file.
	var f struct {
		District []struct {
			ID string `toml:"id"`
		} `toml:"district"`
	}
	if _, err := toml.Decode(text, &f); err != nil {
		line, col := 0, 0
		var pe toml.ParseError
		if errors.As(err, &pe) {
			line, col = pe.Position.Line, pe.Position.Col
		}
		list.Errorf(rel, line, col, "读不了区县列表：%v", err)
		return []string{}
	}
	ids := []string{}
	for _, d := range f.District {
		ids = append(ids, d.ID)
	}
	return ids
}
