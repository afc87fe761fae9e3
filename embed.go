// Package dudao holds the default theme that every site starts from: the
// templates in layouts/ and the stylesheets and scripts in static/ are built
// into the dudao binary, so any site builds with no theme of its own and may
// override a single template or asset by putting a file of the same name in
// its own layouts/ or static/ folder.
//
// The repository's top level is also the example site, so these folders are
// both the defaults and the example site's own.
package dudao

import "embed"

// Theme is layouts/ and static/ as shipped.
//
//go:embed layouts static
var Theme embed.FS

// ECharts is the vendored Apache ECharts library (third_party/echarts), which
// the site serves itself to the pages that have charts.
//
//go:embed third_party/echarts/echarts.min.js
var ECharts []byte
