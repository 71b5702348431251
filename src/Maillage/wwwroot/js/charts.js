// Draws a chart from each table marked data-chart="line" or "bar". The table stays on the page: it is
// the accessible reading of the chart and what prints. Values come from data-value (raw numbers), the
// first column gives the labels, the other columns the series (data-chart-skip-last leaves the last out,
// a header cell with data-chart-skip leaves its column out, and one with data-chart-axis="right" draws its
// column as a line on a second scale, for a rate beside counts).
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") {
    return;
  }

  var palette = ["#1f5f8b", "#c0392b", "#2e8b57", "#8e6c00", "#6c3483"];
  function number(cell) {
    var raw = cell.getAttribute("data-value");
    var value = parseFloat(raw === null ? cell.textContent.replace(/\s/g, "").replace(",", ".") : raw);
    return isNaN(value) ? null : value;
  }

  document.querySelectorAll("table[data-chart]").forEach(function (table) {
    var type = table.getAttribute("data-chart");
    var headerCells = table.tHead.rows[0].cells;
    var headers = Array.prototype.map.call(headerCells, function (c) { return c.textContent.trim(); });
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var last = table.hasAttribute("data-chart-skip-last") ? headers.length - 1 : headers.length;
    var datasets = [];
    var rightAxis = false;
    for (var column = 1; column < last; column++) {
      if (headerCells[column].hasAttribute("data-chart-skip")) {
        continue;
      }

      var color = palette[datasets.length % palette.length];
      var right = headerCells[column].getAttribute("data-chart-axis") === "right";
      rightAxis = rightAxis || right;
      var dataset = {
        label: headers[column],
        data: rows.map(function (r) { return number(r.cells[column]); }),
        borderColor: color,
        backgroundColor: color,
        borderWidth: 2,
        pointRadius: (type === "line" || right) && rows.length > 40 ? 0 : 2,
        yAxisID: right ? "y2" : "y",
        order: right ? 0 : 1,
      };
      if (right) {
        dataset.type = "line";
      }

      datasets.push(dataset);
    }

    var scales = { y: { beginAtZero: true } };
    if (rightAxis) {
      scales.y2 = { beginAtZero: true, position: "right", grid: { drawOnChartArea: false } };
    }

    var box = document.createElement("div");
    box.className = "chart-box";
    var canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", (table.caption ? table.caption.textContent.trim() : "Graphique") + " (les valeurs sont dans le tableau)");
    box.appendChild(canvas);
    var target = document.getElementById(table.getAttribute("data-chart-target") || "");
    if (target) {
      target.appendChild(box);
    } else {
      table.parentNode.insertBefore(box, table);
    }

    new window.Chart(canvas, {
      type: type === "bar" ? "bar" : "line",
      data: { labels: rows.map(function (r) { return r.cells[0].textContent.trim(); }), datasets: datasets },
      options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { position: "bottom" } }, scales: scales },
    });
  });
})();
