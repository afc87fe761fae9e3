package importer

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestErrors(t *testing.T) {
	site := newSite(t)
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var noDocument bytes.Buffer
	zw := zip.NewWriter(&noDocument)
	w, _ := zw.Create("word/styles.xml")
	w.Write([]byte(stylesXML))
	zw.Close()
	var badXML bytes.Buffer
	zw = zip.NewWriter(&badXML)
	w, _ = zw.Create("word/document.xml")
	w.Write([]byte(`<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>断了`))
	zw.Close()

	for _, tc := range []struct {
		name  string
		opt   Options
		usage bool
		msg   string
	}{
		{"no file", Options{Site: site}, true, "请写出要导入的文件"},
		{"pdf", Options{File: write("简报.pdf", []byte("%PDF-1.4")), Site: site}, true, "另存为 .txt"},
		{"old word", Options{File: write("简报.doc", []byte{0xD0, 0xCF, 0x11, 0xE0}), Site: site}, true, "另存为”Word 文档（.docx）"},
		{"markdown", Options{File: write("a.md", []byte("# x")), Site: site}, true, "只能导入 Word 文档（.docx）或文本文件（.txt）"},
		{"no site", Options{File: write("a.txt", []byte("x")), Site: filepath.Join(dir, "nowhere")}, true, "网站文件夹"},
		{"bad inspector id", Options{File: write("b.txt", []byte("x")), Site: site, InspectorID: "伍德宝"}, true, "--inspector-id"},
		{"missing", Options{File: filepath.Join(dir, "nothing.txt"), Site: site}, false, "找不到文件"},
		{"garbage docx", Options{File: write("坏.docx", []byte("this is not a zip")), Site: site}, false, "不是能读的 Word 文档（.docx）：文件已损坏或不是 zip 格式"},
		{"encrypted docx", Options{File: write("密.docx", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0}), Site: site}, false, "旧版 .doc 格式或加了密码"},
		{"docx without text part", Options{File: write("空.docx", noDocument.Bytes()), Site: site}, false, "里面没有 word/document.xml"},
		{"docx with broken XML", Options{File: write("断.docx", badXML.Bytes()), Site: site}, false, "正文的 XML 有错"},
		{"empty text", Options{File: write("空.txt", []byte(" \n\n")), Site: site}, false, "文件是空的"},
		{"binary text", Options{File: write("bin.txt", []byte("\x00\x01\x02PK")), Site: site}, false, "二进制文件"},
		{"no issue number", Options{File: write("无期号.txt", []byte("一、工作动态\n\n铜官区开展督导\n\n铜官区组织责任督学进校督导。\n")), Site: site}, false, "--to content/bulletins/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Import(tc.opt)
			if err == nil {
				t.Fatal("no error")
			}
			if IsUsage(err) != tc.usage {
				t.Errorf("IsUsage = %v for %v", IsUsage(err), err)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("message %q lacks %q", err, tc.msg)
			}
		})
	}
}

// Nothing is overwritten without Force; with it, the issue is written again.
func TestNoOverwriteWithoutForce(t *testing.T) {
	site := newSite(t)
	in := filepath.Join("testdata", "supplement-copies.txt")
	res := mustImport(t, Options{File: in, Site: site})
	index := filepath.Join(res.Dir, "index.md")
	os.WriteFile(index, []byte("edited by hand"), 0o644)
	_, err := Import(Options{File: in, Site: site})
	var ce *ContentError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "已经存在，没有覆盖") || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("second import: %v", err)
	}
	if readString(t, index) != "edited by hand" {
		t.Error("index.md was overwritten without --force")
	}
	os.WriteFile(filepath.Join(res.Dir, "99-old.md"), []byte("+++\ntitle = \"x\"\nsection = \"会议\"\n+++\n"), 0o644)
	res2 := mustImport(t, Options{File: in, Site: site, Force: true})
	if readString(t, index) == "edited by hand" {
		t.Error("--force did not write index.md again")
	}
	if !strings.Contains(res2.Report(), "文件夹里原有的 99-old.md 没有改动") {
		t.Errorf("report does not mention the old file:\n%s", res2.Report())
	}
	// A bulletin with no issue number goes where --to says, and takes its
	// year and number from the folder name.
	text := "督导工作信息\n\n一、工作动态\n\n铜官区开展督导\n\n铜官区组织责任督学进校督导。\n"
	p := filepath.Join(t.TempDir(), "x.txt")
	os.WriteFile(p, []byte(text), 0o644)
	res3 := mustImport(t, Options{File: p, Site: site, To: "content/bulletins/2022-07"})
	b := readString(t, filepath.Join(site, "content", "bulletins", "2022-07", "index.md"))
	if !strings.Contains(b, "year = 2022\nnumber = 7\n") || !strings.Contains(b, "# date = ") {
		t.Errorf("index.md:\n%s", b)
	}
	if !strings.Contains(res3.Report(), "按文件夹名用第 7 期") || !strings.Contains(res3.Report(), "没有认出印发日期") {
		t.Errorf("report:\n%s", res3.Report())
	}
}

// The command line, run as an editor runs it: exit 0 with the report, 1 for
// a problem with the file or the folder, 2 for a command written wrongly.
func TestCommandLine(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the dudao command")
	}
	bin := filepath.Join(t.TempDir(), "dudao")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/dudao/dudao/cmd/dudao").CombinedOutput(); err != nil {
		t.Skipf("cannot build the command here: %v\n%s", err, out)
	}
	site := newSite(t)
	in, _ := filepath.Abs(filepath.Join("testdata", "jianbao-contents-note.txt"))
	bad := filepath.Join(t.TempDir(), "坏.docx")
	os.WriteFile(bad, []byte("not a zip"), 0o644)
	for _, tc := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"import"}, 2, "dudao import"},
		{[]string{"import", "简报.pdf", "-s", site}, 2, "另存为 .txt"},
		{[]string{"import", in, in, "-s", site}, 2, "一次只能导入一个文件"},
		{[]string{"import", "--no-such-flag", in}, 2, ""},
		{[]string{"import", bad, "-s", site}, 1, "不是能读的 Word 文档"},
		{[]string{"import", in, "-s", site}, 0, "没能归位的行：没有。"},
		{[]string{"import", in, "-s", site}, 1, "已经存在，没有覆盖"},
		{[]string{"import", "--force", in, "-s", site}, 0, "已导入 jianbao-contents-note.txt"},
		{[]string{"import", "--help"}, 0, "--inspector-id"},
		{[]string{"check", "-s", site}, 0, "没有发现错误"},
	} {
		cmd := exec.Command(bin, tc.args...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != tc.code || !strings.Contains(stdout.String()+stderr.String(), tc.out) {
			t.Errorf("dudao %s: exit %d, want %d with %q\n%s%s", strings.Join(tc.args, " "), code, tc.code, tc.out, stdout.String(), stderr.String())
		}
	}
}
