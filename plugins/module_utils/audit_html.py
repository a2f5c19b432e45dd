# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The audit report as one self-contained HTML page: summary, bar charts by region and status, a sortable table.

No external asset is loaded. The report travels as JSON inside the page, escaped so that no task
field can close the script element; the page's script only ever sets ``textContent``, never HTML.
"""

from __future__ import annotations

import json

PAGE = '''<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>Relay task audit</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1d2430; }
.cards { display: flex; gap: 1rem; margin-bottom: 1.5rem; }
.card { border: 1px solid #d0d7de; border-radius: 8px; padding: .8rem 1.2rem; min-width: 9rem; }
.card .value { font-size: 1.8rem; font-weight: 600; }
.charts { display: flex; flex-wrap: wrap; gap: 2rem; }
svg text { font-size: 12px; }
table { border-collapse: collapse; margin-top: 1rem; width: 100%%; }
th, td { border-bottom: 1px solid #d0d7de; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { cursor: pointer; background: #f6f8fa; user-select: none; }
th[aria-sort="ascending"]::after { content: " \\25B2"; }
th[aria-sort="descending"]::after { content: " \\25BC"; }
.critical, .error { color: #b42318; font-weight: 600; }
.warning { color: #9a6700; }
</style>
</head>
<body>
<h1>Relay task audit</h1>
<div class="cards">
  <div class="card"><div>Tasks</div><div class="value" id="total-tasks"></div></div>
  <div class="card"><div>Violations</div><div class="value" id="total-violations"></div></div>
  <div class="card"><div>Tasks with violations</div><div class="value" id="total-flagged"></div></div>
</div>
<p>Bars: <span style="color:#5b8cbf">&#9632;</span> tasks, <span style="color:#d1242f">&#9632;</span> tasks with violations.</p>
<div class="charts">
  <section><h2>By region</h2><svg id="chart-region" role="img" aria-label="Tasks and violations by region"></svg></section>
  <section><h2>By status</h2><svg id="chart-status" role="img" aria-label="Tasks and violations by status"></svg></section>
</div>
<h2>Violations</h2>
<table id="violations">
<thead><tr><th data-key="task_id">Task</th><th data-key="rule">Rule</th><th data-key="severity">Severity</th>
<th data-key="field">Field</th><th data-key="region">Region</th><th data-key="status">Status</th><th data-key="message">Message</th></tr></thead>
<tbody></tbody>
</table>
<script type="application/json" id="audit-data">%(data)s</script>
<script>
"use strict";
const report = JSON.parse(document.getElementById("audit-data").textContent);
const SVG = "http://www.w3.org/2000/svg";
const severityRank = {info: 0, warning: 1, error: 2, critical: 3};

function setText(id, value) { document.getElementById(id).textContent = String(value); }

function svgElement(name, attributes, text) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) { element.setAttribute(key, String(value)); }
  if (text !== undefined) { element.textContent = text; }
  return element;
}

function drawChart(id, counts) {
  const svg = document.getElementById(id);
  const names = Object.keys(counts);
  const widest = Math.max(1, ...names.map((name) => counts[name].tasks));
  const rowHeight = 26, labelWidth = 150, barWidth = 260;
  svg.setAttribute("width", labelWidth + barWidth + 190);
  svg.setAttribute("height", Math.max(1, names.length) * rowHeight + 10);
  names.forEach((name, index) => {
    const entry = counts[name], y = index * rowHeight + 5;
    const row = svgElement("g", {"class": "bar", "data-label": name, "data-tasks": entry.tasks, "data-violations": entry.violations});
    row.appendChild(svgElement("text", {x: 0, y: y + 15}, name));
    row.appendChild(svgElement("rect", {x: labelWidth, y: y, height: 18, width: barWidth * entry.tasks / widest, fill: "#8fb8de"}));
    row.appendChild(svgElement("rect", {x: labelWidth, y: y + 5, height: 8,
      width: barWidth * entry.tasks_with_violations / widest, fill: "#d1242f"}));
    row.appendChild(svgElement("text", {x: labelWidth + barWidth + 8, y: y + 15}, entry.tasks + " tasks, " + entry.violations + " violations"));
    svg.appendChild(row);
  });
}

function fillTable(rows) {
  const body = document.querySelector("#violations tbody");
  body.replaceChildren();
  for (const item of rows) {
    const row = document.createElement("tr");
    for (const key of ["task_id", "rule", "severity", "field", "region", "status", "message"]) {
      const cell = document.createElement("td");
      cell.textContent = item[key] === null || item[key] === undefined ? "" : String(item[key]);
      if (key === "severity") { cell.className = String(item[key]); }
      row.appendChild(cell);
    }
    body.appendChild(row);
  }
}

function sortBy(key, header) {
  const ascending = header.getAttribute("aria-sort") !== "ascending";
  document.querySelectorAll("#violations th").forEach((th) => th.removeAttribute("aria-sort"));
  header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  const value = (item) => key === "severity" ? severityRank[item.severity] : String(item[key] === null ? "" : item[key]);
  const rows = report.violations.slice().sort((a, b) => {
    const left = value(a), right = value(b);
    return (left < right ? -1 : left > right ? 1 : 0) * (ascending ? 1 : -1);
  });
  fillTable(rows);
}

setText("total-tasks", report.summary.tasks);
setText("total-violations", report.summary.violations);
setText("total-flagged", report.summary.tasks_with_violations);
drawChart("chart-region", report.summary.by_region);
drawChart("chart-status", report.summary.by_status);
fillTable(report.violations);
document.querySelectorAll("#violations th").forEach((th) => th.addEventListener("click", () => sortBy(th.dataset.key, th)));
document.body.setAttribute("data-rendered", "true");
</script>
</body>
</html>
'''


def embedded_json(report: dict) -> str:
    """The report as JSON that cannot end the script element or open a comment, whatever the tasks hold."""
    text = json.dumps(report, sort_keys=True, ensure_ascii=True)
    return text.replace('<', '\\u003c').replace('>', '\\u003e').replace('&', '\\u0026')


def render_html(report: dict) -> str:
    return PAGE % {'data': embedded_json(report)}
