// The dashboard's one script: charts drawn from the tables they sit on (the table stays as the fallback),
// and a wallet's live balance over server-sent events. No other origin is contacted.
(function () {
  "use strict";

  function css(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }

  function axes(stacked) {
    return {
      x: { stacked: stacked, ticks: { color: css("--muted") }, grid: { color: css("--line") } },
      y: { stacked: stacked, ticks: { color: css("--muted") }, grid: { color: css("--line") } }
    };
  }

  var palette = ["--series-1", "--series-2", "--series-3", "--series-4", "--series-5"];

  // Columns are series (th[data-series]), rows are bars (tr[data-label]), cells carry nano-dollars in data-value.
  function drawStacked(figure) {
    var canvas = figure.querySelector("canvas");
    var series = Array.prototype.map.call(figure.querySelectorAll("th[data-series]"), function (th) { return th.dataset.series; });
    var rows = Array.prototype.slice.call(figure.querySelectorAll("tr[data-label]"));
    if (!canvas || rows.length === 0) {
      if (canvas) canvas.parentElement.hidden = true;
      return;
    }
    var colors = palette.map(css);
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: rows.map(function (r) { return r.dataset.label; }),
        datasets: series.map(function (name, i) {
          return {
            label: name,
            backgroundColor: colors[i % colors.length],
            data: rows.map(function (r) { return Number(r.querySelectorAll("td[data-value]")[i].dataset.value) / 1e9; })
          };
        })
      },
      options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { labels: { color: css("--fg") } } }, scales: axes(true) }
    });
  }

  function drawCharts() {
    if (typeof window.Chart === "undefined") return;
    document.querySelectorAll("figure.chart[data-chart='stacked']").forEach(drawStacked);
    document.querySelectorAll("figure.chart[data-chart='bar']").forEach(function (figure) {
      var unit = figure.dataset.unit;
      var rows = Array.prototype.filter.call(figure.querySelectorAll("tr[data-label]"), function (row) {
        return row.dataset.seriesUnit === unit;
      });
      var canvas = figure.querySelector("canvas");
      if (!canvas || rows.length === 0) {
        if (canvas) canvas.parentElement.hidden = true;
        return;
      }
      var usd = unit === "usd";
      var colors = palette.map(css);
      var values = rows.map(function (r) { var v = Number(r.dataset.value); return usd ? v / 1e9 : v; });
      new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: rows.map(function (r) { return r.dataset.label; }),
          datasets: [{ label: usd ? "USD" : unit, data: values, backgroundColor: rows.map(function (_, i) { return colors[i % colors.length]; }) }]
        },
        options: {
          indexAxis: figure.dataset.horizontal === "true" ? "y" : "x",
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          plugins: { legend: { display: false } },
          scales: axes(false)
        }
      });
    });
  }

  function followBalance() {
    var list = document.querySelector("[data-balance-stream]");
    if (!list || typeof window.EventSource === "undefined") return;
    var source = new EventSource(list.dataset.balanceStream);
    source.addEventListener("balance", function (event) {
      var update = JSON.parse(event.data);
      update.balances.forEach(function (b) {
        [["available", b.available, b.available_text], ["held", b.held, b.held_text]].forEach(function (field) {
          var cell = list.querySelector('[data-balance="' + b.unit + '"][data-field="' + field[0] + '"]');
          if (!cell) return;
          cell.value = String(field[1]);
          cell.textContent = field[2];
        });
      });
      list.dataset.sequence = String(update.sequence);
    });
    window.addEventListener("pagehide", function () { source.close(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts();
    followBalance();
  });
})();
