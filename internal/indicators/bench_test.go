package indicators

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// provinceData is a province-scale data set in memory: 100 districts × 150
// schools (90 小学, 60 初中) × 5 periods, with county files, 22 tasks and
// 127 problems per district. Each value is spread from lo to lo+1 times its
// threshold: lo 0.95 gives a province close to the standard (a few schools
// short), lo 0.6 the worst case, most schools short and explained.
func provinceData(tb testing.TB, lo float64) *Data {
	std := national(tb)
	rng := rand.New(rand.NewPCG(1, 2))
	d := &Data{Standard: std}
	tasks := make([]*Task, 22)
	for i := range tasks {
		dl, _ := ParseDeadline(fmt.Sprintf("%d年%d月", 2024+i%3, 1+i%12))
		tasks[i] = &Task{No: fmt.Sprint(i + 1), Name: "任务", Deadline: dl, Done: i%3 == 0, Progress: float64(i * 4)}
	}
	problems := make([]*Problem, 127)
	for i := range problems {
		found, _ := ParseDay("2020-11-20")
		due, _ := ParseDeadline("2021年8月")
		p := &Problem{Found: found, Due: due, Text: "问题", Category: fmt.Sprint("类别", i%5)}
		if i%10 != 0 {
			p.Closed, _ = ParseDay(fmt.Sprintf("2021-%02d-15", 1+i%12))
		}
		problems[i] = p
	}
	yes := true
	items := map[string]ItemValue{}
	for _, it := range append(append([]*CountyItem(nil), std.Government...), std.Quality...) {
		items[it.ID] = ItemValue{Met: &yes}
	}
	rec := 88.0
	for di := 0; di < 100; di++ {
		dist := &District{ID: fmt.Sprintf("d%03d", di), Tasks: tasks, TasksPath: "t", Problems: problems, ProblemsPath: "p"}
		for year := 2021; year <= 2025; year++ {
			sh := &Sheet{Period: Period{Name: fmt.Sprint(year), Year: year}}
			for si := 0; si < 150; si++ {
				st := Primary
				if si >= 90 {
					st = Junior
				}
				n := 100 + rng.Float64()*1900
				cols := map[string]float64{}
				for _, ind := range std.Indicators {
					cols[ind.Numerator[0]] = ind.Threshold[st] * (lo + rng.Float64()) * n / ind.Factor
				}
				sh.Schools = append(sh.Schools, school(fmt.Sprintf("学校%03d", si), st, n, cols))
			}
			dist.Sheets = append(dist.Sheets, sh)
			dist.County = append(dist.County, &County{Period: sh.Period, Government: items, Quality: items, Recognition: &rec})
		}
		d.Districts = append(d.Districts, dist)
	}
	return d
}

func BenchmarkComputeProvince(b *testing.B) {
	d := provinceData(b, 0.95)
	asOf := date("2026-11-30")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Compute(d, asOf)
	}
}

func BenchmarkComputeProvinceMostSchoolsShort(b *testing.B) {
	d := provinceData(b, 0.6)
	asOf := date("2026-11-30")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Compute(d, asOf)
	}
}

func BenchmarkOpenDataProvince(b *testing.B) {
	d := provinceData(b, 0.95)
	r := Compute(d, date("2026-11-30"))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, dist := range r.Districts {
			if _, err := r.OpenData(dist.ID); err != nil {
				b.Fatal(err)
			}
		}
	}
}
