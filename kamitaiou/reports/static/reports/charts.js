// Draws each report table's chart from the JSON beside it (the table stays the source).
(function () {
  "use strict";
  var palette = ["#2a6f97", "#e76f51", "#2a9d8f", "#e9c46a", "#8d6cab", "#6c757d", "#f4a261", "#264653"];
  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var round = data.type === "doughnut";
    canvas.dataset.drawn = "1";
    new Chart(canvas, {
      type: data.type,
      data: {
        labels: data.labels,
        datasets: [{
          label: data.label,
          data: data.values,
          backgroundColor: round ? palette : palette[0],
          borderColor: round ? "#fff" : palette[0],
          spanGaps: true
        }]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        indexAxis: data.type === "bar" && data.labels.length > 4 ? "y" : "x",
        plugins: { legend: { display: round, position: "bottom" } },
        font: { family: "'Noto Sans CJK JP', 'Hiragino Sans', 'Yu Gothic', sans-serif" }
      }
    });
  }
  function init() {
    if (typeof Chart !== "undefined") {
      Chart.defaults.font.family = "'Noto Sans CJK JP', 'Hiragino Sans', 'Yu Gothic', sans-serif";
    }
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
