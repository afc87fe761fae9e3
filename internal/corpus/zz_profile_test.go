package corpus

import (
	"os"
	"testing"

	"github.com/dudao/dudao"
	"github.com/dudao/dudao/internal/build"
)

func TestZZProfile(t *testing.T) {
	site := os.Getenv("PROFILE_SITE")
	if site == "" {
		t.Skip()
	}
	res, err := build.Build(build.Options{SiteDir: site, Dest: os.Getenv("PROFILE_OUT"), Theme: dudao.Theme})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("pages %d written %d unchanged %d", res.Pages, res.Stats.Written, res.Stats.Unchanged)
}
