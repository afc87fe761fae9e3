package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// safeHTML replaces an inline raw HTML node after sanitizing: it holds HTML
// that is written out as it is.
type safeHTML struct {
	ast.BaseInline
	html []byte
	text string // plain text for Result.Text
}

var kindSafeHTML = ast.NewNodeKind("SafeHTML")

func (n *safeHTML) Kind() ast.NodeKind { return kindSafeHTML }

func (n *safeHTML) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"HTML": string(n.html)}, nil)
}

// safeHTMLBlock replaces a raw HTML block after sanitizing; it also carries
// the end tags that close elements left open at the end of a container.
type safeHTMLBlock struct {
	ast.BaseBlock
	html []byte
	text string
}

var kindSafeHTMLBlock = ast.NewNodeKind("SafeHTMLBlock")

func (n *safeHTMLBlock) Kind() ast.NodeKind { return kindSafeHTMLBlock }

func (n *safeHTMLBlock) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"HTML": string(n.html)}, nil)
}

// safeHTMLRenderer renders safeHTML and safeHTMLBlock.
type safeHTMLRenderer struct{}

func (safeHTMLRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindSafeHTML, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.Write(n.(*safeHTML).html)
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(kindSafeHTMLBlock, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			b := n.(*safeHTMLBlock).html
			_, _ = w.Write(b)
			if len(b) > 0 && b[len(b)-1] != '\n' {
				_ = w.WriteByte('\n')
			}
		}
		return ast.WalkSkipChildren, nil
	})
}
