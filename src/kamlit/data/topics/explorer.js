(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("topics-data").textContent);
  var MSG = JSON.parse(document.getElementById("kamlit-i18n").textContent);
  // One message of the page's language, its {fields} filled from `values`.
  function M(key, values) {
    return String(MSG[key]).replace(/\{(\w+)\}/g, function (all, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }
  var texts = data.texts || {};
  var SVG = "http://www.w3.org/2000/svg";
  var topics = data.topics || [];
  var tf = data.term_frequency || {};
  var tokens = (data.corpus && data.corpus.tokens) || 1;
  var state = { topic: topics.length ? 1 : 0, lambda: 0.6, term: null };
  var N_TERMS = 30;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) { for (var a in attrs) { node.setAttribute(a, attrs[a]); } }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function sv(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    if (attrs) { for (var a in attrs) { node.setAttribute(a, attrs[a]); } }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function fmt(x, d) { return (x === null || x === undefined) ? "–" : Number(x).toFixed(d); }
  function pct(x) { return (x === null || x === undefined) ? "–" : (100 * x).toFixed(1) + "%"; }
  function byTerm(a, b) { return a < b ? -1 : (a > b ? 1 : 0); }
  function topicById(id) { return topics[id - 1]; }
  function sectorLabel(key) {
    var found = (data.sectors || []).filter(function (s) { return s.key === key; });
    return found.length ? found[0].label : key;
  }

  function summary() {
    var c = data.corpus || {}, coh = data.coherence || {}, st = data.stability || {};
    var parts = [
      M("summary_docs", { docs: c.documents || 0, records: c.records || 0 }),
      M("summary_terms", { n: c.vocabulary || 0 }),
      M("summary_coherence", { cv: fmt(coh.mean, 3), npmi: fmt(coh.c_npmi, 3) }),
      M("summary_stability", { s: fmt(st.mean, 2) }) + (st.seeds && st.seeds.length ? M("summary_seeds", { seeds: st.seeds.join(", ") }) : "")
    ];
    document.getElementById("summary").textContent = parts.join(" · ");
    var box = document.getElementById("warnings");
    (data.warnings || []).forEach(function (w) { box.appendChild(el("p", { "class": "warning" }, w)); });
  }

  function drawMap() {
    var svg = document.getElementById("map");
    clear(svg);
    var size = 460, pad = 70;
    var xs = topics.map(function (t) { return t.x; }), ys = topics.map(function (t) { return t.y; });
    var span = Math.max(Math.max.apply(null, xs.concat([0])) - Math.min.apply(null, xs.concat([0])),
      Math.max.apply(null, ys.concat([0])) - Math.min.apply(null, ys.concat([0])), 1e-9);
    var cx = (Math.max.apply(null, xs) + Math.min.apply(null, xs)) / 2;
    var cy = (Math.max.apply(null, ys) + Math.min.apply(null, ys)) / 2;
    var scale = (size - 2 * pad) / span;
    function px(x) { return size / 2 + (x - cx) * scale; }
    function py(y) { return size / 2 - (y - cy) * scale; }
    svg.appendChild(sv("line", { x1: 10, y1: size / 2, x2: size - 10, y2: size / 2, "class": "axis" }));
    svg.appendChild(sv("line", { x1: size / 2, y1: 10, x2: size / 2, y2: size - 10, "class": "axis" }));
    svg.appendChild(sv("text", { x: size - 12, y: size / 2 - 6, "text-anchor": "end", "class": "legend" }, "PC1"));
    svg.appendChild(sv("text", { x: size / 2 + 6, y: 20, "class": "legend" }, "PC2"));
    var maxPrev = Math.max.apply(null, topics.map(function (t) { return t.prevalence || 0; }).concat([1e-9]));
    var order = topics.slice().sort(function (a, b) { return b.prevalence - a.prevalence || a.id - b.id; });
    order.forEach(function (t) {
      var r = 8 + 52 * Math.sqrt((t.prevalence || 0) / maxPrev);
      var g = sv("g", {});
      var circle = sv("circle", { cx: px(t.x), cy: py(t.y), r: r, "class": "topic-circle" + (t.id === state.topic ? " selected" : ""), "data-topic": t.id });
      circle.appendChild(sv("title", {}, M("topic_tip", { id: t.id, label: t.label, share: pct(t.prevalence) })));
      circle.addEventListener("click", function () { select(t.id); });
      g.appendChild(circle);
      g.appendChild(sv("text", { x: px(t.x), y: py(t.y), "class": "topic-num" }, t.id));
      svg.appendChild(g);
    });
  }

  function relevant(topic, lambda) {
    var rows = (topic.relevance_terms || []).map(function (w) {
      var pw = (tf[w.term] || 0) / tokens;
      var phi = Math.max(w.weight, 1e-300);
      var rel = lambda * Math.log(phi) + (1 - lambda) * Math.log(phi / Math.max(pw, 1e-300));
      return { term: w.term, weight: w.weight, rel: rel, total: tf[w.term] || 0,
               est: w.weight * (topic.tokens || 0) };
    });
    rows.sort(function (a, b) { return b.rel - a.rel || byTerm(a.term, b.term); });
    return rows.slice(0, N_TERMS);
  }

  function overall() {
    var rows = Object.keys(tf).map(function (term) { return { term: term, total: tf[term], est: 0 }; });
    rows.sort(function (a, b) { return b.total - a.total || byTerm(a.term, b.term); });
    return rows.slice(0, N_TERMS);
  }

  function drawBars() {
    var svg = document.getElementById("bars");
    clear(svg);
    var topic = state.topic ? topicById(state.topic) : null;
    var rows = topic ? relevant(topic, state.lambda) : overall();
    document.getElementById("terms-title").textContent = topic
      ? M("terms_topic", { n: rows.length, id: topic.id, label: topic.label, lambda: state.lambda.toFixed(2) })
      : M("terms_corpus", { n: rows.length });
    var left = 130, width = 380, rowH = 20, top = 14;
    svg.setAttribute("viewBox", "0 0 560 " + (top + rows.length * rowH + 10));
    var max = Math.max.apply(null, rows.map(function (r) { return r.total; }).concat([1]));
    rows.forEach(function (r, i) {
      var y = top + i * rowH;
      var g = sv("g", { "class": "bar-row" + (topic ? " clickable" : "") + (r.term === state.term ? " picked" : ""), "data-term": r.term });
      g.appendChild(sv("title", {}, M("bar_tip", { term: r.term, total: r.total }) + (topic ? M("bar_tip_topic", { est: r.est.toFixed(1), id: topic.id, p: r.weight.toPrecision(3) }) : "")));
      if (topic) { g.addEventListener("click", function () { pickTerm(r.term); }); }
      g.appendChild(sv("text", { x: left - 8, y: y + rowH / 2, "class": "bar-term" }, r.term));
      g.appendChild(sv("rect", { x: left, y: y + 3, width: Math.max(1, width * r.total / max), height: rowH - 6, "class": "bar-total" }));
      if (topic) {
        g.appendChild(sv("rect", { x: left, y: y + 3, width: Math.max(0.5, width * Math.min(r.est, r.total) / max), height: rowH - 6, "class": "bar-topic" }));
      }
      g.appendChild(sv("text", { x: left + Math.max(1, width * r.total / max) + 4, y: y + rowH / 2, "class": "bar-num" }, r.total));
      svg.appendChild(g);
    });
  }

  function recordCell(id, fallbackTitle) {
    // The title, then the id as a link to the report's record row.
    var cell = el("td", {});
    var title = (texts[id] && texts[id][0]) || fallbackTitle || M("untitled");
    cell.appendChild(el("span", { "class": "rec-title" }, title));
    cell.appendChild(document.createTextNode(" "));
    if (data.record_page) {
      cell.appendChild(el("a", { "class": "rid", href: data.record_page + "#rec-" + encodeURIComponent(id) }, id));
    } else {
      cell.appendChild(el("span", { "class": "rid" }, id));
    }
    return cell;
  }
  function kwic(text, term, width) {
    // Every occurrence of the term with `width` characters either side.
    var lines = [], lower = text.toLowerCase(), needle = term.toLowerCase(), from = 0, at;
    while (needle && (at = lower.indexOf(needle, from)) >= 0) {
      lines.push([text.slice(Math.max(0, at - width), at), text.slice(at, at + term.length),
                  text.slice(at + term.length, at + term.length + width)]);
      from = at + term.length;
    }
    return lines;
  }
  function pickTerm(term) {
    state.term = term;
    drawBars();
    drawRecords();
  }
  function drawTermRecords(topic, body) {
    var term = state.term, col = topic.id - 1, shares = data.doc_topics || {};
    var rows = (data.doc_ids || []).filter(function (id) {
      var t = texts[id];
      return t && (t[0] + "\n" + t[1]).toLowerCase().indexOf(term.toLowerCase()) >= 0;
    }).map(function (id) { return { id: id, share: (shares[id] || [])[col] || 0 }; });
    rows.sort(function (a, b) { return b.share - a.share || byTerm(a.id, b.id); });
    document.getElementById("records-title").textContent =
      M("term_records", { id: topic.id, label: topic.label, term: term, n: rows.length });
    if (!rows.length) {
      var tr0 = el("tr"); tr0.appendChild(el("td", { colspan: "4", "class": "hint" }, M("term_none", { term: term })));
      body.appendChild(tr0);
    }
    rows.slice(0, 30).forEach(function (r) {
      var tr = el("tr");
      tr.appendChild(el("td", { "class": "num" }, pct(r.share)));
      var cell = recordCell(r.id, "");
      var t = texts[r.id];
      kwic(t[0] + " · " + t[1], term, 24).slice(0, 4).forEach(function (line) {
        var p = el("p", { "class": "kwic" });
        p.appendChild(document.createTextNode("…" + line[0]));
        p.appendChild(el("mark", {}, line[1]));
        p.appendChild(document.createTextNode(line[2] + "…"));
        cell.appendChild(p);
      });
      tr.appendChild(cell);
      tr.appendChild(el("td", { "class": "num" }, ""));
      tr.appendChild(el("td", {}, ""));
      body.appendChild(tr);
    });
  }

  function drawRecords() {
    var body = document.querySelector("#records tbody");
    clear(body);
    var topic = state.topic ? topicById(state.topic) : null;
    var back = document.getElementById("back");
    back.hidden = !(topic && state.term);
    back.textContent = M("back");
    if (topic && state.term) { drawTermRecords(topic, body); return; }
    document.getElementById("records-title").textContent = topic
      ? M("records_topic", { id: topic.id, label: topic.label })
      : M("records_none");
    if (!topic) { return; }
    (topic.top_records || []).forEach(function (r) {
      var tr = el("tr");
      tr.appendChild(el("td", { "class": "num" }, pct(r.share)));
      tr.appendChild(recordCell(r.id, r.title));
      tr.appendChild(el("td", { "class": "num" }, r.year === null ? "" : r.year));
      tr.appendChild(el("td", {}, (r.sectors || []).map(sectorLabel).join("、")));
      body.appendChild(tr);
    });
  }

  function drawTopics() {
    var body = document.querySelector("#topics tbody");
    clear(body);
    var maxPrev = Math.max.apply(null, topics.map(function (t) { return t.prevalence || 0; }).concat([1e-9]));
    topics.forEach(function (t) {
      var tr = el("tr", { "data-topic": t.id });
      if (t.id === state.topic) { tr.className = "selected"; }
      tr.appendChild(el("td", { "class": "num" }, t.id));
      tr.appendChild(el("td", {}, t.label));
      var share = el("td", { "class": "num" });
      var bar = el("span", { "class": "share-bar" });
      bar.style.width = Math.round(60 * (t.prevalence || 0) / maxPrev) + "px";
      share.appendChild(bar);
      share.appendChild(document.createTextNode(pct(t.prevalence)));
      tr.appendChild(share);
      tr.appendChild(el("td", { "class": "num" }, fmt(t.coherence, 3)));
      tr.appendChild(el("td", { "class": "num" }, fmt(t.coherence_npmi, 3)));
      tr.appendChild(el("td", {}, (t.terms || []).map(function (w) { return w.term; }).join(" ")));
      tr.addEventListener("click", function () { select(t.id); });
      body.appendChild(tr);
    });
  }

  function heatTable(tableId, groups, field) {
    var table = document.getElementById(tableId);
    clear(table);
    if (!groups.length) {
      table.appendChild(el("caption", { "class": "hint" }, M("no_group", { field: M("field." + field) })));
      return;
    }
    var head = el("tr");
    head.appendChild(el("th", {}, M("topic_col")));
    groups.forEach(function (g) { head.appendChild(el("th", { "class": "heat" }, g.label + " (" + g.records + ")")); });
    var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    var body = el("tbody");
    topics.forEach(function (t) {
      var tr = el("tr");
      if (t.id === state.topic) { tr.className = "selected"; }
      tr.appendChild(el("td", {}, t.id + " " + t.label));
      groups.forEach(function (g) {
        var v = (t[field] || {})[g.key];
        if (field === "years" && g.records < (data.min_year_records || 1)) {
          // A share over one or two records is not a prevalence: show the count instead.
          tr.appendChild(el("td", { "class": "heat few", title: M("few_tip", { n: g.records }) }, M("few", { n: g.records })));
          return;
        }
        var td = el("td", { "class": "heat" }, pct(v));
        if (v !== undefined && v !== null) {
          td.style.background = "rgba(192, 57, 43, " + Math.min(0.85, v * 1.4).toFixed(3) + ")";
          if (v > 0.45) { td.style.color = "#fff"; }
        }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
  }

  function drawSelection() {
    var rows = data.selection || [];
    var rule = data.rule_text || (data.model && data.model.selection_rule) || "";
    document.getElementById("rule").textContent = rows.length
      ? M("rule_auto", { rule: rule })
      : M("rule_fixed", { rule: rule });
    var body = document.querySelector("#selection tbody");
    clear(body);
    if (!rows.length) {
      rows = [{ k: data.k, coherence: (data.coherence || {}).mean, c_npmi: (data.coherence || {}).c_npmi,
                stability: (data.stability || {}).mean, chosen: true }];
    }
    rows.forEach(function (r) {
      var tr = el("tr");
      if (r.chosen) { tr.className = "chosen"; }
      tr.appendChild(el("td", { "class": "num" }, r.k));
      tr.appendChild(el("td", { "class": "num" }, fmt(r.coherence, 3)));
      tr.appendChild(el("td", { "class": "num" }, fmt(r.c_npmi, 3)));
      tr.appendChild(el("td", { "class": "num" }, fmt(r.stability, 3)));
      tr.appendChild(el("td", {}, r.chosen ? M("chosen") : ""));
      body.appendChild(tr);
    });
    var svg = document.getElementById("selection-chart");
    clear(svg);
    if (rows.length < 2) { svg.style.display = "none"; return; }
    var W = 560, H = 200, L = 40, R = 110, T = 12, B = 28;
    var ks = rows.map(function (r) { return r.k; });
    var kmin = Math.min.apply(null, ks), kmax = Math.max.apply(null, ks);
    function x(k) { return L + (W - L - R) * (k - kmin) / Math.max(1, kmax - kmin); }
    function y(v) { return T + (H - T - B) * (1 - v); }
    svg.appendChild(sv("line", { x1: L, y1: y(0), x2: W - R, y2: y(0), stroke: "#999" }));
    svg.appendChild(sv("line", { x1: L, y1: y(0), x2: L, y2: y(1), stroke: "#999" }));
    [0, 0.5, 1].forEach(function (v) { svg.appendChild(sv("text", { x: L - 6, y: y(v) + 4, "text-anchor": "end", "class": "legend" }, v.toFixed(1))); });
    ks.forEach(function (k) { svg.appendChild(sv("text", { x: x(k), y: H - 10, "text-anchor": "middle", "class": "legend" }, k)); });
    [["coherence", "#4a7ab5", "c_v"], ["stability", "#c0392b", M("stability")]].forEach(function (s, j) {
      var pts = rows.filter(function (r) { return r[s[0]] !== null && r[s[0]] !== undefined; })
        .map(function (r) { return x(r.k) + "," + y(Math.max(0, Math.min(1, r[s[0]]))); });
      if (pts.length) { svg.appendChild(sv("polyline", { points: pts.join(" "), fill: "none", stroke: s[1], "stroke-width": 2 })); }
      svg.appendChild(sv("text", { x: W - R + 10, y: T + 14 + 16 * j, fill: s[1], "class": "legend" }, s[2]));
    });
    rows.forEach(function (r) {
      if (r.chosen) { svg.appendChild(sv("line", { x1: x(r.k), y1: y(0), x2: x(r.k), y2: y(1), stroke: "#c0392b", "stroke-dasharray": "4 3" })); }
    });
  }

  function fillSelect() {
    var menu = document.getElementById("topic-select");
    clear(menu);
    menu.appendChild(el("option", { value: "0" }, M("all_terms_option")));
    topics.forEach(function (t) { menu.appendChild(el("option", { value: String(t.id) }, t.id + ": " + t.label)); });
    menu.addEventListener("change", function () { select(Number(menu.value)); });
  }

  function select(id) {
    state.topic = id;
    state.term = null;
    document.getElementById("topic-select").value = String(id);
    render();
  }

  function render() {
    drawMap(); drawBars(); drawRecords(); drawTopics();
    heatTable("sectors", data.sectors || [], "sectors");
    heatTable("years", data.years || [], "years");
  }

  var slider = document.getElementById("lambda");
  slider.addEventListener("input", function () {
    state.lambda = Number(slider.value);
    document.getElementById("lambda-value").textContent = state.lambda.toFixed(2);
    drawBars();
  });
  document.getElementById("prev").addEventListener("click", function () {
    if (topics.length) { select(state.topic <= 1 ? topics.length : state.topic - 1); }
  });
  document.getElementById("next").addEventListener("click", function () {
    if (topics.length) { select(state.topic >= topics.length ? 1 : state.topic + 1); }
  });
  document.getElementById("clear").addEventListener("click", function () { select(0); });
  document.getElementById("back").addEventListener("click", function () { pickTerm(null); });
  window.kamlitTopics = { select: select, pickTerm: pickTerm, state: state };

  summary();
  fillSelect();
  drawSelection();
  select(state.topic);
})();
