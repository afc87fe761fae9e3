package content

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/dudao/dudao/internal/config"
	"github.com/dudao/dudao/internal/diag"
)

// load loads the site in dir, as a build does.
func load(t *testing.T, dir string) (*Site, *diag.List) {
	t.Helper()
	list := &diag.List{}
	cfg := config.Load(dir, list)
	s := Load(dir, cfg, list)
	return s, list
}

func TestExampleSiteStructure(t *testing.T) {
	s, list := load(t, "../..")
	if err := list.Err(); err != nil {
		t.Fatalf("the example site has errors:\n%v", err)
	}
	if len(s.Issues) != 1 {
		t.Fatalf("issues = %d, want 1", len(s.Issues))
	}
	is := s.Issues[0]
	if is.URL != "bulletins/2020-10/" || is.Year != 2020 || is.Number != 10 || is.Total != 14 {
		t.Errorf("issue = %s %d/%d total %d", is.URL, is.Year, is.Number, is.Total)
	}
	// The structure of seed 000: 一、工作动态 with (一)市教督委办 (二)铜官区 (三)义安区,
	// then 二、督学风采.
	var got []string
	for _, sec := range is.Sections {
		got = append(got, sec.Numeral+"、"+sec.Name)
		for _, u := range sec.Units {
			label := ""
			if u.Numeral != "" {
				label = "（" + u.Numeral + "）" + u.District.Label()
			}
			for _, a := range u.Articles {
				got = append(got, label+" "+a.Title)
			}
		}
	}
	want := []string{
		"一、工作动态",
		"（一）市教督委办 市政府教督委办积极赴铜官区开展国家义务教育优质均衡发展区争创督导工作",
		"（二）铜官区 铜官区创建国家义务教育优质均衡发展区迎检工作动员布置会举行",
		"（二）铜官区 铜官区教育局召开国家义务教育优质均衡发展区包保工作会议",
		"（三）义安区 义安区积极主动提前进入国家义务教育优质均衡发展区争创工作状态",
		"二、督学风采",
		" 七律·督导人的风采",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("issue structure:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(s.Documents) != 4 || len(s.Inspectors) != 1 || len(s.Articles) != 6 {
		t.Errorf("documents %d inspectors %d articles %d, want 4 1 6", len(s.Documents), len(s.Inspectors), len(s.Articles))
	}
	poem := is.Sections[1].Units[0].Articles[0]
	if poem.Inspector == nil || poem.Inspector.Name != "伍德宝" {
		t.Errorf("the poem is not linked to 伍德宝's profile")
	}
	// The poem keeps its line breaks.
	if !strings.Contains(string(poem.Body), "教育春天督导生，志援黉苑竞争荣。<br>") {
		t.Errorf("poem lost its line breaks:\n%s", poem.Body)
	}
	if d := s.District("yian"); d == nil || len(d.Articles) != 1 {
		t.Errorf("义安区 should have 1 article")
	}
}

// site writes files (path → content) into a new folder with a valid
// site.toml and districts, and returns it.
func site(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	base := map[string]string{
		"site.toml":                          "title = \"测试\"\n",
		"data/districts.toml":                "[[district]]\nid = \"office\"\nname = \"督导办\"\nkind = \"office\"\n\n[[district]]\nid = \"tongguan\"\nname = \"铜官区\"\n",
		"content/bulletins/2020-10/index.md": "+++\nseries = \"督导工作信息\"\nyear = 2020\nnumber = 10\ntotal = 14\ndate = 2020-12-31\nissuer = \"督导办\"\n+++\n",
	}
	for k, v := range files {
		base[k] = v
	}
	for name, text := range base {
		if text == "\x00delete" {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const okArticle = "+++\ntitle = \"标题\"\nsection = \"工作动态\"\nunit = \"office\"\n+++\n正文\n"

func gbk(s string) string {
	b, err := simplifiedchinese.GBK.NewEncoder().String(s)
	if err != nil {
		panic(err)
	}
	return b
}

func TestBadInput(t *testing.T) {
	issue := "content/bulletins/2020-10/index.md"
	art := "content/bulletins/2020-10/a.md"
	tests := []struct {
		name  string
		files map[string]string
		want  []string // each must appear, in order, as a whole error line prefix+message fragment
	}{
		{"malformed TOML", map[string]string{art: "+++\ntitle = \"标题\nsection = \"工作动态\"\n+++\n"},
			[]string{art + ":2:"}},
		{"missing title", map[string]string{art: "+++\nsection = \"工作动态\"\n+++\n正文\n"},
			[]string{art + ":1:1: 缺少必填字段 title（标题）"}},
		{"empty title", map[string]string{art: "+++\ntitle = \"  \"\nsection = \"工作动态\"\n+++\n"},
			[]string{art + ":2:1: 字段 title（标题）不能为空"}},
		{"bad date", map[string]string{art: "+++\ntitle = \"标题\"\nsection = \"工作动态\"\ndate = \"2020-13-45\"\n+++\n"},
			[]string{art + ":4:", "日期“2020-13-45”看不懂"}},
		{"Chinese date is fine", map[string]string{art: "+++\ntitle = \"标题\"\nsection = \"工作动态\"\ndate = \"2020年12月8日\"\n+++\n"},
			nil},
		{"unknown district", map[string]string{art: "+++\ntitle = \"标题\"\nsection = \"工作动态\"\nunit = \"yian\"\n+++\n"},
			[]string{art + ":4:1: 不认识的区县 id \"yian\"，可用的有：office（督导办）、tongguan（铜官区）"}},
		{"unknown field with suggestion", map[string]string{art: "+++\ntitle = \"标题\"\nsection = \"工作动态\"\nkeyword = [\"督导\"]\n+++\n"},
			[]string{art + ":4:1: 不认识的字段 keyword"}},
		{"wrong type", map[string]string{art: "+++\ntitle = \"标题\"\nsection = \"工作动态\"\norder = \"一\"\n+++\n"},
			[]string{art + ":4:1: 字段 order 的值类型不对"}},
		{"same number in a year", map[string]string{"content/bulletins/2020-10b/index.md": "+++\nseries = \"督导工作信息\"\nyear = 2020\nnumber = 10\ntotal = 15\ndate = 2020-12-31\nissuer = \"督导办\"\n+++\n"},
			[]string{"content/bulletins/2020-10b/index.md:4:1: 2020 年第10期重复了：" + issue}},
		{"same total", map[string]string{"content/bulletins/2020-11/index.md": "+++\nseries = \"督导工作信息\"\nyear = 2020\nnumber = 11\ntotal = 14\ndate = 2020-12-31\nissuer = \"督导办\"\n+++\n"},
			[]string{"content/bulletins/2020-11/index.md:5:1: 总第14期重复了"}},
		{"article outside its issue", map[string]string{"content/articles/x.md": "+++\ntitle = \"标题\"\ndate = 2020-12-31\nissue = \"2020-10\"\n+++\n"},
			[]string{"content/articles/x.md:4:1: 这篇文章写明属于 2020-10 期，但它不在那一期的文件夹里"}},
		{"issue folder without index.md", map[string]string{"content/bulletins/2021-01/a.md": okArticle},
			[]string{"content/bulletins/2021-01/a.md: 文件夹 content/bulletins/2021-01/ 里没有 index.md"}},
		{"not UTF-8 and not GBK", map[string]string{art: "+++\ntitle = \"\xff\xfe\xfd\"\n+++\n"},
			[]string{art + ":2:10: 不是 UTF-8 编码"}},
		{"GBK is decoded", map[string]string{art: gbk(okArticle)}, nil},
		{"empty file", map[string]string{art: ""}, []string{art + ": 文件是空的"}},
		{"binary file", map[string]string{art: "PK\x03\x04\x00\x00binary"}, []string{art + ": 这是二进制文件"}},
		{"unknown file type", map[string]string{"content/bulletins/2020-10/run.exe": "MZ"}, []string{"content/bulletins/2020-10/run.exe: content 里只能放"}},
		{"no front matter", map[string]string{art: "标题\n正文\n"}, []string{art + ":1:1: 文件应以一行 +++ 开头"}},
		{"unclosed front matter", map[string]string{art: "+++\ntitle = \"x\"\n"}, []string{art + ":1:1: 开头的 +++ 没有对应的结束行"}},
		{"YAML front matter", map[string]string{art: "---\ntitle: x\n---\n"}, []string{art + ":1:1: 不支持 YAML"}},
		{"slug climbing out", map[string]string{art: "+++\ntitle = \"标题\"\nsection = \"工作动态\"\nslug = \"../../etc\"\n+++\n"},
			[]string{art + ":4:1: slug “../../etc”不能含有 .."}},
		{"link to a missing file", map[string]string{art: "+++\ntitle = \"标题\"\nsection = \"工作动态\"\n+++\n第一段\n\n见[照片](photo.jpg)。\n"},
			[]string{art + ":7:7: 链接的文件不存在：photo.jpg"}},
		{"section not in the issue's list", map[string]string{
			issue: "+++\nseries = \"督导工作信息\"\nyear = 2020\nnumber = 10\ndate = 2020-12-31\nissuer = \"督导办\"\nsections = [\"会议\"]\n+++\n",
			art:   okArticle},
			[]string{art + ":3:1: 栏目 \"工作动态\" 不在本期 index.md 的 sections 里（会议）"}},
		{"missing issue fields", map[string]string{issue: "+++\nyear = 2020\nnumber = 0\n+++\n"},
			[]string{issue + ":1:1: 缺少必填字段 series", issue + ":1:1: 缺少必填字段 issuer", issue + ":3:1: 期号应是从 1 开始的整数", issue + ":1:1: 缺少必填字段 date"}},
		{"page taking a reserved name", map[string]string{"content/bulletins.md": "+++\ntitle = \"x\"\n+++\n"},
			[]string{"content/bulletins.md: 网址 /bulletins/ 是 dudao 自己的栏目"}},
		{"two pages with one URL", map[string]string{"content/documents/a.md": "+++\ntitle = \"甲\"\npublisher = \"督导办\"\ndate = 2020-01-01\n+++\n",
			"content/documents/b.md": "+++\ntitle = \"乙\"\npublisher = \"督导办\"\ndate = 2020-01-01\nslug = \"a\"\n+++\n"},
			[]string{"content/documents/b.md: 和 content/documents/a.md 的网址相同（/documents/a/）"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := site(t, tt.files)
			_, list := load(t, dir)
			err := list.Err()
			if tt.want == nil {
				if err != nil {
					t.Fatalf("unexpected errors:\n%v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			got := err.Error()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("errors do not contain %q:\n%s", w, got)
				}
			}
		})
	}
}

// Every problem of a run is reported, not just the first.
func TestAllErrorsAtOnce(t *testing.T) {
	dir := site(t, map[string]string{
		"content/bulletins/2020-10/a.md": "+++\nsection = \"工作动态\"\n+++\n",
		"content/bulletins/2020-10/b.md": "+++\ntitle = \"b\"\nsection = \"工作动态\"\nunit = \"nowhere\"\n+++\n",
		"content/documents/c.md":         "+++\ntitle = \"c\"\n+++\n",
		"content/inspectors/d.md":        "",
	})
	_, list := load(t, dir)
	errs, _ := list.Err().(diag.Errors)
	files := map[string]bool{}
	for _, p := range errs {
		files[p.Path] = true
	}
	if len(files) != 4 {
		t.Errorf("errors in %d files, want 4:\n%v", len(files), errs)
	}
}

func TestDrafts(t *testing.T) {
	dir := site(t, map[string]string{
		"content/bulletins/2020-10/a.md": okArticle,
		"content/bulletins/2020-10/b.md": "+++\ntitle = \"草稿\"\nsection = \"工作动态\"\ndraft = true\n+++\n",
	})
	s, list := load(t, dir)
	if list.Err() != nil || len(s.Articles) != 1 {
		t.Fatalf("articles = %d, errors %v; want the draft left out", len(s.Articles), list.Err())
	}
	list = &diag.List{}
	cfg := config.Load(dir, list)
	cfg.Drafts = true
	if s = Load(dir, cfg, list); len(s.Articles) != 2 {
		t.Errorf("with drafts: articles = %d, want 2", len(s.Articles))
	}
}

func TestDateForms(t *testing.T) {
	for _, in := range []string{"2020-12-31", "2020年12月31日", "2020 年 12 月 31 日", "2020/12/31", "2020-12-31T00:00:00Z"} {
		var d Date
		if err := d.UnmarshalText([]byte(in)); err != nil || d.ISO() != "2020-12-31" {
			t.Errorf("%q → %v %v", in, d.ISO(), err)
		}
	}
	var d Date
	if err := d.UnmarshalText([]byte("2025-01-17 14:47")); err != nil || !d.HasClock || d.PubDate() != "2025-01-17 14:47" {
		t.Errorf("date-time: %v %v", d.PubDate(), err)
	}
}

func TestRel(t *testing.T) {
	tests := []struct{ from, to, want string }{
		{"", "bulletins/", "bulletins/"},
		{"bulletins/", "", "../"},
		{"bulletins/2020-10/x/", "bulletins/2020-10/", "../"},
		{"bulletins/2020-10/", "bulletins/2020-10/photo.jpg", "photo.jpg"},
		{"bulletins/2020-10/x/", "keywords/优质均衡/", "../../../keywords/%E4%BC%98%E8%B4%A8%E5%9D%87%E8%A1%A1/"},
		{"a/", "a/", "./"},
		{"a/", "a/#x", "./#x"},
	}
	for _, tt := range tests {
		if got := Rel(tt.from, tt.to); got != tt.want {
			t.Errorf("Rel(%q, %q) = %q, want %q", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestNumeral(t *testing.T) {
	for n, want := range map[int]string{1: "一", 10: "十", 11: "十一", 20: "二十", 23: "二十三"} {
		if got := Numeral(n); got != want {
			t.Errorf("Numeral(%d) = %q, want %q", n, got, want)
		}
	}
}
