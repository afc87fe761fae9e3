// dudao charts: draws every chart on the page with the site's own copy of
// Apache ECharts. Each chart's options come as JSON data next to its canvas;
// its numbers are also in the table beside it, so nothing is lost without
// script or in print.
(function () {
  "use strict";
  if (typeof echarts === "undefined") return;
  var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)");
  var charts = [];
  function draw() {
    charts.forEach(function (c) { c.dispose(); });
    charts = [];
    var nodes = document.querySelectorAll("[data-chart]");
    for (var i = 0; i < nodes.length; i++) {
      var el = nodes[i];
      var data = document.getElementById(el.getAttribute("data-chart"));
      if (!data) continue;
      var options = JSON.parse(data.textContent);
      var chart = echarts.init(el, dark && dark.matches ? "dark" : null, { renderer: "svg", locale: "ZH" });
      if (dark && dark.matches) options.backgroundColor = "transparent";
      chart.setOption(options);
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
  // Fonts and late layout can change the size the charts were drawn at.
  window.addEventListener("load", function () { charts.forEach(function (c) { c.resize(); }); });
  // Print shows each chart's numbers: open the data tables first.
  window.addEventListener("beforeprint", function () {
    var d = document.querySelectorAll("details.chart-data");
    for (var i = 0; i < d.length; i++) d[i].open = true;
  });
})();
