"""The report's own script: draws the charts, shows the hovered build and pins a clicked one."""

SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var specs = JSON.parse(document.getElementById("report-charts").textContent);
  var points = data.frontier.points;
  var recommended = data.result.build;
  var narrow = window.matchMedia("screen and (max-width: 760px)");
  var charts = [];

  // Build DOM with text nodes only: part names come from CSV files and are never parsed as HTML.
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function partsTable(build) {
    var rows = build.parts.map(function (p) {
      return el("tr", {}, [el("td", {}, [p.label]), el("td", {}, [p.name === null ? p.note : (p.count > 1 ? p.count + " x " : "") + p.name]),
                           el("td", {"class": "num"}, [p.name === null ? "" : p.price])]);
    });
    rows.push(el("tr", {}, [el("td", {}, ["Total"]), el("td", {}, []), el("td", {"class": "num"}, [build.cost])]));
    return el("table", {}, [el("tbody", {}, rows)]);
  }

  function summary(build) {
    return build.cost + " \u00b7 performance " + build.perf + " \u00b7 " + build.perf_per_1000_text + " per $1,000";
  }

  function showHover(point) {
    var panel = document.getElementById("hover-panel");
    var changes = point.changes.length ? point.changes : [point.index === 0 ? "cheapest valid build" : "same parts"];
    panel.replaceChildren(
      el("h3", {}, ["Build " + (point.index + 1) + " of " + points.length + (point.recommended ? " (recommended)" : "") + ": " + point.gpu]),
      el("p", {}, [summary(point)]),
      partsTable(point),
      el("p", {"class": "muted"}, ["Changed from the previous build: " + changes.join("; ")])
    );
  }

  function pin(point) {
    var panel = document.getElementById("pin-panel");
    var head = el("h3", {}, ["Pinned: build " + (point.index + 1) + (point.recommended ? " (the recommended one)" : "")]);
    var unpin = el("button", {"type": "button", "class": "unpin"}, ["Unpin"]);
    unpin.addEventListener("click", function () {
      panel.replaceChildren(el("p", {"class": "muted"}, ["No build pinned yet."]));
      panel.removeAttribute("data-pinned");
      mark(-1);
    });
    var body;
    if (recommended) {
      var rows = [el("tr", {}, [el("th", {}, [""]), el("th", {}, ["Recommended"]), el("th", {}, ["Pinned"])])];
      point.parts.forEach(function (p, i) {
        var r = recommended.parts[i];
        rows.push(el("tr", {"class": r.short === p.short ? "" : "diff"}, [el("td", {}, [p.label]), el("td", {}, [r.short]), el("td", {}, [p.short])]));
      });
      [["Cost", "cost"], ["Performance", "perf"], ["Per $1,000", "perf_per_1000_text"]].forEach(function (row) {
        rows.push(el("tr", {}, [el("td", {}, [row[0]]), el("td", {"class": "num"}, [recommended[row[1]]]), el("td", {"class": "num"}, [point[row[1]]])]));
      });
      var vs = point.vs_recommended;
      body = [el("div", {"class": "scroll"}, [el("table", {}, [el("tbody", {}, rows)])]),
              el("p", {"class": "muted"}, [vs.changes.length ? "Against the recommended build: " + vs.delta : "Same parts as the recommended build."])];
    } else {
      body = [partsTable(point)];
    }
    panel.replaceChildren.apply(panel, [head].concat(body, [unpin]));
    panel.setAttribute("data-pinned", String(point.index));
    mark(point.index);
  }

  // A ring around the pinned point, so the chart shows which build the panel holds.
  function mark(index) {
    var gd = document.getElementById("frontier-chart");
    if (!gd || !gd.data) { return; }
    var widths = points.map(function (p) { return p.index === index ? 3 : 1; });
    var colors = points.map(function (p) { return p.index === index ? "#c62828" : "white"; });
    var sizes = points.map(function (p) { return p.index === index ? 15 : 10; });
    Plotly.restyle(gd, {"marker.line.width": [widths], "marker.line.color": [colors], "marker.size": [sizes]}, [0]);
  }

  function layoutFor(spec) {
    var layout = JSON.parse(JSON.stringify(spec.layout));
    layout.autosize = true;
    delete layout.width;
    if (narrow.matches) {
      layout.height = 340;
      layout.margin = {l: 52, r: 8, t: 48, b: 48};
      layout.dragmode = false;  // let a finger scroll the page instead of zooming the chart
      layout.legend.font = {size: 11};
    }
    return layout;
  }

  function configFor() {
    return {responsive: true, displaylogo: false, displayModeBar: narrow.matches ? false : "hover",
            modeBarButtonsToRemove: ["select2d", "lasso2d"]};
  }

  function draw(id, spec, onHover, onClick) {
    var gd = document.getElementById(id);
    if (!gd || !spec || typeof Plotly === "undefined") { return; }
    Plotly.newPlot(gd, spec.data, layoutFor(spec), configFor());
    if (onHover) { gd.on("plotly_hover", function (ev) { onHover(ev.points[0].customdata); }); }
    if (onClick) { gd.on("plotly_click", function (ev) { onClick(ev.points[0].customdata); }); }
    charts.push({gd: gd, spec: spec});
  }

  // Crossing the phone breakpoint (a turned phone, a resized window) redraws with that width's layout.
  narrow.addEventListener("change", function () {
    charts.forEach(function (c) { Plotly.react(c.gd, c.gd.data, layoutFor(c.spec), configFor()); });
  });

  draw("frontier-chart", specs.frontier,
       function (i) { showHover(points[i]); },
       function (i) { pin(points[i]); });
  draw("sweep-chart", specs.sweep, null, null);
  draw("tco-chart", specs.tco, null, null);

  Array.prototype.forEach.call(document.querySelectorAll("button.pin"), function (button) {
    button.addEventListener("click", function () {
      pin(points[Number(button.getAttribute("data-point"))]);
      document.getElementById("pin-panel").scrollIntoView({behavior: "smooth", block: "nearest"});
    });
  });

  // Print: charts at the paper's width and every collapsed table open, then back as they were.
  var closed = [];
  window.addEventListener("beforeprint", function () {
    closed = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) { return !d.open; });
    closed.forEach(function (d) { d.open = true; });
    charts.forEach(function (c) { Plotly.relayout(c.gd, {width: 680}); });
  });
  window.addEventListener("afterprint", function () {
    closed.forEach(function (d) { d.open = false; });
    charts.forEach(function (c) { Plotly.relayout(c.gd, {width: null, autosize: true}); });
  });
})();
"""
