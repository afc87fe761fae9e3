package content

import (
	"html/template"
	"strings"

	"github.com/dudao/dudao/internal/config"
	"github.com/dudao/dudao/internal/markdown"
	"github.com/dudao/dudao/internal/tomlpos"
)

// Site is everything a build publishes, linked together and in display order.
type Site struct {
	Config *config.Site
	Dir    string // the site's folder

	Districts  []*District // in their configured order
	Issues     []*Issue    // newest first
	Articles   []*Article  // every published article, newest first
	Inspectors []*Inspector
	Documents  []*Document // newest first
	Pages      []*Page
	Keywords   []*Keyword // in pinyin order
	Resources  []Resource // images and attachments beside the Markdown

	districtByID  map[string]*District
	keywordByName map[string]*Keyword
}

// Keyword returns the keyword called name, or nil.
func (s *Site) Keyword(name string) *Keyword { return s.keywordByName[name] }

// District returns the district with the given id, or nil.
func (s *Site) District(id string) *District { return s.districtByID[id] }

// Menu returns the plain pages that asked to be in the main menu.
func (s *Site) Menu() []*Page {
	var out []*Page
	for _, p := range s.Pages {
		if p.Menu > 0 {
			out = append(out, p)
		}
	}
	return out
}

// File is what every Markdown file has: where it came from and its body.
type File struct {
	Path     string // relative to the site, slash-separated: content/bulletins/2020-10/index.md
	URL      string // output URL relative to the site root, "" for the home page, else ending in "/"
	Body     template.HTML
	Excerpt  string // the start of the body's plain text, for descriptions
	Headings []markdown.Heading
	// Charts says the body has ```chart blocks, for the renderer to draw.
	Charts bool
	// Sum fingerprints the file's bytes and its converted body: it changes
	// whenever anything the file's page shows of it may have.
	Sum uint64

	source   uint64 // digest of the file's bytes
	doc      *tomlpos.Doc
	markdown string // the body source
	bodyLine int    // line of the file where the body starts
	stem     string // file name without .md (path under content/ for plain pages)
	failed   bool   // unreadable or with bad front matter: left out of the checks that follow
}

// Source returns the File itself; it lets code handle any page kind alike.
func (f *File) Source() *File { return f }

// District is an entry of data/districts.toml: a district or county, or the
// supervision office itself.
type District struct {
	ID    string `toml:"id"`
	Name  string `toml:"name"`
	Short string `toml:"short"` // the name bulletins use in sub-section heads, e.g. 市教督委办
	Kind  string `toml:"kind"`  // office, district, county
	Order int    `toml:"order"`

	URL      string     `toml:"-"`
	Articles []*Article `toml:"-"` // newest first
}

// Label is the short name, or the name.
func (d *District) Label() string {
	if d.Short != "" {
		return d.Short
	}
	return d.Name
}

// Issue is one bulletin issue: content/bulletins/SLUG/index.md and the
// articles beside it.
type Issue struct {
	File
	Series         string         `toml:"series"`   // 铜陵市教育督导工作信息
	Subtitle       string         `toml:"subtitle"` // 义务教育优质均衡创建 (printed in parentheses)
	Year           int            `toml:"year"`
	Number         int            `toml:"number"`     // 第N期, counted per year
	Total          int            `toml:"total"`      // 总第N期
	Supplement     bool           `toml:"supplement"` // 增刊, numbered apart
	Date           Date           `toml:"date"`
	Issuer         string         `toml:"issuer"`
	Classification string         `toml:"classification"` // 内部资料 / 密级
	Serial         string         `toml:"serial"`         // 编号
	SectionOrder   []string       `toml:"sections"`
	Draft          bool           `toml:"draft"`
	Footer         Footer         `toml:"footer"`
	Params         map[string]any `toml:"params"`

	Slug     string     `toml:"-"`
	Articles []*Article `toml:"-"` // in reading order
	Sections []*Section `toml:"-"`
	Prev     *Issue     `toml:"-"` // older
	Next     *Issue     `toml:"-"` // newer
}

// Footer is the 版记 at the end of an issue.
type Footer struct {
	ReportTo  string `toml:"report_to"`  // 抄报
	SendLabel string `toml:"send_label"` // 抄送 or 抄发
	SendTo    string `toml:"send_to"`
	Copies    int    `toml:"copies"`    // 共印 N 份
	Drafter   string `toml:"drafter"`   // 初稿
	Reviser   string `toml:"reviser"`   // 修改
	Reviewer  string `toml:"reviewer"`  // 审核
	Publisher string `toml:"publisher"` // 发布
	Editor    string `toml:"editor"`    // 责任编辑
}

// HasChain reports whether any of the editorial chain is given.
func (f Footer) HasChain() bool {
	return f.Drafter != "" || f.Reviser != "" || f.Reviewer != "" || f.Publisher != "" || f.Editor != ""
}

// Section is a numbered part of an issue (一、工作动态) with its units.
type Section struct {
	Name    string
	Numeral string // 一
	Units   []*UnitGroup
}

// UnitGroup is a sub-section (一) of a section: the articles one unit reported.
// District is nil for articles that name no unit; Numeral is then empty.
type UnitGroup struct {
	District *District
	Numeral  string // 一, printed as (一)
	Articles []*Article
}

// Article is one item of a bulletin issue, or a news item on its own
// (content/articles/).
type Article struct {
	File
	Title       string         `toml:"title"`
	Section     string         `toml:"section"`
	Unit        string         `toml:"unit"`
	Kind        string         `toml:"kind"`
	Date        Date           `toml:"date"`
	Order       int            `toml:"order"`
	Keywords    []string       `toml:"keywords"`
	SourceName  string         `toml:"source"`
	Author      string         `toml:"author"`
	Editor      string         `toml:"editor"`
	Slug        string         `toml:"slug"`
	Draft       bool           `toml:"draft"`
	Summary     string         `toml:"summary"`
	Held        Date           `toml:"held"` // the day a meeting was held
	Place       string         `toml:"place"`
	Chair       string         `toml:"chair"`
	Attendees   []string       `toml:"attendees"`
	InspectorID string         `toml:"inspector"`
	Verse       bool           `toml:"verse"` // keep every line break (poems)
	IssueRef    string         `toml:"issue"` // only allowed inside an issue folder
	Params      map[string]any `toml:"params"`

	Issue     *Issue     `toml:"-"`
	issueSlug string     // the issue folder the file sits in, if any
	District  *District  `toml:"-"`
	Inspector *Inspector `toml:"-"`
	Prev      *Article   `toml:"-"` // within the issue
	Next      *Article   `toml:"-"`
}

// KindLabel is the Chinese name of the article's kind.
func (a *Article) KindLabel() string { return Kinds[a.Kind] }

// Description is the summary, or the start of the text.
func (a *Article) Description() string { return or(a.Summary, a.Excerpt) }

// Kinds are the kinds of article, with their Chinese names.
var Kinds = map[string]string{
	"update":     "工作动态",
	"meeting":    "会议",
	"inspection": "专项督导",
	"experience": "经验交流",
	"profile":    "督学风采",
	"data":       "数据",
	"notice":     "通知公告",
}

// Inspector is a 督学's profile: content/inspectors/ID.md.
type Inspector struct {
	File
	Name   string         `toml:"name"`
	Gender string         `toml:"gender"`
	Born   string         `toml:"born"` // 1962-08
	Party  string         `toml:"party"`
	Title  string         `toml:"title"` // 职称
	School string         `toml:"school"`
	Role   string         `toml:"role"`
	Since  int            `toml:"since"` // year first appointed
	Kind   string         `toml:"kind"`  // 专职督学, 兼职督学 …
	Unit   string         `toml:"unit"`
	Photo  string         `toml:"photo"`
	Draft  bool           `toml:"draft"`
	Params map[string]any `toml:"params"`

	ID       string     `toml:"-"`
	District *District  `toml:"-"`
	Articles []*Article `toml:"-"` // profile articles that name this inspector
	PhotoURL string     `toml:"-"`
}

// Document is a plan, notice or policy text with its 政务公开 metadata.
type Document struct {
	File
	Title      string         `toml:"title"`
	IndexNo    string         `toml:"index_no"`   // 索引号
	Category   string         `toml:"category"`   // 分类
	Publisher  string         `toml:"publisher"`  // 发布机构
	Date       Date           `toml:"date"`       // 发文日期
	DocNo      string         `toml:"doc_no"`     // 文号
	Subjects   []string       `toml:"subjects"`   // 主题词
	Validity   string         `toml:"validity"`   // 有效性
	Disclosure string         `toml:"disclosure"` // 公开方式
	Period     string         `toml:"period"`     // 公开时限
	Scope      string         `toml:"scope"`      // 公开范围
	Unit       string         `toml:"unit"`
	Slug       string         `toml:"slug"`
	Draft      bool           `toml:"draft"`
	Summary    string         `toml:"summary"`
	Params     map[string]any `toml:"params"`

	District *District `toml:"-"`
}

// Description is the summary, or the start of the text.
func (d *Document) Description() string { return or(d.Summary, d.Excerpt) }

// Page is a plain page: content/about.md.
type Page struct {
	File
	Title   string         `toml:"title"`
	Date    Date           `toml:"date"`
	Menu    int            `toml:"menu"` // position in the main menu; 0 = not in it
	Slug    string         `toml:"slug"`
	Draft   bool           `toml:"draft"`
	Summary string         `toml:"summary"`
	Params  map[string]any `toml:"params"`
}

// Description is the summary, or the start of the text.
func (p *Page) Description() string { return or(p.Summary, p.Excerpt) }

// Keyword gathers the articles and documents that carry it.
type Keyword struct {
	Name      string
	URL       string
	Articles  []*Article
	Documents []*Document
}

// Resource is a file beside the Markdown (an image, a PDF) copied as it is.
type Resource struct {
	Src string // path on disk
	Out string // output path, slash-separated
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// excerptRunes is how many characters of the text an excerpt keeps.
const excerptRunes = 120

// excerpt is the first excerptRunes characters of text, on one line.
func excerpt(text string) string {
	const max = excerptRunes
	var b strings.Builder
	n := 0
	for _, c := range text {
		if n == max {
			b.WriteString("…")
			break
		}
		if c == '\n' {
			c = ' '
		}
		b.WriteRune(c)
		n++
	}
	return b.String()
}
