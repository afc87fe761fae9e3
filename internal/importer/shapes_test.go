package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/dudao/dudao/internal/content"
)

// Three bulletins in other shapes than seed 000, written for these tests:
// each imports with every line placed, builds, and keeps every word.
func TestOtherShapes(t *testing.T) {
	type art struct{ file, title, unit, kind string }
	for _, tc := range []struct {
		file     string
		slug     string
		check    func(t *testing.T, is *content.Issue, res *Result)
		articles []art
	}{{
		// A 督导简报 with 内部资料 and 编号, 本期要目, 编者按, a page number and
		// a running head, and a sentence broken by the page.
		file: "jianbao-contents-note.txt", slug: "2021-02",
		articles: []art{
			{"01-office.md", "市教督委办部署春季开学专项督导", "office", "inspection"},
			{"02-jiaoqu.md", "郊区召开责任督学挂牌督导推进会", "jiaoqu", "meeting"},
			{"03-zongyang.md", "枞阳县开展校园安全隐患排查", "zongyang", "inspection"},
		},
		check: func(t *testing.T, is *content.Issue, res *Result) {
			if is.Series != "督导简报" || is.Classification != "内部资料" || is.Serial != "0007" ||
				is.Year != 2021 || is.Number != 2 || is.Total != 23 || is.Date.ISO() != "2021-03-15" {
				t.Errorf("masthead %q %q %q %d %d %d %s", is.Series, is.Classification, is.Serial, is.Year, is.Number, is.Total, is.Date.ISO())
			}
			if !strings.Contains(string(is.Body), "新学期伊始") {
				t.Errorf("editor's note: %s", is.Body)
			}
			if len(res.p.is.contents) != 3 {
				t.Errorf("contents: %+v", res.p.is.contents)
			}
			m := is.Articles[1]
			if m.Held.ISO() != "2021-03-05" || m.Place != "区教体局三楼会议室" || m.Chair != "赵文静" || !reflect.DeepEqual(m.Attendees, []string{"李明远"}) {
				t.Errorf("meeting: %s %q %q %v", m.Held.ISO(), m.Place, m.Chair, m.Attendees)
			}
			if !strings.Contains(plainBody(m), "推动问题在基层解决") {
				t.Errorf("the sentence broken by the page was not joined: %s", plainBody(m))
			}
			if is.Footer.SendLabel != "抄送" || is.Footer.SendTo != "各县区人民政府教育督导委员会办公室。" {
				t.Errorf("footer %+v", is.Footer)
			}
		},
	}, {
		// Units numbered 1、2、3、 under the section, the date in Chinese
		// numerals, and text copied from a PDF with a line break at the end of
		// every printed line, a page number and a running head in a paragraph.
		file: "numbered-units-hardwrapped.txt", slug: "2021-05",
		articles: []art{
			{"01-tongguan.md", "铜官区完成义务教育学校办学条件自查", "tongguan", "update"},
			{"02-yian.md", "义安区召开优质均衡创建推进会", "yian", "meeting"},
			{"03-zongyang.md", "枞阳县开展教学点办学条件专项督导", "zongyang", "inspection"},
			{"04-office.md", "关于报送优质均衡监测数据的提示", "office", "data"},
		},
		check: func(t *testing.T, is *content.Issue, res *Result) {
			if is.Date.ISO() != "2021-06-10" || is.Number != 5 || is.Total != 26 {
				t.Errorf("masthead %s %d %d", is.Date.ISO(), is.Number, is.Total)
			}
			if !reflect.DeepEqual(is.SectionOrder, []string{"各地动态", "工作提示"}) {
				t.Errorf("sections %v", is.SectionOrder)
			}
			first := readString(t, filepath.Join(res.Dir, "01-tongguan.md"))
			body := first[strings.LastIndex(first, "+++\n")+4:]
			if paras := strings.Split(strings.TrimSpace(body), "\n\n"); len(paras) != 2 || strings.Contains(body, "学校\n对照") {
				t.Errorf("hard-wrapped paragraphs not joined into 2:\n%s", body)
			}
			if !strings.Contains(plainBody(is.Articles[2]), "由其他学科教师兼任") {
				t.Errorf("the paragraph broken by the page was not joined: %s", plainBody(is.Articles[2]))
			}
			last := readString(t, filepath.Join(res.Dir, "04-office.md"))
			if !strings.Contains(last, "\n1\\. 各县区要在6月30日前，通过全国义务教育优质均衡发展监测系统") || !strings.Contains(last, "\n\n2\\. 报送") {
				t.Errorf("numbered paragraphs:\n%s", last)
			}
			if m := is.Articles[1]; m.Held.ISO() != "2021-06-03" || m.Place != "区行政中心九楼综合会议室" {
				t.Errorf("meeting %s %q", m.Held.ISO(), m.Place)
			}
		},
	}, {
		// A supplement (增刊) with full-width digits, a theme subtitle, a
		// rule, and a footer with 共印 N 份 and the editorial chain.
		file: "supplement-copies.txt", slug: "2021-zk01",
		articles: []art{
			{"01-tongguan.md", "铜官区接受义务教育优质均衡发展市级复核", "tongguan", "update"},
			{"02-yian.md", "义安区完成县级自评", "yian", "update"},
			{"03-office.md", "市教督委办召开优质均衡评估反馈会", "office", "meeting"},
		},
		check: func(t *testing.T, is *content.Issue, res *Result) {
			if !is.Supplement || is.Year != 2021 || is.Number != 1 || is.Total != 0 || is.Date.ISO() != "2021-11-20" ||
				is.Subtitle != "义务教育优质均衡发展督导评估专刊" || is.Classification != "内部资料" {
				t.Errorf("masthead %+v", is)
			}
			want := content.Footer{ReportTo: "省人民政府教育督导委员会办公室", SendLabel: "抄送", SendTo: "各县区人民政府、市直各有关单位",
				Copies: 60, Drafter: "陈晓", Reviewer: "周立", Publisher: "铜陵市教体局督导科"}
			if is.Footer != want {
				t.Errorf("footer\n got %+v\nwant %+v", is.Footer, want)
			}
			if m := is.Articles[2]; m.Chair != "孙立群" || m.Held.ISO() != "2021-11-18" {
				t.Errorf("meeting chair %q held %s", m.Chair, m.Held.ISO())
			}
		},
	}} {
		t.Run(tc.file, func(t *testing.T) {
			site := newSite(t)
			in := filepath.Join("testdata", tc.file)
			res := mustImport(t, Options{File: in, Site: site})
			if res.Slug != tc.slug {
				t.Errorf("folder %s, want %s", res.Slug, tc.slug)
			}
			if u := res.Unplaced(); len(u) != 0 {
				t.Errorf("unplaced lines: %+v", u)
			}
			if rep := res.Report(); !strings.Contains(rep, "没能归位的行：没有。") {
				t.Errorf("report:\n%s", rep)
			}
			public := buildSite(t, site)
			is := issueOf(t, loadSite(t, site), tc.slug)
			var got []art
			for _, a := range is.Articles {
				got = append(got, art{filepath.Base(a.Path), a.Title, a.Unit, a.Kind})
			}
			if !reflect.DeepEqual(got, tc.articles) {
				t.Errorf("articles\n got %v\nwant %v", got, tc.articles)
			}
			tc.check(t, is, res)
			checkNoWordLost(t, textLines(t, in), res, public)
		})
	}
}

// Text arrives in GBK, UTF-16 and with any line endings: the import is the
// same, file for file.
func TestEncodingsAndLineEndings(t *testing.T) {
	for _, name := range []string{"supplement-copies.txt", "jianbao-contents-note.txt"} {
		utf8Text := readString(t, filepath.Join("testdata", name))
		want := importedFiles(t, []byte(utf8Text))

		gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(utf8Text))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		crlf := strings.ReplaceAll(utf8Text, "\n", "\r\n")
		mixed := mixEndings(utf8Text)
		for enc, raw := range map[string][]byte{
			"GBK":              gbk,
			"UTF-16LE CRLF":    utf16Bytes(crlf, false),
			"UTF-16BE":         utf16Bytes(utf8Text, true),
			"UTF-8 BOM CRLF":   append([]byte("\ufeff"), crlf...),
			"mixed line ends":  []byte(mixed),
			"form feed breaks": []byte(strings.Replace(utf8Text, "\n\n", "\n\f\n", 3)),
		} {
			if got := importedFiles(t, raw); !reflect.DeepEqual(got, want) {
				for k := range want {
					if got[k] != want[k] {
						t.Errorf("%s as %s: %s differs:\n%s\nwant\n%s", name, enc, k, got[k], want[k])
					}
				}
				if len(got) != len(want) {
					t.Errorf("%s as %s: %d files, want %d", name, enc, len(got), len(want))
				}
			}
		}
	}
}

func importedFiles(t *testing.T, raw []byte) map[string]string {
	t.Helper()
	site := newSite(t)
	in := filepath.Join(t.TempDir(), "input.txt")
	if err := os.WriteFile(in, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	res := mustImport(t, Options{File: in, Site: site})
	out := map[string]string{}
	for _, f := range res.Files {
		rel, _ := filepath.Rel(site, f)
		out[rel] = readString(t, f)
	}
	return out
}

func utf16Bytes(s string, bigEndian bool) []byte {
	var b bytes.Buffer
	put := func(u uint16) {
		if bigEndian {
			b.WriteByte(byte(u >> 8))
			b.WriteByte(byte(u))
		} else {
			b.WriteByte(byte(u))
			b.WriteByte(byte(u >> 8))
		}
	}
	put(0xFEFF)
	for _, u := range utf16.Encode([]rune(s)) {
		put(u)
	}
	return b.Bytes()
}

// mixEndings ends the lines with \r\n, \n and \r in turn, as a file pieced
// together from several programs does.
func mixEndings(s string) string {
	lines := strings.Split(s, "\n")
	var b strings.Builder
	for i, l := range lines {
		b.WriteString(l)
		if i < len(lines)-1 {
			b.WriteString([]string{"\r\n", "\n", "\r"}[i%3])
		}
	}
	return b.String()
}

// A bulletin with a unit the site does not know, a masthead line, a contents
// entry and a footer line that fit nowhere: all are kept, all are listed with
// their line numbers, and the site still builds.
func TestUnknownUnitAndUnplacedLines(t *testing.T) {
	text := `铜陵市教育督导工作信息

(2022) 第 1 期

主编：王小明

铜陵市人民政府教育督导委员会办公室  2022 年 1 月 20 日

本期要目
● 铜官区开展寒假安全教育
● 教育局长谈“双减”

一、工作动态

（一）铜官区

铜官区开展寒假安全教育

1 月 15 日，铜官区教育局组织各校开展寒假安全教育，提醒学生注意防溺水、防火和交通安全。

（二）市实验学校

市实验学校召开期末教学质量分析会

1 月 18 日，市实验学校召开期末教学质量分析会，各年级逐科分析了期末考试情况。

抄送：各县区教育局
校对：李芳
`
	site := newSite(t)
	in := filepath.Join(t.TempDir(), "unknown.txt")
	os.WriteFile(in, []byte(text), 0o644)
	res := mustImport(t, Options{File: in, Site: site})
	rep := res.Report()
	for _, want := range []string{
		"不认识的单位 1 个",
		"第 21 行“市实验学校”",
		"没能归位的行 3 处",
		"第 5 行：“主编：王小明”——报头里有这一行",
		"第 11 行：“教育局长谈“双减””——本期要目里的这一条",
		"第 28 行：“校对：李芳”——版记里的“校对”",
	} {
		if !strings.Contains(rep, want) {
			t.Errorf("report lacks %q:\n%s", want, rep)
		}
	}
	second := readString(t, filepath.Join(res.Dir, "02-meeting.md"))
	if !strings.Contains(second, `unit = ""`) || !strings.Contains(second, `source = "市实验学校"`) {
		t.Errorf("unknown unit not kept as text:\n%s", second)
	}
	index := readString(t, filepath.Join(res.Dir, "index.md"))
	if !strings.Contains(index, `"主编：王小明", # 第 5 行`) {
		t.Errorf("unplaced line not kept in index.md:\n%s", index)
	}
	public := buildSite(t, site)
	checkNoWordLost(t, textLines(t, in), res, public)
}

// The no-word-lost check itself catches a lost word and a line the report
// calls layout when it is not.
func TestNoWordLostCheckCatchesLosses(t *testing.T) {
	site := newSite(t)
	in := filepath.Join("testdata", "supplement-copies.txt")
	res := mustImport(t, Options{File: in, Site: site})
	lines := textLines(t, in)
	if p := noWordLost(t, lines, res, buildSite(t, site)); len(p) != 0 {
		t.Fatalf("clean import: %v", p)
	}

	first := filepath.Join(res.Dir, "01-tongguan.md")
	text := readString(t, first)
	os.WriteFile(first, []byte(strings.Replace(text, "随机抽查了12所学校", "抽查了学校", 1)), 0o644)
	p := noWordLost(t, lines, res, buildSite(t, site))
	if len(p) == 0 || !strings.Contains(p[0], "随机抽查了12所学校") {
		t.Errorf("a lost word went unnoticed: %v", p)
	}
	os.WriteFile(first, []byte(text), 0o644)

	res.p.layout = append(res.p.layout, Line{No: 17, Text: lines[16].text, Why: "页码"})
	p = noWordLost(t, lines, res, buildSite(t, site))
	if len(p) == 0 || !strings.Contains(p[0], "dropped as") {
		t.Errorf("a body line reported as a page number went unnoticed: %v", p)
	}
}

// An article with its own 一、二、三、 headings inside a section numbered the
// same way: the article's headings stay in the article, the sections are
// the bulletin's.
func TestArticleHeadingsAreNotSections(t *testing.T) {
	text := `铜陵市教育督导工作信息

(2022) 第 2 期

铜陵市人民政府教育督导委员会办公室  2022 年 2 月 28 日

一、工作动态

市教督委办召开督学培训会

2 月 20 日，市教督委办在市教体局五楼会议室召开全市督学培训会，各县区责任督学参加培训。

二、专项督导

义安区扎实推进问题整改

今年以来，义安区从三个方面推进问题整改：

一、加强组织领导

区政府成立了整改工作领导小组，区长任组长。

二、逐项对账销号

对照问题清单逐项整改，整改一项、销号一项。

三、强化督导考核

把整改情况纳入对各乡镇的年度考核。

三、经验交流

郊区探索“督学进社区”

郊区责任督学每月到社区听取家长意见，及时反馈学校。
`
	site := newSite(t)
	in := filepath.Join(t.TempDir(), "headings.txt")
	os.WriteFile(in, []byte(text), 0o644)
	res := mustImport(t, Options{File: in, Site: site})
	if u := res.Unplaced(); len(u) != 0 {
		t.Errorf("unplaced: %v", u)
	}
	public := buildSite(t, site)
	is := issueOf(t, loadSite(t, site), "2022-02")
	if !reflect.DeepEqual(is.SectionOrder, []string{"工作动态", "专项督导", "经验交流"}) {
		t.Errorf("sections %v", is.SectionOrder)
	}
	if len(is.Articles) != 3 {
		t.Fatalf("%d articles", len(is.Articles))
	}
	second := readString(t, filepath.Join(res.Dir, "02-office.md"))
	for _, h := range []string{"## 一、加强组织领导", "## 二、逐项对账销号", "## 三、强化督导考核"} {
		if !strings.Contains(second, h+"\n") {
			t.Errorf("article lacks the heading %q:\n%s", h, second)
		}
	}
	checkNoWordLost(t, textLines(t, in), res, public)
}
