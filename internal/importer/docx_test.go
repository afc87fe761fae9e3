package importer

import (
	"archive/zip"
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// A Word document as Word writes one: the parts below, with style ids as
// Chinese Word gives them ("1", "2", "3", "a3"), the section headings
// numbered automatically (一、 二、 come from numbering.xml, not the text),
// runs split mid-word, bold and italic runs, a soft line break, a table, a
// picture, a poem typed with Shift+Enter, and the footer set in a table.

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"`

// wp is a paragraph: its style, alignment, numbering, and runs.
type wp struct {
	style, jc string
	num       bool // numbered by list 1 (一、 二、)
	runs      []wr
	image     string // relationship id of a picture
	alt       string
}

// wr is a run; "\n" in text is a <w:br/>.
type wr struct {
	text         string
	bold, italic bool
}

func (p wp) xml() string {
	var b strings.Builder
	b.WriteString("<w:p><w:pPr>")
	if p.style != "" {
		fmt.Fprintf(&b, `<w:pStyle w:val="%s"/>`, p.style)
	}
	if p.num {
		b.WriteString(`<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>`)
	}
	if p.jc != "" {
		fmt.Fprintf(&b, `<w:jc w:val="%s"/>`, p.jc)
	}
	b.WriteString(`<w:rPr><w:b/></w:rPr></w:pPr>`) // the paragraph mark's bold must not count
	for _, r := range p.runs {
		b.WriteString("<w:r>")
		if r.bold || r.italic {
			b.WriteString("<w:rPr>")
			if r.bold {
				b.WriteString("<w:b/><w:bCs/>")
			}
			if r.italic {
				b.WriteString("<w:i/>")
			}
			b.WriteString(`<w:rFonts w:hint="eastAsia"/></w:rPr>`)
		}
		for i, part := range strings.Split(r.text, "\n") {
			if i > 0 {
				b.WriteString("<w:br/>")
			}
			if strings.Contains(part, "\t") {
				before, after, _ := strings.Cut(part, "\t")
				fmt.Fprintf(&b, `<w:t xml:space="preserve">%s</w:t><w:tab/><w:t>%s</w:t>`, esc(before), esc(after))
			} else if part != "" {
				fmt.Fprintf(&b, `<w:t xml:space="preserve">%s</w:t>`, esc(part))
			}
		}
		b.WriteString("</w:r>")
	}
	if p.image != "" {
		fmt.Fprintf(&b, `<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="1905000" cy="1270000"/><wp:docPr id="1" name="图片 1" descr="%s"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="image1.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="%s"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`, esc(p.alt), p.image)
	}
	b.WriteString("</w:p>")
	return b.String()
}

func esc(s string) string {
	var b bytes.Buffer
	xmlEscape(&b, s)
	return b.String()
}

func xmlEscape(b *bytes.Buffer, s string) {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
	b.WriteString(r.Replace(s))
}

func tableXML(rows [][]string) string {
	var b strings.Builder
	b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="a5"/><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="2000"/></w:tblGrid>`)
	for _, row := range rows {
		b.WriteString("<w:tr>")
		for _, c := range row {
			fmt.Fprintf(&b, `<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:tc>`, esc(c))
		}
		b.WriteString("</w:tr>")
	}
	b.WriteString("</w:tbl>")
	return b.String()
}

const stylesXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="3"><w:name w:val="heading 3"/><w:basedOn w:val="a"/><w:pPr><w:jc w:val="center"/><w:outlineLvl w:val="2"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/><w:basedOn w:val="a"/><w:rPr><w:color w:val="FF0000"/></w:rPr></w:style>
<w:style w:type="table" w:styleId="a5"><w:name w:val="Table Grid"/></w:style>
</w:styles>`

const numberingXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>`

const contentTypesXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="png" ContentType="image/png"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>`

const rootRelsXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`

const docRelsXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/></Relationships>`

// block is a top-level element of the test document: a paragraph or a table.
type block struct {
	p     *wp
	table [][]string
}

func (b block) text() string {
	if b.p == nil {
		var cells []string
		for _, r := range b.table {
			cells = append(cells, r...)
		}
		return strings.Join(cells, " ")
	}
	var s strings.Builder
	for _, r := range b.p.runs {
		s.WriteString(strings.NewReplacer("\n", " ", "\t", " ").Replace(r.text))
	}
	return s.String()
}

func wpar(style string, runs ...wr) block { return block{p: &wp{style: style, runs: runs}} }
func plain(s string) wr                   { return wr{text: s} }

// testDocument is the bulletin the Word test writes.
func testDocument() []block {
	centred := func(s string) block { return block{p: &wp{jc: "center", runs: []wr{plain(s)}}} }
	section := func(s string) block { return block{p: &wp{style: "1", num: true, runs: []wr{plain(s)}}} }
	return []block{
		wpar("a3", plain("铜陵市教育督导"), plain("工作信息")),
		centred("（2022）第 3 期"),
		centred("总第 30 期"),
		wpar("", plain("铜陵市人民政府教育督导委员会办公室\t2022年4月8日")),
		section("工作动态"),
		wpar("2", plain("（一）铜官区")),
		wpar("3", plain("铜官区开展课后服务专项督导")),
		wpar("", wr{text: "一是查课表。", bold: true}, plain("督导组对照学校公布的课后服务课表，逐班核对"), wr{text: "开课时间", italic: true}, plain("和指导教师。")),
		wpar("", wr{text: "二是", bold: true}, wr{text: "听反馈。", bold: true}, plain("督导组随机访谈了 120 名家长，满意率为 96.5%。")),
		{table: [][]string{{"学校", "课后服务参与率", "备注"}, {"铜都小学", "98%", "开设 12 个社团"}, {"人民小学", "91%", "托管至 18:00"}}},
		{p: &wp{image: "rId7", alt: "督导现场"}},
		wpar("", plain("督导结束后，区教育局向各校反馈了督导意见。")),
		wpar("2", plain("（二）义安区")),
		wpar("3", plain("义安区召开责任督学工作会议")),
		wpar("", plain("4月2日上午，义安区责任督学工作会议在区教体局二楼会议室召开。\n副区长吴玲娟出席会议并讲话，全区32名责任督学参加会议。")),
		section("督学风采"),
		wpar("3", plain("七绝·春日督学")),
		wpar("", plain("晨光微露到校园，\n细看课表问冷暖。\n一本台账记真情，\n桃李春风满杏坛。")),
		wpar("", plain("作者简介：张丽华，女，1975年3月生，中共党员，小学高级教师，现任铜陵市第三小学副校长，2018年起担任市级兼职督学。")),
		{table: [][]string{{"抄报：省教育厅督导室"}, {"抄送：各县区教育局"}}},
		centred("（共印 40 份）"),
	}
}

// writeDocx writes blocks as a .docx, with png as word/media/image1.png.
func writeDocx(t *testing.T, path string, blocks []block, png []byte) {
	t.Helper()
	writeDocxParts(t, path, blocks, png, nil)
}

// writeDocxParts is writeDocx with more parts (name → XML).
func writeDocxParts(t *testing.T, path string, blocks []block, png []byte, extra map[string]string) {
	t.Helper()
	var body strings.Builder
	for _, b := range blocks {
		if b.p != nil {
			body.WriteString(b.p.xml())
		} else {
			body.WriteString(tableXML(b.table))
		}
	}
	doc := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n<w:document " + wNS + "><w:body>" + body.String() +
		`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range []struct {
		name string
		data []byte
	}{
		{"[Content_Types].xml", []byte(contentTypesXML)},
		{"_rels/.rels", []byte(rootRelsXML)},
		{"word/document.xml", []byte(doc)},
		{"word/styles.xml", []byte(stylesXML)},
		{"word/numbering.xml", []byte(numberingXML)},
		{"word/_rels/document.xml.rels", []byte(docRelsXML)},
		{"word/media/image1.png", png},
	} {
		if f.name == "word/media/image1.png" {
			for name, x := range extra {
				w, err := zw.Create(name)
				if err != nil {
					t.Fatal(err)
				}
				w.Write([]byte(x))
			}
		}
		w, err := zw.Create(f.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(f.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func testPNG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	for x := 0; x < 4; x++ {
		img.Set(x, 1, color.RGBA{200, 0, 0, 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestWordDocument(t *testing.T) {
	site := newSite(t)
	in := filepath.Join(t.TempDir(), "第3期.docx")
	pic := testPNG(t)
	blocks := testDocument()
	writeDocx(t, in, blocks, pic)
	res := mustImport(t, Options{File: in, Site: site})
	if res.Slug != "2022-03" {
		t.Fatalf("folder %s", res.Slug)
	}
	if u := res.Unplaced(); len(u) != 0 {
		t.Errorf("unplaced: %+v", u)
	}
	public := buildSite(t, site)
	is := issueOf(t, loadSite(t, site), "2022-03")

	// The masthead: the Title style, centred lines, issuer and date split by a tab.
	if is.Series != "铜陵市教育督导工作信息" || is.Year != 2022 || is.Number != 3 || is.Total != 30 ||
		is.Date.ISO() != "2022-04-08" || is.Issuer != "铜陵市人民政府教育督导委员会办公室" {
		t.Errorf("masthead %q %d %d %d %s %q", is.Series, is.Year, is.Number, is.Total, is.Date.ISO(), is.Issuer)
	}
	// Heading 1 with automatic numbers → sections; Heading 2 → units;
	// Heading 3 → titles.
	if !reflect.DeepEqual(is.SectionOrder, []string{"工作动态", "督学风采"}) {
		t.Errorf("sections %v", is.SectionOrder)
	}
	var got [][3]string
	for _, a := range is.Articles {
		got = append(got, [3]string{a.Title, a.Unit, a.Kind})
	}
	want := [][3]string{
		{"铜官区开展课后服务专项督导", "tongguan", "inspection"},
		{"义安区召开责任督学工作会议", "yian", "meeting"},
		{"七绝·春日督学", "office", "profile"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("articles\n got %v\nwant %v", got, want)
	}

	first := readString(t, filepath.Join(res.Dir, "01-tongguan.md"))
	for _, want := range []string{
		"**一是查课表。**督导组对照学校公布的课后服务课表，逐班核对*开课时间*和指导教师。",                            // bold and italic runs
		"**二是听反馈。**督导组随机访谈了 120 名家长",                                             // two bold runs merged
		"| 学校 | 课后服务参与率 | 备注 |\n| --- | --- | --- |\n| 铜都小学 | 98% | 开设 12 个社团 |", // the table
		"![督导现场](image1.png)", // the picture
	} {
		if !strings.Contains(first, want) {
			t.Errorf("01-tongguan.md lacks %q:\n%s", want, first)
		}
	}
	if b, err := os.ReadFile(filepath.Join(res.Dir, "image1.png")); err != nil || !bytes.Equal(b, pic) {
		t.Errorf("picture not copied: %v", err)
	}
	if _, err := os.Stat(filepath.Join(public, "bulletins", "2022-03", "image1.png")); err != nil {
		t.Errorf("picture not published: %v", err)
	}
	page := readString(t, filepath.Join(public, "bulletins", "2022-03", "01-tongguan", "index.html"))
	for _, want := range []string{"<strong>一是查课表。</strong>", "<em>开课时间</em>", "<table>", "<td>托管至 18:00</td>", `alt="督导现场"`} {
		if !strings.Contains(page, want) {
			t.Errorf("article page lacks %q", want)
		}
	}

	// A soft line break inside a paragraph of prose does not split it.
	m := is.Articles[1]
	if m.Held.ISO() != "2022-04-02" || m.Place != "区教体局二楼会议室" || !reflect.DeepEqual(m.Attendees, []string{"吴玲娟"}) {
		t.Errorf("meeting %s %q %v", m.Held.ISO(), m.Place, m.Attendees)
	}

	// The poem keeps its lines; the 作者简介 makes a profile.
	poem := readString(t, filepath.Join(res.Dir, "03-office.md"))
	if !strings.Contains(poem, "晨光微露到校园，\n细看课表问冷暖。\n一本台账记真情，\n桃李春风满杏坛。") || !strings.Contains(poem, "verse = true") {
		t.Errorf("poem:\n%s", poem)
	}
	in2 := is.Articles[2].Inspector
	if in2 == nil {
		t.Fatal("no inspector")
	}
	if in2.Name != "张丽华" || in2.Gender != "女" || in2.Born != "1975-03" || in2.Party != "中共党员" ||
		in2.Title != "小学高级教师" || in2.Role != "铜陵市第三小学副校长" || in2.School != "铜陵市第三小学" ||
		in2.Since != 2018 || in2.Kind != "兼职督学" {
		t.Errorf("inspector %+v", in2)
	}

	// The footer set in a table, and the copies under it.
	if f := is.Footer; f.ReportTo != "省教育厅督导室" || f.SendTo != "各县区教育局" || f.Copies != 40 {
		t.Errorf("footer %+v", f)
	}

	var lines []inputLine
	for i, b := range blocks {
		lines = append(lines, inputLine{i + 1, b.text()})
	}
	checkNoWordLost(t, lines, res, public)
	if rep := res.Report(); !strings.Contains(rep, "Word 文档，共 21 段") || !strings.Contains(rep, "没能归位的段：没有。") {
		t.Errorf("report:\n%s", rep)
	}
}

// Pictures a browser cannot show (EMF, WMF) are not copied; the report says so.
func TestWordPictureFormats(t *testing.T) {
	site := newSite(t)
	in := filepath.Join(t.TempDir(), "emf.docx")
	blocks := testDocument()
	writeDocx(t, in, blocks, testPNG(t))
	// Rewrite the relationship to point at an EMF.
	zr, _ := zip.OpenReader(in)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, _ := f.Open()
		var data bytes.Buffer
		data.ReadFrom(rc)
		rc.Close()
		name := f.Name
		b := data.Bytes()
		if name == "word/_rels/document.xml.rels" {
			b = bytes.ReplaceAll(b, []byte("media/image1.png"), []byte("media/image1.emf"))
		}
		if name == "word/media/image1.png" {
			name = "word/media/image1.emf"
		}
		w, _ := zw.Create(name)
		w.Write(b)
	}
	zr.Close()
	zw.Close()
	os.WriteFile(in, buf.Bytes(), 0o644)
	res := mustImport(t, Options{File: in, Site: site})
	if !strings.Contains(res.Report(), "第 11 段的图片是 emf 格式，网页显示不了，没有导入") {
		t.Errorf("report:\n%s", res.Report())
	}
	if _, err := os.Stat(filepath.Join(res.Dir, "image1.emf")); err == nil {
		t.Error("EMF copied into the site")
	}
	public := buildSite(t, site)
	var lines []inputLine
	for i, b := range blocks {
		lines = append(lines, inputLine{i + 1, b.text()})
	}
	checkNoWordLost(t, lines, res, public)
}

// Word mastheads are often laid out in a table: issue number and total on
// one row, issuer and date on the next. The cells are read as masthead lines.
func TestWordMastheadInTable(t *testing.T) {
	site := newSite(t)
	in := filepath.Join(t.TempDir(), "通讯.docx")
	blocks := []block{
		wpar("a3", plain("督导通讯")),
		{table: [][]string{{"（2023）第 1 期", "总第 5 期"}, {"铜陵市人民政府教育督导委员会办公室", "2023年1月10日"}}},
		wpar("1", plain("一、工作动态")),
		wpar("3", plain("枞阳县开展寒假前安全专项督导")),
		wpar("", plain("1月6日至8日，枞阳县教育督导室组织责任督学对全县中小学校开展寒假前安全专项督导。")),
		wpar("", plain("抄送：各县区教育局")),
	}
	writeDocx(t, in, blocks, testPNG(t))
	res := mustImport(t, Options{File: in, Site: site})
	if u := res.Unplaced(); len(u) != 0 {
		t.Errorf("unplaced: %v", u)
	}
	public := buildSite(t, site)
	is := issueOf(t, loadSite(t, site), "2023-01")
	if is.Series != "督导通讯" || is.Number != 1 || is.Total != 5 || is.Date.ISO() != "2023-01-10" || is.Issuer != "铜陵市人民政府教育督导委员会办公室" {
		t.Errorf("masthead %q %d %d %s %q", is.Series, is.Number, is.Total, is.Date.ISO(), is.Issuer)
	}
	if len(is.Articles) != 1 || is.Articles[0].Unit != "office" || is.Footer.SendTo != "各县区教育局" {
		t.Errorf("articles %d, footer %+v", len(is.Articles), is.Footer)
	}
	var lines []inputLine
	for i, b := range blocks {
		lines = append(lines, inputLine{i + 1, b.text()})
	}
	checkNoWordLost(t, lines, res, public)
}

// Footnotes live in a part of their own; the site has no place for them, so
// they are kept as unplaced text and listed.
func TestWordFootnotes(t *testing.T) {
	site := newSite(t)
	in := filepath.Join(t.TempDir(), "脚注.docx")
	blocks := testDocument()
	writeDocxParts(t, in, blocks, testPNG(t), map[string]string{"word/footnotes.xml": `<?xml version="1.0" encoding="UTF-8"?>
<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> 数据来源：2022 年春季学期</w:t></w:r><w:r><w:t>课后服务统计。</w:t></w:r></w:p></w:footnote>
</w:footnotes>`})
	res := mustImport(t, Options{File: in, Site: site})
	u := res.Unplaced()
	if len(u) != 1 || u[0].Text != "数据来源：2022 年春季学期课后服务统计。" {
		t.Fatalf("unplaced %+v", u)
	}
	if !strings.Contains(res.Report(), "第 1 条脚注：“数据来源：2022 年春季学期课后服务统计。”") {
		t.Errorf("report:\n%s", res.Report())
	}
	if !strings.Contains(readString(t, filepath.Join(res.Dir, "index.md")), `"数据来源：2022 年春季学期课后服务统计。", # 第 1 条脚注`) {
		t.Error("footnote not kept in index.md")
	}
	buildSite(t, site)
}
