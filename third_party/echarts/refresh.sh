#!/usr/bin/env bash
# Refresh the vendored Apache ECharts from the npm registry:
#   third_party/echarts/refresh.sh 6.1.0
# It replaces echarts.min.js, LICENSE and NOTICE with the package's own and
# records the version and checksum that TestVendoredECharts checks.
set -euo pipefail
version=${1:?usage: refresh.sh VERSION (see: npm view echarts version)}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "echarts@$version" >/dev/null && tar xzf "echarts-$version.tgz")
cp "$tmp/package/dist/echarts.min.js" "$tmp/package/LICENSE" "$tmp/package/NOTICE" "$here/"
echo "$version" > "$here/VERSION"
(cd "$here" && sha256sum echarts.min.js > SHA256SUMS)
echo "echarts $version: $(cat "$here/SHA256SUMS")"
