package markdown

import (
	"fmt"
	"testing"
)

func TestScratch(t *testing.T) {
	for _, allow := range []bool{false, true} {
		c := New(Options{AllowHTML: allow})
		for _, s := range []string{"中文\n中文", "English\n**bold**", "中文\n**加粗**", "中文\nEnglish", "a <span>\nb", "“引号”\n后文", "**加粗：**后文", "前文**“引号”**后文", "<javascript:alert(1)>", "[x](java&#x09;script:alert(1))", "a *b*\nc", "## 第3章：数据\n## 第3章：数据\n## ！！\n## Hello World", "text <script>alert(1)</script> more", "<img src=x onerror=alert(1)>", "<a href=\"javascript:x\">t</a> <a href=\"y.md\">u</a>", "<div class=\"note\">\n\n**注意**\n\n</div>", "<div><script>\nalert(1)\n\nmore</script></div>", "<https://a.b/?x=1&amp;y> <me@x.cn>", "中文_中文_中文 snake_case_name （_强调_）", "| 列 | 值 |\n|:--|--:|\n| 甲 | 1 |", "脚注[^1]。\n\n[^1]: 说明。"} {
			r, err := c.Convert([]byte(s), ConvertOptions{})
			if err != nil {
				t.Fatal(err)
			}
			fmt.Printf("%v %q\n  -> %q\n  text=%q h=%v d=%q\n", allow, s, r.HTML, r.Text, r.Headings, r.Dropped)
		}
	}
}
