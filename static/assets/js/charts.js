// dudao charts: draws every chart on the page with the site's own copy of
// Apache ECharts. Each chart's options come as JSON data next to its canvas;
// its numbers are also in the table beside it, so nothing is lost without
// script or in print.
(function () {
  "use strict";
  if (typeof echarts === "undefined") return;
  var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)");
  var root = document.documentElement;
  var charts = [];
  var drawnDark;
  // The dark theme follows the reader's system; 高对比 draws the charts on
  // white (site.css), so it wins, as it does for the rest of the page.
  function wantDark() {
    return !!(dark && dark.matches) && !root.classList.contains("high-contrast");
  }
  function draw() {
    drawnDark = wantDark();
    charts.forEach(function (c) { c.dispose(); });
    charts = [];
    var nodes = document.querySelectorAll("[data-chart]");
    for (var i = 0; i < nodes.length; i++) {
      var el = nodes[i];
      var data = document.getElementById(el.getAttribute("data-chart"));
      if (!data) continue;
      var options = JSON.parse(data.textContent);
      var chart = echarts.init(el, drawnDark ? "dark" : null, { renderer: "svg", locale: "ZH" });
      if (drawnDark) options.backgroundColor = "transparent";
      chart.setOption(options);
      el.setAttribute("data-theme", drawnDark ? "dark" : "light");
      charts.push(chart);
    }
  }
  draw();
  var timer;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { charts.forEach(function (c) { c.resize(); }); }, 150);
  });
  if (dark && dark.addEventListener) dark.addEventListener("change", draw);
  // site.js tells when the reader switches 大字 or 高对比.
  document.addEventListener("dudao:modes", function () {
    if (wantDark() !== drawnDark) draw();
  });
  // Fonts and late layout can change the size the charts were drawn at.
  window.addEventListener("load", function () { charts.forEach(function (c) { c.resize(); }); });
  // Print shows each chart's numbers: open the data tables first.
  window.addEventListener("beforeprint", function () {
    var d = document.querySelectorAll("details.chart-data");
    for (var i = 0; i < d.length; i++) d[i].open = true;
  });
})();
