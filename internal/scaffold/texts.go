package scaffold

// The files `dudao new` writes. Comments are for the editor who fills them in.

const bulletinText = `+++
# 一期简报。本文件写报头和版记；同一文件夹里的每个 .md 文件是一篇文章。
series = "{{.Series}}"          # 期刊名称（报头红字）
subtitle = "{{.Subtitle}}"      # 副标题，报头下括号里的字，可不填
year = {{.Year}}
number = {{.Number}}            # 当年第几期
total = {{.Total}}              # 总第几期，不用可写 0
supplement = false              # 增刊写 true
date = {{.Date}}                # 印发日期
issuer = "{{.Issuer}}"          # 编印单位（报头左下）
classification = ""             # 左上角，如 内部资料
serial = ""                     # 右上角编号
sections = ["工作动态", "会议", "督学风采"]   # 本期栏目及顺序，文章的 section 要在其中
draft = true                    # 写完后改成 false 或删去这一行才会发布

[footer]                        # 版记
report_to = "{{.ReportTo}}"     # 抄报
send_label = "{{.SendLabel}}"   # 抄送 或 抄发
send_to = "{{.SendTo}}"
copies = 0                      # 共印多少份，不印可写 0
drafter = ""                    # 初稿
reviser = ""                    # 修改
reviewer = ""                   # 审核
publisher = ""                  # 发布
editor = ""                     # 责任编辑
+++
`

const articleText = `+++
title = ""                      # 标题
{{- if .InIssue}}
section = "{{.Section}}"        # 所在栏目，要写在本期 index.md 的 sections 里
order = {{.Order}}              # 在本期中的顺序
{{- else}}
section = "工作动态"
{{- end}}
unit = ""                       # 报送单位的 id，见 data/districts.toml，如 office
kind = "update"                 # update 工作动态 / meeting 会议 / inspection 专项督导 / experience 经验交流 / profile 督学风采 / data 数据 / notice 通知公告
date = {{.Date}}                # 发布日期
keywords = []                   # 关键词，如 ["优质均衡", "督导"]
source = ""                     # 来源
author = ""                     # 作者
# 会议文章可填：
# held = {{.Date}}              # 开会日期
# place = ""                    # 地点
# chair = ""                    # 主持人
# attendees = []                # 出席人
# verse = true                  # 诗歌：保留每一个换行
draft = true                    # 写完后改成 false 或删去这一行才会发布
+++
正文从这里开始。段落之间空一行。

## 小标题

1. 第一项
2. 第二项
`

const inspectorText = `+++
name = ""                       # 姓名
gender = ""                     # 性别
born = ""                       # 出生年月，如 1962-08
party = ""                      # 政治面貌
title = ""                      # 职称
school = ""                     # 单位
role = ""                       # 职务
since = 0                       # 哪一年开始担任督学
kind = "兼职督学"                # 专职督学 / 兼职督学 / 责任督学
unit = ""                       # 所属区县 id，见 data/districts.toml
photo = ""                      # 照片文件名（放在本文件旁边），可不填
+++
简介写在这里。
`

type siteFile struct{ path, text string }

var siteFiles = []siteFile{
	{"site.toml", `# 网站设置
title = "某某市教育督导"                    # 网站名称
description = "发布督导工作信息和各区县义务教育优质均衡发展进展。"
base_url = ""                             # 网站地址，如 https://jyj.example.gov.cn/dudao/（订阅和网站地图要用）
office = "某某市人民政府教育督导委员会办公室"   # 主办单位
address = ""
phone = ""
icp = ""                                  # ICP 备案号
site_id_code = ""                         # 政府网站标识码

[markup]
allow_html = false                        # 允许正文中写 HTML（会过滤不安全的部分）

[pagination]
per_page = 20
`},
	{"data/districts.toml", `# 区县与单位。id 用于网址和文章的 unit 字段。
[[district]]
id = "office"
name = "某某市人民政府教育督导委员会办公室"
short = "市教督委办"
kind = "office"      # office 督导办 / district 区 / county 县
order = 0

[[district]]
id = "district-a"
name = "某某区"
kind = "district"
order = 1
`},
	{"content/about.md", `+++
title = "关于本站"
menu = 1
+++
本站发布督导工作信息。
`},
	{"content/bulletins/{{.Year}}-01/index.md", `+++
series = "某某市教育督导工作信息"
year = {{.Year}}
number = 1
total = 1
date = {{.Date}}
issuer = "某某市人民政府教育督导委员会办公室"
sections = ["工作动态"]

[footer]
report_to = "省人民政府教育督导委员会"
send_to = "各区县人民政府教育督导委员会"
+++
`},
	{"content/bulletins/{{.Year}}-01/first-article.md", `+++
title = "第一篇文章"
section = "工作动态"
unit = "office"
kind = "update"
order = 1
keywords = ["督导"]
source = "某某市人民政府教育督导委员会办公室"
+++
这是第一期简报的第一篇文章。用 dudao new article 添加更多文章。
`},
	{"layouts/README.txt", `在这里放同名的模板文件，可以替换 dudao 内置的模板，例如 layouts/article.html。
内置模板的名字：base.html home.html archive.html issue.html article.html list.html
districts.html keywords.html inspectors.html inspector.html documents.html document.html
page.html 404.html，以及 partials/ 里的片段。
`},
	{"static/README.txt", `这里的文件原样复制到网站根目录，例如 static/logo.png 成为 /logo.png。
与内置文件同名的文件（如 static/assets/css/site.css）会替换内置的样式。
`},
}
