package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/dudao/dudao"
	"github.com/dudao/dudao/internal/build"
	"github.com/dudao/dudao/internal/config"
	"github.com/dudao/dudao/internal/serve"
)

const serveHelp = `dudao serve：在本机预览网站。保存文件后，打开的网页自动刷新；
内容有错时，网页上显示错误所在的文件、行和列，同时仍显示上一次成功生成的网站。
预览默认包括草稿（页面上标有“草稿”）。按 Ctrl+C 停止。
`

func cmdServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", serveHelp, stderr)
	site := fs.String("s", ".", "网站文件夹")
	bind := fs.String("bind", "127.0.0.1", "监听的地址（让局域网里的其他电脑也能看：0.0.0.0）")
	port := fs.Int("port", 1313, "端口（被占用时自动换下一个）")
	drafts := fs.Bool("drafts", true, "包括草稿（--drafts=false 则和正式网站一样不包括）")
	poll := fs.Bool("poll", false, "定时检查文件变化（网络盘、虚拟机共享文件夹里收不到变化通知时用）")
	pos, err := parse(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "dudao serve：多余的参数 %q（网站文件夹用 -s 指定）\n", strings.Join(pos, " "))
		return exitUsage
	}
	if _, err := os.Stat(filepath.Join(*site, config.FileName)); err != nil {
		fmt.Fprintf(stderr, "dudao serve：%s 里没有 site.toml，不是 dudao 网站文件夹（用 -s 指定网站文件夹，或用 dudao new site 新建一个）\n", *site)
		return exitContent
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err = serve.Run(ctx, serve.Options{
		Build: build.Options{SiteDir: *site, Drafts: *drafts, Theme: dudao.Theme},
		Bind:  *bind, Port: *port, Poll: *poll, Log: stdout,
	})
	if err != nil {
		fmt.Fprintf(stderr, "dudao serve：%v\n", err)
		return exitContent
	}
	fmt.Fprintln(stdout, "预览已停止。")
	return exitOK
}
