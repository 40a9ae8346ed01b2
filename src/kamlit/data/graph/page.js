(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("graph-data").textContent);
  var MSG = JSON.parse(document.getElementById("kamlit-i18n").textContent);
  // One message of the page's language, its {fields} filled from `values`.
  function T(key, values) {
    return String(MSG[key]).replace(/\{(\w+)\}/g, function (all, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }
  var N = DATA.nodes, E = DATA.edges, REC = DATA.records, SEN = DATA.sentences;
  var byTerm = new Map();
  N.forEach(function (n, i) { byTerm.set(n.term, i); });
  var adj = N.map(function () { return []; });
  E.forEach(function (e, k) { adj[e.s].push(k); adj[e.t].push(k); });
  var sectorColor = new Map(DATA.sectors.map(function (s) { return [s.key, s.color]; }));
  var sectorLabel = new Map(DATA.sectors.map(function (s) { return [s.key, s.label]; }));
  var communityById = new Map(DATA.communities.map(function (c) { return [c.id, c]; }));
  var state = { selected: null, edge: null, colorBy: "community", sector: "", minWeight: -Infinity, only: false };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "cls") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  // A count with thousands separators (3,412), the same in both languages.
  function num(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }
  function fmt(x) {
    if (typeof x !== "number") return String(x);
    return Math.abs(x) >= 100 ? x.toFixed(1) : Math.abs(x) >= 1 ? x.toFixed(3) : x.toPrecision(3);
  }
  function baseColor(i) {
    var n = N[i];
    if (state.colorBy === "sector") {
      if (n.main === "mixed") return DATA.mixed_color;
      return sectorColor.get(n.main) || "#8c8c8c";
    }
    var c = communityById.get(n.community);
    return c ? c.color : "#8c8c8c";
  }

  // ---- summary and controls
  var m = DATA.meta;
  // The page embeds a sample of each link's sentences (m.evidence_cap at most); every count it
  // shows is the true total (e.nr, e.ns), never the length of a list it holds.
  document.getElementById("summary").textContent =
    T("summary", { nodes: num(m.nodes), edges: num(m.edges), window: m.window_label, measure: m.measure_label,
                   min: m.min_count, backbone: m.backbone, records: num(m.records) }) +
    (m.capped_edges ? T("capped", { cap: m.evidence_cap, edges: num(m.capped_edges), file: m.evidence_file }) : "");
  document.getElementById("warnings").textContent = m.warnings.join(T("sep"));
  var list = document.getElementById("terms");
  N.map(function (n) { return n.term; }).sort().forEach(function (t) {
    list.appendChild(el("option", { value: t }));
  });
  var sectorSel = document.getElementById("sector");
  DATA.sectors.forEach(function (s) { sectorSel.appendChild(el("option", { value: s.key, text: s.label })); });
  var weights = E.map(function (e) { return e.w; });
  var wMin = weights.length ? Math.min.apply(null, weights) : 0;
  var wMax = weights.length ? Math.max.apply(null, weights) : 0;
  var slider = document.getElementById("min-weight");
  function sliderWeight() { return wMin + (wMax - wMin) * Number(slider.value) / 100; }
  function showSlider() { document.getElementById("min-weight-value").textContent = fmt(sliderWeight()); }
  showSlider();

  // ---- vis-network
  var nodes = new vis.DataSet(N.map(function (n, i) {
    return { id: i, label: n.term, x: n.x, y: n.y, value: n.freq, color: nodeColor(i, false) };
  }));
  var edges = new vis.DataSet(E.map(function (e, k) {
    return { id: k, from: e.s, to: e.t, value: e.v, color: { color: "#9aa5b1", opacity: 0.55, highlight: "#d9480f" } };
  }));
  function nodeColor(i, dim) {
    var c = dim ? "#e3e3e3" : baseColor(i);
    return { background: c, border: dim ? "#d0d0d0" : "#555555", highlight: { background: c, border: "#d9480f" } };
  }
  function edgeVisible(e, k) {
    // The edge the student picked stays visible whatever the filters say.
    if (k === state.edge) return true;
    if (e.w < state.minWeight) return false;
    if (state.sector) {
      if (e.sec.indexOf(state.sector) < 0) return false;
    }
    if (state.only && state.selected !== null && e.s !== state.selected && e.t !== state.selected) {
      var nb = neighbourSet(state.selected);
      if (!(nb.has(e.s) && nb.has(e.t))) return false;
    }
    return true;
  }
  function neighbourSet(i) {
    var s = new Set([i]);
    adj[i].forEach(function (k) { s.add(E[k].s); s.add(E[k].t); });
    return s;
  }
  var visibleEdge = E.map(function () { return true; });
  function nodeVisible(i) {
    if (i === state.selected) return true;
    if (state.edge !== null && (E[state.edge].s === i || E[state.edge].t === i)) return true;
    if (state.only && state.selected !== null && !neighbourSet(state.selected).has(i)) return false;
    var filtering = state.sector || state.minWeight > wMin || state.only;
    if (state.sector && !N[i].sectors.some(function (p) { return p[0] === state.sector; })) return false;
    if (!filtering) return true;
    return adj[i].some(function (k) { return visibleEdge[k]; });
  }
  var edgeView = new vis.DataView(edges, { filter: function (item) { return visibleEdge[item.id]; } });
  var nodeView = new vis.DataView(nodes, { filter: function (item) { return nodeVisible(item.id); } });
  var container = document.getElementById("canvas");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, {
    physics: false,
    layout: { improvedLayout: false },
    interaction: { hover: true, tooltipDelay: 200, multiselect: false },
    nodes: {
      shape: "dot",
      scaling: { min: 6, max: 30, label: { enabled: true, min: 15, max: 30, drawThreshold: 5 } },
      font: { face: "'kamlit CJK', system-ui, 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif", color: "#222" },
      borderWidth: 1
    },
    edges: { smooth: false, scaling: { min: 0.6, max: 7 }, selectionWidth: 2 }
  });

  function refresh() {
    E.forEach(function (e, k) { visibleEdge[k] = edgeVisible(e, k); });
    edgeView.refresh();
    nodeView.refresh();
    recolor();
  }
  function recolor() {
    var focus = state.selected !== null ? neighbourSet(state.selected) : null;
    if (state.edge !== null) focus = new Set([E[state.edge].s, E[state.edge].t]);
    nodes.update(N.map(function (n, i) { return { id: i, color: nodeColor(i, focus !== null && !focus.has(i)) }; }));
    renderLegend();
  }
  function renderLegend() {
    var ul = document.getElementById("legend");
    ul.textContent = "";
    var items = state.colorBy === "sector"
      ? DATA.sectors.map(function (s) { return [s.color, s.label]; }).concat([[DATA.mixed_color, T("mixed")]])
      : DATA.communities.map(function (c) { return [c.color, T("community", { n: c.id + 1, label: c.label, quadrant: c.quadrant })]; });
    items.forEach(function (it) {
      var sw = el("span", { cls: "swatch" });
      sw.style.background = it[0];
      ul.appendChild(el("li", null, [sw, el("span", { text: it[1] })]));
    });
  }

  // ---- evidence rendering (text only through textContent / text nodes)
  function highlighted(text, terms) {
    var p = el("p", { cls: "quote" });
    var marks = [];
    terms.forEach(function (t) {
      if (!t) return;
      var lower = text.toLowerCase(), needle = t.toLowerCase(), from = 0, at;
      while ((at = lower.indexOf(needle, from)) >= 0) { marks.push([at, at + t.length]); from = at + t.length; }
    });
    marks.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var pos = 0;
    marks.forEach(function (mk) {
      if (mk[0] < pos) return;
      if (mk[0] > pos) p.appendChild(document.createTextNode(text.slice(pos, mk[0])));
      p.appendChild(el("mark", { text: text.slice(mk[0], mk[1]) }));
      pos = mk[1];
    });
    if (pos < text.length) p.appendChild(document.createTextNode(text.slice(pos)));
    return p;
  }
  // Inside a kamlit run folder, record ids link to the report's record table.
  function recordLink(id) {
    var page = DATA.meta.record_page;
    if (!page) return document.createTextNode(id);
    return el("a", { href: page + "#rec-" + encodeURIComponent(id), target: "_top", text: id });
  }
  function recordLine(r) {
    var rec = REC[r];
    var parts = [rec[1]];
    if (rec[2] !== null) parts.push(String(rec[2]));
    var secs = rec[3].map(function (k) { return sectorLabel.get(k) || k; }).join(T("sep"));
    if (secs) parts.push(secs);
    return el("div", { cls: "src" }, ["—— ", recordLink(rec[0]), " · " + parts.join(" · ")]);
  }
  var FIRST_QUOTES = 10;
  // The sentences of link k the page holds; `term` is the concept `kamlit graph show` would
  // list them under.
  function evidenceList(k, term) {
    var e = E[k], terms = [N[e.s].term, N[e.t].term];
    var box = el("div");
    var ol = el("ol", { cls: "evidence" });
    function add(from, to) {
      e.e.slice(from, to).forEach(function (si) {
        var s = SEN[si];
        ol.appendChild(el("li", null, [highlighted(s[2], terms), recordLine(s[0])]));
      });
    }
    add(0, FIRST_QUOTES);
    box.appendChild(ol);
    // Frequent pairs have many sentences: the rest of those held are shown on request.
    var held = e.e.length, capped = e.ns > held;
    if (held > FIRST_QUOTES) {
      var more = el("button", { type: "button", cls: "more",
        text: capped ? T("show_held", { n: num(held) }) : T("show_all", { n: num(held) }) });
      more.addEventListener("click", function () { add(FIRST_QUOTES, held); more.remove(); });
      box.appendChild(more);
    }
    // A large corpus gives a link thousands of sentences: the page holds a sample and says so.
    if (capped) {
      box.appendChild(el("p", { cls: "held", text: T("held_of", { shown: num(held), total: num(e.ns), file: m.evidence_file, term: term }) }));
    }
    return box;
  }
  function termButton(i) {
    var b = el("button", { cls: "term", type: "button", text: N[i].term });
    b.addEventListener("click", function (ev) { ev.preventDefault(); select(N[i].term); });
    return b;
  }
  function showNode(i) {
    var n = N[i], panel = document.getElementById("details");
    panel.textContent = "";
    panel.appendChild(el("h2", { text: n.term }));
    var c = communityById.get(n.community);
    var secs = n.sectors.map(function (p) { return (sectorLabel.get(p[0]) || p[0]) + " " + num(p[1]); }).join(T("sep"));
    var years = n.years[0] === null ? T("year_unknown") : (n.years[0] === n.years[1] ? T("year_one", { y: n.years[0] }) : T("year_span", { a: n.years[0], b: n.years[1] }));
    panel.appendChild(el("p", { cls: "facts", text: T("node_facts", { freq: num(n.freq), df: num(n.df), sectors: secs || T("no_sector"), years: years }) }));
    panel.appendChild(el("p", { cls: "facts", text: (c ? T("community", { n: n.community + 1, label: c.label, quadrant: c.quadrant }) : T("community_short", { n: n.community + 1 })) +
      T("node_stats", { degree: n.degree, bc: fmt(n.bc), ev: fmt(n.ev) }) }));
    var ks = adj[i].filter(function (k) { return visibleEdge[k]; }).slice();
    // As `kamlit graph show` ranks them: links above chance first, then most co-occurrences
    // (most sentences to read), then weight, then the term.
    ks.sort(function (a, b) {
      return (E[b].a || 0) - (E[a].a || 0) || E[b].c - E[a].c || E[b].w - E[a].w ||
        (N[other(a, i)].term < N[other(b, i)].term ? -1 : 1);
    });
    panel.appendChild(el("h3", { text: T("neighbours", { n: ks.length }) }));
    ks.forEach(function (k, rank) {
      var e = E[k], j = other(k, i);
      var d = el("details", { "data-edge": String(k) });
      if (rank < 3) d.open = true;
      var sum = el("summary", null, [termButton(j), el("span", { cls: "w", text: T("edge_facts", { w: fmt(e.w), c: num(e.c), r: num(e.nr) }) })]);
      d.appendChild(sum);
      d.appendChild(evidenceList(k, n.term));
      panel.appendChild(d);
    });
    if (!ks.length) panel.appendChild(el("p", { cls: "hint", text: T("no_neighbours") }));
  }
  function other(k, i) { return E[k].s === i ? E[k].t : E[k].s; }
  function showEdge(k) {
    var e = E[k], panel = document.getElementById("details");
    panel.textContent = "";
    panel.appendChild(el("h2", null, [termButton(e.s), " — ", termButton(e.t)]));
    panel.appendChild(el("p", { cls: "facts", text: T("edge_facts_measure", { w: fmt(e.w), measure: m.measure_label, c: num(e.c), r: num(e.nr) }) }));
    panel.appendChild(el("h3", { text: T("evidence") }));
    panel.appendChild(evidenceList(k, N[e.s].term));
  }
  // What a reader types, folded as kamlit folds text (NFKC, lower case, one space), so that
  // ＣＲＭ, CRM and crm all find the concept the thesaurus maps them to.
  function fold(text) { return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim(); }
  var byName = new Map();
  N.forEach(function (n, i) {
    byName.set(fold(n.term), i);
    (n.aliases || []).forEach(function (a) { if (!byName.has(fold(a))) byName.set(fold(a), i); });
  });
  function findTerm(typed) {
    var i = byTerm.get(typed);
    return i !== undefined ? i : byName.get(fold(typed));
  }
  function select(term) {
    var i = findTerm(term);
    var msg = document.getElementById("search-msg");
    if (i === undefined) {
      var q = fold(term);
      var near = N.filter(function (n) {
        return [n.term].concat(n.aliases || []).some(function (t) { t = fold(t); return t.indexOf(q) >= 0 || q.indexOf(t) >= 0; });
      }).map(function (n) { return n.term; }).slice(0, 6);
      msg.textContent = T("not_found", { term: term }) + (near.length ? T("near", { terms: near.join(T("sep")) }) : "");
      return false;
    }
    msg.textContent = "";
    state.selected = i; state.edge = null;
    refresh();
    network.selectNodes([i]);
    // Frame the concept with its visible neighbours.
    var around = Array.from(neighbourSet(i)).filter(function (j) { return nodeVisible(j); });
    network.fit({ nodes: around, animation: false });
    showNode(i);
    return true;
  }
  function selectEdge(a, b) {
    var i = byTerm.get(a), j = byTerm.get(b);
    var k = E.findIndex(function (e) { return (e.s === i && e.t === j) || (e.s === j && e.t === i); });
    if (k < 0) return false;
    state.selected = null; state.edge = k;
    refresh();
    network.selectEdges([k]);
    showEdge(k);
    return true;
  }
  function clearSelection() {
    state.selected = null; state.edge = null;
    refresh();
    var panel = document.getElementById("details");
    panel.textContent = "";
    panel.appendChild(el("p", { cls: "hint", text: T("hint") }));
  }

  network.on("click", function (params) {
    if (params.nodes.length) select(N[params.nodes[0]].term);
    else if (params.edges.length) { var k = params.edges[0]; selectEdge(N[E[k].s].term, N[E[k].t].term); }
    else clearSelection();
  });
  var search = document.getElementById("search");
  function runSearch() { var t = search.value.trim(); if (t) select(t); }
  document.getElementById("go").addEventListener("click", runSearch);
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") runSearch(); });
  search.addEventListener("change", runSearch);
  document.getElementById("color-by").addEventListener("change", function (ev) { state.colorBy = ev.target.value; recolor(); });
  sectorSel.addEventListener("change", function (ev) { state.sector = ev.target.value; refresh(); rerenderDetails(); });
  slider.addEventListener("input", function () { state.minWeight = Number(slider.value) === 0 ? -Infinity : sliderWeight(); showSlider(); refresh(); rerenderDetails(); });
  document.getElementById("neighbours-only").addEventListener("change", function (ev) { state.only = ev.target.checked; refresh(); if (state.selected !== null) network.fit({ animation: false }); });
  document.getElementById("reset").addEventListener("click", function () {
    state.sector = ""; sectorSel.value = ""; slider.value = "0"; state.minWeight = -Infinity; showSlider();
    state.only = false; document.getElementById("neighbours-only").checked = false;
    clearSelection(); network.unselectAll(); network.fit({ animation: false });
  });
  function rerenderDetails() {
    if (state.selected !== null) showNode(state.selected);
  }
  renderLegend();
  // When the network has first been drawn (benchmarks/bench_pages.py reads the mark).
  network.once("afterDrawing", function () {
    if (window.performance && performance.mark) performance.mark("kamlit-graph-drawn");
    document.body.setAttribute("data-drawn", "true");
  });
  network.fit({ animation: false });
  // The canvas draws labels with the embedded font only once it is loaded: redraw then.
  if (document.fonts && document.fonts.load) {
    document.fonts.load("14px 'kamlit CJK'", N.map(function (n) { return n.term; }).join("")).then(function () { network.redraw(); });
  }
  function counts() { return { nodes: nodeView.length, edges: edgeView.length }; }
  window.kamlitGraph = {
    select: select, selectEdge: selectEdge, clear: clearSelection, counts: counts,
    network: network, data: DATA
  };
  document.body.setAttribute("data-ready", "true");
})();
