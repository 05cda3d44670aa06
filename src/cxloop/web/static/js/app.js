/* cxloop pages: the period selector and the two dashboard charts (vendored ECharts, local JSON). */
(function () {
  "use strict";

  window.cxTogglePeriod = function (select) {
    var range = select.closest("form").querySelector(".custom-range");
    if (range) range.classList.toggle("hidden", select.value !== "custom");
  };

  function fetchJson(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" }).then(
      function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      }
    );
  }

  function showEmpty(el, chart) {
    if (chart) chart.clear();
    el.setAttribute("data-drawn", "empty");
    var note = document.createElement("p");
    note.className = "chart-empty";
    note.textContent = el.getAttribute("data-empty") || "";
    el.appendChild(note);
  }

  function trendOption(data) {
    var x = data.points.map(function (p) { return p.period; });
    var low = data.points.map(function (p) { return p.ci_low; });
    var width = data.points.map(function (p) {
      return p.ci_low === null || p.ci_high === null ? null : +(p.ci_high - p.ci_low).toFixed(4);
    });
    var values = data.points.map(function (p) { return p.value; });
    var ns = data.points.map(function (p) { return p.n; });
    return {
      animation: false,
      grid: { left: 48, right: 16, top: 32, bottom: 32 },
      tooltip: {
        trigger: "axis",
        formatter: function (items) {
          var i = items[0].dataIndex;
          var p = data.points[i];
          var v = p.value === null ? "—" : p.value + data.unit;
          var ci = p.ci_low === null ? "" : " [" + p.ci_low + " – " + p.ci_high + "]";
          return p.period + "<br>" + data.label + ": " + v + ci + "<br>" + data.n_label + " = " + ns[i];
        },
      },
      legend: { data: [data.label, data.band_label], top: 0 },
      xAxis: { type: "category", data: x, boundaryGap: false },
      yAxis: { type: "value", scale: true, axisLabel: { formatter: "{value}" + data.unit } },
      series: [
        { name: "ci-base", type: "line", data: low, stack: "ci", stackStrategy: "all", symbol: "none", lineStyle: { opacity: 0 }, silent: true, tooltip: { show: false } },
        { name: data.band_label, type: "line", data: width, stack: "ci", stackStrategy: "all", symbol: "none", lineStyle: { opacity: 0 }, itemStyle: { color: "rgba(47,111,235,0.35)" }, areaStyle: { color: "rgba(47,111,235,0.18)" }, silent: true },
        { name: data.label, type: "line", data: values, connectNulls: false, showSymbol: true, lineStyle: { width: 2, color: "#2f6feb" }, itemStyle: { color: "#2f6feb" } },
      ],
    };
  }

  function aspectOption(data) {
    return {
      animation: false,
      grid: { left: 48, right: 48, top: 32, bottom: 64 },
      tooltip: { trigger: "axis" },
      legend: { data: [data.bar_label, data.line_label], top: 0 },
      xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: 30 } },
      yAxis: [
        { type: "value", name: "", minInterval: 1 },
        { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      ],
      series: [
        { name: data.bar_label, type: "bar", data: data.negative, itemStyle: { color: "#d9534f" } },
        { name: data.line_label, type: "line", yAxisIndex: 1, data: data.cumulative, itemStyle: { color: "#444" }, markLine: { silent: true, symbol: "none", data: [{ yAxis: 80 }], lineStyle: { type: "dashed" } } },
      ],
    };
  }

  function draw(el, url) {
    if (!window.echarts) return;
    var chart = window.echarts.getInstanceByDom(el) || window.echarts.init(el, null, { renderer: "canvas" });
    var empty = el.querySelector(".chart-empty");
    if (empty) empty.remove();
    el.setAttribute("data-drawn", "loading");
    fetchJson(url)
      .then(function (data) {
        var kind = el.getAttribute("data-chart");
        var hasData = kind === "trend"
          ? data.points.some(function (p) { return p.value !== null; })
          : data.negative.length > 0;
        if (!hasData) return showEmpty(el, chart);
        chart.setOption(kind === "trend" ? trendOption(data) : aspectOption(data), true);
        el.setAttribute("data-drawn", "yes");
      })
      .catch(function () { showEmpty(el, chart); el.setAttribute("data-drawn", "error"); });
  }

  function trendUrl(el) {
    var url = new URL(el.getAttribute("data-src"), window.location.origin);
    var metric = document.getElementById("trend-metric");
    var interval = document.getElementById("trend-interval");
    if (metric) url.searchParams.set("metric", metric.value);
    if (interval) url.searchParams.set("interval", interval.value);
    return url.pathname + url.search;
  }

  function initCharts() {
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var kind = el.getAttribute("data-chart");
      draw(el, kind === "trend" ? trendUrl(el) : el.getAttribute("data-src"));
    });
    ["trend-metric", "trend-interval"].forEach(function (id) {
      var select = document.getElementById(id);
      if (!select) return;
      select.addEventListener("change", function () {
        var el = document.getElementById("trend-chart");
        draw(el, trendUrl(el));
        var form = document.querySelector("[data-testid=dashboard-filters]");
        if (form && form.elements[id.replace("trend-", "")]) form.elements[id.replace("trend-", "")].value = select.value;
      });
    });
    window.addEventListener("resize", function () {
      document.querySelectorAll("[data-chart]").forEach(function (el) {
        var chart = window.echarts && window.echarts.getInstanceByDom(el);
        if (chart) chart.resize();
      });
    });
  }

  // While a case waits for approval, the service refuses another material action above the
  // limit: the amount field says so before submit (a max for material kinds only).
  function capAmount(form) {
    var amount = form.elements.amount;
    if (!amount) return;
    var kinds = (form.getAttribute("data-material-kinds") || "").split(" ");
    var nature = form.elements.nature ? form.elements.nature.value : "";
    var kind = form.elements.kind ? form.elements.kind.value : "";
    var material = nature === "material" || (nature === "" && kinds.indexOf(kind) >= 0);
    if (material) amount.max = form.getAttribute("data-max-amount");
    else amount.removeAttribute("max");
  }
  ["input", "change"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var form = event.target.closest && event.target.closest("form[data-max-amount]");
      if (form) capAmount(form);
    });
  });

  document.addEventListener("DOMContentLoaded", initCharts);
})();
