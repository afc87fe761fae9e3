package main

import (
	"fmt"
	"io"

	"github.com/dudao/dudao/internal/importer"
)

const importHelp = `dudao import：把一期 Word 文档（.docx）或从 PDF 复制出的文字（.txt）导入网站，
生成这一期的文件夹：index.md（报头和版记）和每篇文章一个文件。

  dudao import 文件.docx|文件.txt [--to content/bulletins/年份-期号] [-s 网站文件夹]
               [--force] [--inspector-id 编号]

报头、栏目、单位、文章、会议、督学风采和版记自动识别；被分页打断的句子会接上，
页码和页眉会去掉。认不出的行一字不丢：写在 index.md 里，并在报告中列出行号。
已有的文件不会被覆盖，除非加 --force。
`

func cmdImport(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("import", importHelp, stderr)
	site := fs.String("s", ".", "网站文件夹")
	to := fs.String("to", "", "这一期的文件夹（相对网站文件夹），默认按报头的年份和期号：content/bulletins/年份-期号")
	force := fs.Bool("force", false, "覆盖已有的文件")
	inspector := fs.String("inspector-id", "", "由作者简介生成的督学简介的编号，默认 inspector-年份-期号-1（已有同名督学时直接链接到他的简介）")
	pos, err := parse(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(pos) != 1 {
		if len(pos) > 1 {
			fmt.Fprintf(stderr, "dudao import：一次只能导入一个文件，收到了 %d 个\n\n", len(pos))
		}
		fmt.Fprint(stderr, importHelp)
		return exitUsage
	}
	res, err := importer.Import(importer.Options{
		File: pos[0], Site: *site, To: *to, Force: *force, InspectorID: *inspector,
	})
	if err != nil {
		fmt.Fprintf(stderr, "dudao import：%v\n", err)
		if importer.IsUsage(err) {
			return exitUsage
		}
		return exitContent
	}
	fmt.Fprint(stdout, res.Report())
	return exitOK
}
