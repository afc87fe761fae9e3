package importer

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/dudao/dudao/internal/diag"
	"github.com/dudao/dudao/internal/textfile"
	"github.com/dudao/dudao/internal/tomlpos"
)

// district is an entry of data/districts.toml.
type district struct {
	ID    string `toml:"id"`
	Name  string `toml:"name"`
	Short string `toml:"short"`
	Kind  string `toml:"kind"`
	Order int    `toml:"order"`
}

func (d *district) label() string {
	if d.Short != "" {
		return d.Short
	}
	return d.Name
}

// districtsFile is where a site lists its districts.
const districtsFile = "data/districts.toml"

// loadDistricts reads the site's districts. A site without the file has none:
// every unit is then reported as unknown.
func loadDistricts(site string) ([]*district, error) {
	raw, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(districtsFile)))
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, &ContentError{Msg: "读不了 " + districtsFile + "：" + err.Error()}
	}
	text, _, err := textfile.Decode(raw)
	if err != nil {
		return nil, &ContentError{Msg: districtsFile + "：" + err.Error()}
	}
	var f struct {
		District []*district `toml:"district"`
	}
	list := &diag.List{}
	if _, ok := tomlpos.Decode(districtsFile, []byte(text), 0, &f, list); !ok || list.Err() != nil {
		return nil, &ContentError{Msg: list.Err().Error() + "\n请先改好 " + districtsFile + "（dudao check 会列出问题）"}
	}
	return f.District, nil
}

// orgSuffixRe is what may follow a district's name in a unit heading that
// names the district's bureau or office rather than the district.
var orgSuffixRe = regexp.MustCompile(`^(?:人民政府教育督导委员会办公室|人民政府教育督导室|教育督导委员会办公室|教育督导委员会|教育督导办公室|教育督导室|督导室|督导办|教育和体育局|教育体育局|教育局督导室|教体局|教育局|人民政府|政府|教育工委)$`)

// matchDistrict finds the district a unit heading names: by its name, by its
// short name, or by its name followed by a bureau or office (铜官区教体局).
func matchDistrict(ds []*district, text string) (*district, string) {
	f := strings.TrimRight(fold(text), ":：")
	if f == "" {
		return nil, ""
	}
	for _, d := range ds {
		if f == fold(d.Name) {
			return d, "名称"
		}
	}
	for _, d := range ds {
		if d.Short != "" && f == fold(d.Short) {
			return d, "简称"
		}
	}
	var best *district
	for _, d := range ds {
		for _, n := range []string{d.Name, d.Short} {
			n = fold(n)
			if n != "" && strings.HasPrefix(f, n) && orgSuffixRe.MatchString(f[len(n):]) {
				if best == nil || len(n) > len(fold(best.Name)) {
					best = d
				}
			}
		}
	}
	if best != nil {
		return best, "名称开头"
	}
	return nil, ""
}

// orgRe matches what a unit's name ends with.
var orgRe = regexp.MustCompile(`(?:区|县|市|州|旗|镇|乡|街道|办|局|委|委员会|室|中心|学校|中学|小学|幼儿园|学院|大学|督导组|工作组|责任区|集团|处|科|所)$`)

// orgLike reports whether a heading reads as the name of a unit rather than a
// title: short, without sentence punctuation, ending like an organisation.
func orgLike(text string) bool {
	f := fold(text)
	return runes(f) <= 16 && !strings.ContainsAny(f, ",;。:!?、") && orgRe.MatchString(f)
}
