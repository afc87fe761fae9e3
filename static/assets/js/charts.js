// dudao charts: draws every chart on the page with the site's own copy of
// Apache ECharts. Each chart's options come as JSON data next to its canvas;
// its numbers are also in the table beside it, so nothing is lost without
// script or in print.
(function () {
  "use strict";
  if (typeof echarts === "undefined") return;
  var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)");
  var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)");
  var root = document.documentElement;
  var charts = []; // {chart, el, narrow}
  var drawnDark;
  // The dark theme follows the reader's system; 高对比 draws the charts on
  // white (site.css), so it wins, as it does for the rest of the page.
  function wantDark() {
    return !!(dark && dark.matches) && !root.classList.contains("high-contrast");
  }
  // A heatmap narrower than this cannot hold a number in each cell nor its
  // column names side by side.
  var NARROW = 560;
  function narrow(el) { return el.clientWidth < NARROW; }
  function list(v) { return v == null ? [] : [].concat(v); }
  // fit makes a heatmap readable on a phone: the colours (and the hatching)
  // without the numbers, which are in the table beside it, column names
  // upright, long row names shortened (the table has them in full).
  function fit(options, el) {
    var heat = list(options.series).some(function (s) { return s.type === "heatmap"; });
    if (!heat || !narrow(el)) return options;
    list(options.series).forEach(function (s) {
      if (s.type === "heatmap") s.label = Object.assign({}, s.label, { show: false });
    });
    list(options.xAxis).forEach(function (a) { a.axisLabel = Object.assign({}, a.axisLabel, { rotate: 90 }); });
    list(options.yAxis).forEach(function (a) {
      // Row names that all begin alike (the district's name) lose the
      // common part first.
      var names = list(a.data).map(function (d) { return typeof d === "object" ? String(d.value) : String(d); });
      var common = names.length > 1 ? names.reduce(function (p, n) {
        var i = 0;
        while (i < p.length && i < n.length && p[i] === n[i]) i++;
        return p.slice(0, i);
      }) : "";
      var cut = names.every(function (n) { return n.length > common.length + 1; }) ? common.length : 0;
      a.axisLabel = Object.assign({}, a.axisLabel, {
        width: 96, overflow: "truncate",
        formatter: function (v) { return String(v).slice(cut); },
      });
    });
    return options;
  }
  function drawOne(el) {
    var data = document.getElementById(el.getAttribute("data-chart"));
    if (!data) return null;
    var options = fit(JSON.parse(data.textContent), el);
    var chart = echarts.init(el, drawnDark ? "dark" : null, { renderer: "svg", locale: "ZH" });
    if (drawnDark) options.backgroundColor = "transparent";
    if (still && still.matches) options.animation = false;
    chart.setOption(options);
    el.setAttribute("data-theme", drawnDark ? "dark" : "light");
    return { chart: chart, el: el, narrow: narrow(el) };
  }
  function draw() {
    drawnDark = wantDark();
    charts.forEach(function (c) { c.chart.dispose(); });
    charts = [];
    var nodes = document.querySelectorAll("[data-chart]");
    for (var i = 0; i < nodes.length; i++) {
      var c = drawOne(nodes[i]);
      if (c) charts.push(c);
    }
  }
  // resize fits the charts to their boxes, and draws again a chart that
  // has become narrow, or wide again.
  function resize() {
    charts = charts.map(function (c) {
      if (narrow(c.el) === c.narrow) {
        c.chart.resize();
        return c;
      }
      c.chart.dispose();
      return drawOne(c.el) || c;
    });
  }
  draw();
  var timer;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(resize, 150);
  });
  if (dark && dark.addEventListener) dark.addEventListener("change", draw);
  // site.js tells when the reader switches 大字 or 高对比.
  document.addEventListener("dudao:modes", function () {
    if (wantDark() !== drawnDark) draw();
  });
  // Fonts and late layout can change the size the charts were drawn at.
  window.addEventListener("load", resize);
  // Print shows each chart's numbers: open the data tables first.
  window.addEventListener("beforeprint", function () {
    var d = document.querySelectorAll("details.chart-data");
    for (var i = 0; i < d.length; i++) d[i].open = true;
  });
})();
