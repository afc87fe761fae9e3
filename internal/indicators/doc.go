// Package indicators holds the 优质均衡 standard as data, reads the data a site
// keeps about its districts, and computes every figure the dashboards, the
// indicator pages and the open-data files show.
//
// The pieces, in the order data flows through them:
//
//   - standard.go reads data/standards/PROFILE.toml: the 7 资源配置 indicators
//     (how each is computed from sheet columns, thresholds per 学段,
//     direction), the per-school rule, the 差异系数 gates, the 15 政府保障 and
//     9 教育质量 items, the 社会认可度 threshold and the vetoes. A province
//     profile names a base ("national") and overrides what it changes, item by
//     item (by id). The national standard is also embedded, so a site needs no
//     standards folder.
//   - sheet.go reads data/schools/DISTRICT/PERIOD.csv or .xlsx, the school data
//     sheet with Chinese headers (units in headers honoured, 万元 → 元).
//   - county.go, progress_read.go and phases.go read the county items, the
//     key-task list, the problem list and the phased schedule.
//   - load.go finds all of these under a site's data/ folder. Every problem
//     goes to a diag.List as path:line:col, all of them in one run.
//   - compute.go, county_eval.go and progress.go are pure functions from the
//     loaded Data to a Report: per school, per 学段 (enrolment-weighted means
//     and the student-weighted population-form 差异系数), per period
//     (readiness and the reasons in plain Chinese), the change since the
//     previous period, and the state of tasks, problems and phases as of a date.
//   - format.go rounds for display only; opendata.go writes the JSON and CSV
//     open-data files. Everything inside stays float64.
//
// Decisions the specification left open:
//
//   - Period names (file names): 2024, 2024-09 or 2024-2025 (a school year);
//     see ParsePeriod. Anything else is an error naming the accepted forms.
//   - Deadlines and dates: see ParseDeadline. A task is overdue after the last
//     day its deadline names (2026年8月 → after 31 August); 长期 / 持续 never.
//   - Positions: CSV problems are file:line:cell, line the line in the file
//     (a quoted cell with line breaks counts its lines) and cell the column
//     number; a missing column is reported at the header line. Excel problems
//     are file:row:column as well, and the message starts with the cell as
//     Excel names it: "2025.xlsx:6:3: 基础数据!C6：学生数“六百”不是数字".
//   - Sheets: the header is the first row (of the first ten) with 学校 and
//     学段; title rows above it are skipped, as are empty rows and rows named
//     合计 / 小计 / 总计. Unknown columns (序号, 备注) are ignored. Of an .xlsx
//     the first sheet with such a header is read. 体育运动场馆面积 may be given
//     as 运动场地面积 + 体育馆面积, 体育艺术专任教师数 as 体育 + 音乐 + 美术.
//     Cells holding -, — or / count as empty.
//   - A school with 学生数 0 is an error, not a row to skip: it cannot have
//     per-student values and must be removed or filled in.
//   - Comparisons are made on the unrounded values with a relative tolerance
//     of 1e-9 (so 42 × 100 ÷ 1000 meets 4.2); the 差异系数 gate too. The
//     per-school floor (85%) applies to Attainment, value ÷ threshold
//     (threshold ÷ value for an "at most" indicator).
//   - A 学段 without schools does not pass; a period without a county file is
//     not ready ("没有本期的县级数据"). A county item left out of the county
//     file is "未填报" and not met; vetoes left out mean none applies.
//   - Problems found after the as-of date are left out; a problem crossed off
//     after it is still open. The monthly series runs from the first month a
//     problem was found to the last month anything happened.
//   - Open data: JSON is compact, deterministic, with <, > and & escaped; CSV
//     starts with a UTF-8 BOM and uses CRLF so Excel opens it correctly.
//   - README files, hidden files and Office lock files (~$…) in the data
//     folders are ignored; the example site marks its CSV folders as invented
//     with a README.txt, since a CSV's first line must be its header.
package indicators
