package dudao

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
	"testing"
)

// The vendored ECharts is exactly the file third_party/echarts/refresh.sh
// recorded, and the version it claims.
func TestVendoredECharts(t *testing.T) {
	sums, err := os.ReadFile("third_party/echarts/SHA256SUMS")
	if err != nil {
		t.Fatal(err)
	}
	want, _, _ := strings.Cut(string(sums), " ")
	sum := sha256.Sum256(ECharts)
	if got := hex.EncodeToString(sum[:]); got != want {
		t.Errorf("echarts.min.js sha256 = %s, SHA256SUMS says %s (run third_party/echarts/refresh.sh)", got, want)
	}
	version, err := os.ReadFile("third_party/echarts/VERSION")
	if err != nil {
		t.Fatal(err)
	}
	v := strings.TrimSpace(string(version))
	if !strings.Contains(string(ECharts), `version="`+v+`"`) {
		t.Errorf("echarts.min.js does not say it is version %s", v)
	}
	for _, f := range []string{"LICENSE", "NOTICE"} {
		if b, err := os.ReadFile("third_party/echarts/" + f); err != nil || len(b) == 0 {
			t.Errorf("third_party/echarts/%s missing", f)
		}
	}
}
