// Command dudao builds the public website of an education-supervision office
// from a folder of Markdown bulletins and data sheets.
//
// It only reads flags and calls the packages under internal/; see README.md.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dudao/dudao"
	"github.com/dudao/dudao/internal/build"
	"github.com/dudao/dudao/internal/diag"
	"github.com/dudao/dudao/internal/scaffold"
)

// version is set by the Makefile from git.
var version = "dev"

const (
	exitOK      = 0
	exitContent = 1 // the content or the disk had a problem
	exitUsage   = 2 // dudao was called wrongly
)

const usage = `dudao —— 教育督导简报网站生成器

用法：
  dudao build   [-s 网站文件夹] [-d 输出文件夹] [--base-url 网址] [--drafts]
                生成网站（默认把当前文件夹生成到 public/）
  dudao check   [-s 网站文件夹] [--drafts]
                检查全部内容，列出所有问题，不写任何文件
  dudao serve   [-s 网站文件夹] [--port 1313] [--bind 127.0.0.1] [--poll]
                在本机预览网站，保存后自动刷新，出错时在网页上显示错误
  dudao new site 文件夹                    新建一个网站
  dudao new bulletin 年份-期号             新建一期简报，如 dudao new bulletin 2021-01
  dudao new article [--issue 年份-期号] 文件名
                                           新建一篇文章（在某一期里，或单独发布）
  dudao new inspector 编号                 新建督学简介
  dudao import 文件.docx|文件.txt [--to 文件夹] [-s 网站文件夹] [--force]
                                           导入一期 Word 或文本简报
  dudao version                            显示版本

每个命令加 --help 查看详细说明。出错时返回 1（内容有问题）或 2（命令写错）。
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "build":
		return cmdBuild(args[1:], stdout, stderr, false)
	case "check":
		return cmdBuild(args[1:], stdout, stderr, true)
	case "serve":
		return cmdServe(args[1:], stdout, stderr)
	case "new":
		return cmdNew(args[1:], stdout, stderr)
	case "import":
		return cmdImport(args[1:], stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "dudao", version)
		return exitOK
	case "help", "--help", "-h", "-help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "dudao：没有 %q 这个命令\n\n%s", args[0], usage)
		return exitUsage
	}
}

// parse parses flags that may stand before, between or after the positional
// arguments, and returns the positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func newFlagSet(name, help string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, help)
		fmt.Fprintln(stderr, "\n选项：")
		fs.PrintDefaults()
	}
	return fs
}

func cmdBuild(args []string, stdout, stderr io.Writer, check bool) int {
	name, help := "build", "dudao build：生成网站。先检查全部内容，有任何错误都不改动已有的网站。\n"
	if check {
		name, help = "check", "dudao check：检查全部内容（文章、期号、日期、区县、链接、模板），列出所有问题，不写任何文件。\n"
	}
	fs := newFlagSet(name, help, stderr)
	site := fs.String("s", ".", "网站文件夹")
	dest := fs.String("d", "", "输出文件夹（默认 网站文件夹/public）")
	baseURL := fs.String("base-url", "", "网站的完整地址，用于订阅和网站地图，覆盖 site.toml 的 base_url")
	drafts := fs.Bool("drafts", false, "包括草稿（draft = true）")
	pos, err := parse(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "dudao %s：多余的参数 %q（网站文件夹用 -s 指定）\n", name, strings.Join(pos, " "))
		return exitUsage
	}
	if check && (*dest != "" || *baseURL != "") {
		fmt.Fprintf(stderr, "dudao check 不写文件，-d 和 --base-url 没有用\n")
	}
	start := time.Now()
	res, err := build.Build(build.Options{
		SiteDir: *site, Dest: *dest, BaseURL: *baseURL, Drafts: *drafts,
		Theme: dudao.Theme, DryRun: check,
	})
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, w.String())
	}
	if err != nil {
		return report(err, stderr, name)
	}
	took := time.Since(start).Seconds()
	if check {
		fmt.Fprintf(stdout, "检查完毕，没有发现错误：%d 个页面，%d 个文件（%.2f 秒）\n", res.Pages, res.Files, took)
		return exitOK
	}
	fmt.Fprintf(stdout, "已生成 %d 个页面，共 %d 个文件：写入 %d，未变 %d，删除 %d（%.2f 秒）\n",
		res.Pages, res.Files, res.Stats.Written, res.Stats.Unchanged, res.Stats.Removed, took)
	index := filepath.Join(res.Dest, "index.html")
	if abs, err := filepath.Abs(index); err == nil {
		index = abs
	}
	fmt.Fprintf(stdout, "用浏览器打开：file://%s\n", filepath.ToSlash(index))
	return exitOK
}

// report prints a failed build's errors and picks the exit status.
func report(err error, stderr io.Writer, name string) int {
	var problems diag.Errors
	switch {
	case errors.As(err, &problems):
		fmt.Fprintln(stderr, problems.Error())
		fmt.Fprintf(stderr, "发现 %d 个错误，网站没有改动。\n", len(problems))
		return exitContent
	case build.IsUsage(err):
		fmt.Fprintf(stderr, "dudao %s：%v\n", name, err)
		return exitUsage
	default:
		fmt.Fprintf(stderr, "dudao %s：%v\n网站没有改动。\n", name, err)
		return exitContent
	}
}

func flagExit(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	return exitUsage
}

const newHelp = `dudao new：新建文件，已有的文件不会被覆盖。

  dudao new site 文件夹
  dudao new bulletin 年份-期号            如 2021-01
  dudao new article [--issue 年份-期号] 文件名
  dudao new inspector 编号
`

func cmdNew(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("new", newHelp, stderr)
	site := fs.String("s", ".", "网站文件夹")
	issue := fs.String("issue", "", "文章所在的一期，如 2020-10（不写则单独发布在 content/articles/）")
	pos, err := parse(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(pos) != 2 {
		fmt.Fprint(stderr, newHelp)
		return exitUsage
	}
	now := time.Now()
	var made []string
	switch pos[0] {
	case "site":
		made, err = scaffold.Site(pos[1], now)
		if err == nil {
			fmt.Fprintf(stdout, "已新建网站 %s。接着运行：dudao build -s %s\n", pos[1], pos[1])
		}
	case "bulletin":
		var p string
		p, err = scaffold.Bulletin(*site, pos[1], now)
		made = []string{p}
	case "article":
		var p string
		p, err = scaffold.Article(*site, *issue, pos[1], now)
		made = []string{p}
	case "inspector":
		var p string
		p, err = scaffold.Inspector(*site, pos[1])
		made = []string{p}
	default:
		fmt.Fprintf(stderr, "dudao new：不能新建 %q\n\n%s", pos[0], newHelp)
		return exitUsage
	}
	if err != nil {
		fmt.Fprintf(stderr, "dudao new %s：%v\n", pos[0], err)
		if errors.Is(err, scaffold.ErrExists) {
			return exitContent
		}
		return exitUsage
	}
	if pos[0] != "site" {
		for _, p := range made {
			fmt.Fprintf(stdout, "已新建 %s，请打开它填写内容\n", p)
		}
	}
	return exitOK
}
