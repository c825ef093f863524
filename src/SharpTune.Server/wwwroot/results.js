// The results page: the ratings table, a plot of ratings with their intervals, head to head, agreement. Names are text.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const fmt = (x, d) => (x === null || x === undefined ? "–" : Number(x).toFixed(d));
  const svgNs = "http://www.w3.org/2000/svg";

  function row(cells) {
    const tr = document.createElement("tr");
    for (const c of cells) { const td = document.createElement("td"); td.textContent = c; tr.appendChild(td); }
    return tr;
  }

  function svg(tag, attrs, text) {
    const el = document.createElementNS(svgNs, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function plot(models) {
    if (models.length === 0) return;
    const lo = Math.min(...models.map((m) => m.rating_low)), hi = Math.max(...models.map((m) => m.rating_high));
    const pad = Math.max(10, (hi - lo) * 0.1), min = lo - pad, max = hi + pad;
    const width = 640, left = 160, rowH = 28, height = models.length * rowH + 40;
    const x = (r) => left + ((r - min) / (max - min)) * (width - left - 20);
    const chart = svg("svg", { id: "rating-plot", width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "ratings with 95% intervals" });
    models.forEach((m, i) => {
      const y = 20 + i * rowH;
      chart.appendChild(svg("text", { x: 4, y: y + 4 }, m.name));
      chart.appendChild(svg("line", { x1: x(m.rating_low), x2: x(m.rating_high), y1: y, y2: y, stroke: "#4a7", "stroke-width": 3 }));
      chart.appendChild(svg("circle", { class: "rating-dot", cx: x(m.rating), cy: y, r: 5, fill: "#264" }));
    });
    const axisY = height - 12;
    chart.appendChild(svg("text", { x: left, y: axisY }, fmt(min, 0)));
    chart.appendChild(svg("text", { x: width - 60, y: axisY }, fmt(max, 0)));
    $("plot").appendChild(chart);
  }

  async function load() {
    const r = await fetch("/api/report");
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    const report = await r.json();
    $("summary").textContent = `${report.votes} votes, ${report.models.length} models, ${report.bootstrap_rounds} bootstrap rounds (seed ${report.seed}).` +
      (report.separated.length ? ` Won or lost every decisive vote (rating unbounded): ${report.separated.join(", ")}.` : "");
    const body = $("ratings").querySelector("tbody");
    for (const m of report.models) {
      body.appendChild(row([m.name, fmt(m.rating, 1), `${fmt(m.rating_low, 1)} to ${fmt(m.rating_high, 1)}`, fmt(m.elo, 1),
        m.wins, m.losses, m.ties, fmt(m.win_rate, 3), `${fmt(m.win_rate_low, 3)} to ${fmt(m.win_rate_high, 3)}`]));
    }
    const pairs = $("pairs").querySelector("tbody");
    for (const p of report.pairs) pairs.appendChild(row([`${p.model_a} vs ${p.model_b}`, p.a_wins, p.b_wins, p.ties, fmt(p.p_value, 4)]));
    const a = report.agreement;
    $("agreement").textContent = a
      ? `Agreement over ${a.items} items judged more than once (${a.raters} raters): observed ${fmt(a.observed_agreement, 3)}, Fleiss' κ ${fmt(a.fleiss_kappa, 3)}` +
        (a.cohen_kappa === null ? "" : `, Cohen's κ ${fmt(a.cohen_kappa, 3)}`)
      : "No item has been judged by more than one rater yet, so there is no agreement to report.";
    plot(report.models);
  }

  load().catch((e) => { $("error").textContent = `Could not load the results: ${e.message}`; $("error").hidden = false; });
})();
