package importer

import (
	"html"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dudao/dudao/internal/content"
)

// plainBody is an article's published text without tags and spaces, for
// comparing two bodies that differ only in layout.
func plainBody(a *content.Article) string {
	return norm(html.UnescapeString(tagRe.ReplaceAllString(string(a.Body), "")))
}

// Seed 000, imported, builds, and is the same issue as the one the example
// site holds, made by hand from the same seed: masthead, sections, units,
// articles in order with the same titles, kinds and text, meetings, footer,
// and the poet's inspector profile.
func TestSeed000MatchesHandMadeIssue(t *testing.T) {
	seed := seedPath(t)
	site := newSite(t)
	res := mustImport(t, Options{File: seed, Site: site})
	if res.Slug != "2020-10" || filepath.Base(res.Dir) != "2020-10" {
		t.Fatalf("bulletin folder %s, want content/bulletins/2020-10", res.Dir)
	}
	public := buildSite(t, site)

	hand := issueOf(t, loadSite(t, "../.."), "2020-10")
	got := issueOf(t, loadSite(t, site), "2020-10")

	// Masthead and footer.
	type head struct {
		Series, Subtitle, Issuer, Classification, Serial, Date string
		Year, Number, Total                                    int
		Supplement                                             bool
		Sections                                               []string
		Footer                                                 content.Footer
	}
	headOf := func(is *content.Issue) head {
		return head{is.Series, is.Subtitle, is.Issuer, is.Classification, is.Serial, is.Date.ISO(),
			is.Year, is.Number, is.Total, is.Supplement, is.SectionOrder, is.Footer}
	}
	if h, g := headOf(hand), headOf(got); !reflect.DeepEqual(h, g) {
		t.Errorf("masthead and footer differ:\nhand-made %+v\nimported  %+v", h, g)
	}

	// Sections and their units, as the issue page shows them.
	shape := func(is *content.Issue) []string {
		var out []string
		for _, s := range is.Sections {
			for _, u := range s.Units {
				id := ""
				if u.District != nil {
					id = u.District.ID
				}
				for _, a := range u.Articles {
					out = append(out, s.Numeral+"、"+s.Name+" ("+u.Numeral+") "+id+": "+a.Title)
				}
			}
		}
		return out
	}
	if h, g := shape(hand), shape(got); !reflect.DeepEqual(h, g) {
		t.Errorf("issue structure differs:\nhand-made\n  %s\nimported\n  %s", strings.Join(h, "\n  "), strings.Join(g, "\n  "))
	}

	// Articles, in order.
	if len(hand.Articles) != len(got.Articles) {
		t.Fatalf("%d articles, the hand-made issue has %d", len(got.Articles), len(hand.Articles))
	}
	for i, h := range hand.Articles {
		g := got.Articles[i]
		if g.Title != h.Title {
			t.Errorf("article %d title:\n got %q\nwant %q", i+1, g.Title, h.Title)
		}
		if g.Section != h.Section || g.Unit != h.Unit || g.Kind != h.Kind || g.Order != h.Order ||
			g.Date.ISO() != h.Date.ISO() || g.Verse != h.Verse || g.Author != h.Author {
			t.Errorf("article %d %s: section/unit/kind/order/date/verse/author = %s/%s/%s/%d/%s/%v/%s, want %s/%s/%s/%d/%s/%v/%s",
				i+1, g.Title, g.Section, g.Unit, g.Kind, g.Order, g.Date.ISO(), g.Verse, g.Author,
				h.Section, h.Unit, h.Kind, h.Order, h.Date.ISO(), h.Verse, h.Author)
		}
		// The text is the same, word for word; the paragraphs may be cut
		// differently where the PDF broke a page after a full stop.
		if pg, ph := plainBody(g), plainBody(h); pg != ph {
			t.Errorf("article %d %s: text differs from the hand-made one\n got %s\nwant %s", i+1, g.Title, pg, ph)
		}
		if h.Kind == "meeting" {
			if g.Held.ISO() != h.Held.ISO() || g.Place != h.Place {
				t.Errorf("meeting %s: held %s at %q, want %s at %q", g.Title, g.Held.ISO(), g.Place, h.Held.ISO(), h.Place)
			}
		}
	}
	// The first meeting names its people in the opening paragraph.
	if g, h := got.Articles[1].Attendees, hand.Articles[1].Attendees; !reflect.DeepEqual(g, h) {
		t.Errorf("attendees %v, want %v", g, h)
	}

	// The poem's 作者简介 became an inspector profile like the hand-made one.
	poem := got.Articles[4]
	if poem.Inspector == nil {
		t.Fatal("the poem links no inspector")
	}
	if poem.InspectorID != "inspector-2020-10-1" {
		t.Errorf("inspector id %q", poem.InspectorID)
	}
	hi, gi := hand.Articles[4].Inspector, poem.Inspector
	for _, f := range [][3]string{
		{"name", gi.Name, hi.Name}, {"gender", gi.Gender, hi.Gender}, {"born", gi.Born, hi.Born},
		{"party", gi.Party, hi.Party}, {"title", gi.Title, hi.Title}, {"school", gi.School, hi.School},
		{"role", gi.Role, hi.Role}, {"kind", gi.Kind, hi.Kind}, {"unit", gi.Unit, hi.Unit},
	} {
		if f[1] != f[2] {
			t.Errorf("inspector %s = %q, want %q", f[0], f[1], f[2])
		}
	}
	if gi.Since != hi.Since {
		t.Errorf("inspector since %d, want %d", gi.Since, hi.Since)
	}

	// Files are named for their order and unit.
	var names []string
	for _, a := range got.Articles {
		names = append(names, filepath.Base(a.Path))
	}
	want := []string{"01-office.md", "02-tongguan.md", "03-tongguan.md", "04-yian.md", "05-office.md"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("files %v, want %v", names, want)
	}

	// The report.
	rep := res.Report()
	for _, want := range []string{
		"栏目 2 个：一、工作动态（4 篇）；二、督学风采（1 篇）",
		"文章 5 篇",
		"市教督委办 → office（按简称）",
		"铜官区 → tongguan（按名称）",
		"义安区 → yian（按名称）",
		"标题 27、29",
		"正文 21、23",
		"版记 118、119",
		"改正了第 99 行的文字",
		"没能归位的行：没有。",
		"时间 2020-12-08，地点 实验小学铜都校区，出席 王保中、杨友进、陈爱民",
		"作者 伍德宝：新建督学简介",
	} {
		if !strings.Contains(rep, want) {
			t.Errorf("report lacks %q:\n%s", want, rep)
		}
	}
	if len(res.Unplaced()) != 0 {
		t.Errorf("unplaced lines: %v", res.Unplaced())
	}
	checkNoWordLost(t, textLines(t, seed), res, public)
}

// The same seed, in the site that already has Wu Debao's profile: the poem
// links to it instead of making a second one.
func TestExistingInspectorIsLinked(t *testing.T) {
	seed := seedPath(t)
	site := newSite(t)
	copyFile(t, "../../content/inspectors/wu-debao.md", filepath.Join(site, "content", "inspectors", "wu-debao.md"))
	res := mustImport(t, Options{File: seed, Site: site})
	b := readString(t, filepath.Join(res.Dir, "05-office.md"))
	if !strings.Contains(b, `inspector = "wu-debao"`) {
		t.Errorf("the poem does not link wu-debao:\n%s", b)
	}
	if _, err := os.Stat(filepath.Join(site, "content", "inspectors", "inspector-2020-10-1.md")); err == nil {
		t.Error("a second profile of the same inspector was made")
	}
	if !strings.Contains(res.Report(), "作者 伍德宝：链接到已有的督学简介") || !strings.Contains(res.Report(), "wu-debao.md（没有改动）") {
		t.Errorf("report: %s", res.Report())
	}
	checkNoWordLost(t, textLines(t, seed), res, buildSite(t, site))

	// --inspector-id chooses the id of a new profile.
	site2 := newSite(t)
	mustImport(t, Options{File: seed, Site: site2, InspectorID: "wu-debao"})
	if b := readString(t, filepath.Join(site2, "content", "inspectors", "wu-debao.md")); !strings.Contains(b, `name = "伍德宝"`) {
		t.Errorf("profile: %s", b)
	}
}
