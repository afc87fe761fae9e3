// Package config reads site.toml, the one file that says what a site is called,
// who publishes it and how it is built. Command-line flags (base URL, drafts)
// are applied on top by the caller.
package config

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dudao/dudao/internal/diag"
	"github.com/dudao/dudao/internal/textfile"
	"github.com/dudao/dudao/internal/tomlpos"
)

// FileName is the site's configuration file, at the site's root.
const FileName = "site.toml"

// Site is site.toml.
type Site struct {
	Title       string `toml:"title"`       // 网站名称, shown in the header and <title>
	Description string `toml:"description"` // one sentence for search engines and the home page
	BaseURL     string `toml:"base_url"`    // absolute address, used only in feeds and the sitemap
	Office      string `toml:"office"`      // 主办单位, shown in the footer
	Address     string `toml:"address"`
	Phone       string `toml:"phone"`
	ICP         string `toml:"icp"`          // ICP 备案号
	PoliceICP   string `toml:"police_icp"`   // 公安备案号
	SiteIDCode  string `toml:"site_id_code"` // 政府网站标识码 (SiteIDCode meta tag)
	SiteDomain  string `toml:"site_domain"`  // SiteDomain meta tag

	Markup struct {
		AllowHTML bool `toml:"allow_html"` // let Markdown carry raw HTML (sanitised)
	} `toml:"markup"`
	Pagination struct {
		PerPage int `toml:"per_page"`
	} `toml:"pagination"`
	Feed struct {
		Limit int `toml:"limit"` // entries per feed
	} `toml:"feed"`

	Indicators struct {
		Standard string    `toml:"standard"` // profile in data/standards/, default national
		AsOf     time.Time `toml:"as_of"`    // the day tasks are judged on; default the build day
	} `toml:"indicators"`

	Params map[string]any `toml:"params"` // free values for a site's own templates

	// Set by flags, not by the file.
	Drafts bool `toml:"-"`
}

// Load reads dir/site.toml. A site without one is an error: it is how dudao
// recognises a site folder.
func Load(dir string, list *diag.List) *Site {
	s := &Site{}
	path := filepath.Join(dir, FileName)
	raw, err := os.ReadFile(path)
	if err != nil {
		if os.IsNotExist(err) {
			list.Errorf(path, 0, 0, "找不到网站配置文件 site.toml：这个文件夹不是 dudao 网站（用 dudao new site 新建一个）")
		} else {
			list.Errorf(path, 0, 0, "读不了：%v", err)
		}
		return s
	}
	text, _, err := textfile.Decode(raw)
	if err != nil {
		e := err.(*textfile.Error)
		list.Errorf(path, e.Line, e.Col, "%s", e.Msg)
		return s
	}
	doc, ok := tomlpos.Decode(path, []byte(text), 0, s, list)
	if !ok {
		return s
	}
	if strings.TrimSpace(s.Title) == "" {
		p := doc.Pos("title")
		list.Errorf(path, p.Line, p.Col, "缺少网站名称 title")
	}
	if s.BaseURL != "" {
		if err := CheckBaseURL(s.BaseURL); err != nil {
			p := doc.Pos("base_url")
			list.Errorf(path, p.Line, p.Col, "%v", err)
		}
	}
	if s.Pagination.PerPage < 0 {
		p := doc.Pos("pagination.per_page")
		list.Errorf(path, p.Line, p.Col, "per_page 不能是负数")
	}
	s.applyDefaults()
	return s
}

func (s *Site) applyDefaults() {
	if s.Pagination.PerPage == 0 {
		s.Pagination.PerPage = 20
	}
	if s.Feed.Limit == 0 {
		s.Feed.Limit = 20
	}
	s.BaseURL = NormalizeBaseURL(s.BaseURL)
}

// CheckBaseURL accepts absolute http(s) addresses only.
func CheckBaseURL(u string) error {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return &urlError{u}
	}
	return nil
}

type urlError struct{ u string }

func (e *urlError) Error() string {
	return "base_url 应是完整网址，如 https://jyj.example.gov.cn/dudao/，而不是 " + e.u
}

// NormalizeBaseURL makes a base URL end with exactly one slash.
func NormalizeBaseURL(u string) string {
	if u == "" {
		return ""
	}
	return strings.TrimRight(u, "/") + "/"
}
