// The timeline page's behaviour: filters, lanes, the plot's traces, the mentions panel, the table.
// Article text only ever enters the DOM through textContent or form-control properties; the only
// markup from data is the hover label, which Python escaped before plotly sees it.
(function () {
  "use strict";

  const DATA = JSON.parse(document.getElementById("tracker-data").textContent);
  const EVENTS = DATA.events;
  const DAY_MS = 86400000;
  const MAX_ROWS_PER_LANE = 5; // beyond this, events on the same days share rows (the table has them all)
  const COLORS = { fill: "#1f5fa8", light: "rgba(31, 95, 168, 0.22)", edge: "#1f5fa8", flag: "#e8590c" };
  const state = { lane: "actor", outlet: "", actor: "", place: "", told: 1, words: [] };
  const TOLD_STEPS = [2, 3, 5, 10, 20, 50, 100]; // "Told by N articles or more", up to the most any event has
  const $ = (id) => document.getElementById(id);
  const plot = $("timeline-plot");
  const narrow = window.matchMedia("(max-width: 599px)");
  let opener = null;
  let draws = 0;
  let tableEvents = [];
  const TABLE_PAGE = 500;

  EVENTS.forEach((ev, i) => {
    ev.index = i;
    const texts = [ev.title, ev.when].concat(ev.actors, ev.places, ev.outlets, ev.mentions.map((m) => m.sentence));
    ev.haystack = texts.join("\n").toLowerCase();
  });

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  // Only http(s) links are ever made; Python already dropped the rest, this is the second lock.
  function safeHref(url) {
    if (typeof url !== "string" || !/^https?:\/\//i.test(url)) return null;
    try {
      const parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (err) {
      return null;
    }
  }

  // ---- filters -------------------------------------------------------------------------------

  function fillSelect(select, names) {
    names.forEach((name) => {
      const option = el("option", name);
      option.value = name;
      select.appendChild(option);
    });
  }

  function matches(ev) {
    if (state.outlet && !ev.outlets.includes(state.outlet)) return false;
    if (state.actor && !ev.actors.includes(state.actor)) return false;
    if (state.place && !ev.places.includes(state.place)) return false;
    if (ev.sources.length < state.told) return false;
    return state.words.every((word) => ev.haystack.includes(word));
  }

  function readFilters() {
    state.lane = $("lane-mode").value;
    state.outlet = $("filter-outlet").value;
    state.actor = $("filter-actor").value;
    state.place = $("filter-place").value;
    state.told = Number($("filter-told").value) || 1;
    state.words = $("filter-search").value.toLowerCase().split(/\s+/).filter(Boolean);
  }

  // ---- plot ----------------------------------------------------------------------------------

  // Give each event a row inside its lane: events whose days overlap get different rows,
  // so two things on the same day never hide each other.
  function placeRows(events) {
    const key = state.lane === "place" ? "lane_place" : "lane_actor";
    const order = DATA.meta.lanes[state.lane];
    const byLane = new Map(order.map((lane) => [lane[0], []]));
    const labels = new Map(order);
    events.forEach((ev) => byLane.get(ev[key]).push(ev));
    const placed = [], ticks = [], names = [], bands = [];
    let base = 0;
    byLane.forEach((laneEvents, name) => {
      if (!laneEvents.length) return;
      const rowEnds = [];
      laneEvents.forEach((ev) => {
        let row = rowEnds.findIndex((end) => end <= ev.x0);
        if (row < 0 && rowEnds.length < MAX_ROWS_PER_LANE) row = rowEnds.length;
        if (row < 0) row = rowEnds.indexOf(rowEnds.slice().sort()[0]);
        rowEnds[row] = rowEnds[row] && rowEnds[row] > ev.x1 ? rowEnds[row] : ev.x1;
        placed.push({ ev: ev, y: base + row });
      });
      bands.push([base, base + rowEnds.length]);
      ticks.push(base + (rowEnds.length - 1) / 2);
      names.push(labels.get(name));
      base += rowEnds.length;
    });
    return { placed: placed, ticks: ticks, names: names, bands: bands, rows: base };
  }

  function markerTrace(name, flagged) {
    return {
      type: DATA.meta.webgl ? "scattergl" : "scatter", mode: "markers", name: name,
      x: [], y: [], customdata: [], hovertext: [], hoverinfo: "text",
      marker: {
        size: [], opacity: 1, color: COLORS.fill, symbol: flagged ? "diamond" : "circle",
        line: { color: flagged ? COLORS.flag : "#ffffff", width: flagged ? 3 : 1 },
      },
    };
  }

  function barTrace(name, flagged) {
    return {
      type: "bar", orientation: "h", name: name, width: 0.7,
      x: [], y: [], base: [], customdata: [], hovertext: [], hoverinfo: "text", text: [],
      textposition: "inside", insidetextanchor: "start", textangle: 0, textfont: { size: 11, color: "#13315c" },
      marker: {
        color: COLORS.light,
        line: { color: flagged ? COLORS.flag : COLORS.edge, width: flagged ? 2.5 : 1 },
        pattern: flagged ? { shape: "/", fgcolor: COLORS.flag, size: 6, solidity: 0.15 } : { shape: "" },
      },
    };
  }

  function buildTraces(placed) {
    const day = markerTrace("exact day", false), dayFlag = markerTrace("exact day, date inferred or disputed", true);
    const span = barTrace("week, month or range", false), spanFlag = barTrace("span, date inferred or disputed", true);
    placed.forEach((p) => {
      const ev = p.ev;
      if (ev.kind === "day") {
        const trace = ev.flagged ? dayFlag : day;
        trace.x.push(ev.x0 + " 12:00");
        trace.marker.size.push(Math.min(26, 9 + 4 * (ev.n_outlets - 1)));
        push(trace, ev, p.y);
      } else {
        const trace = ev.flagged ? spanFlag : span;
        trace.base.push(ev.x0);
        trace.x.push(ev.days * DAY_MS);
        trace.text.push(ev.n_outlets > 1 ? String(ev.n_outlets) : "");
        push(trace, ev, p.y);
      }
    });
    return [span, spanFlag, day, dayFlag];
  }

  function push(trace, ev, y) {
    trace.y.push(y);
    trace.customdata.push(ev.index);
    trace.hovertext.push(ev.hover);
  }

  function plotLayout(rows) {
    const layout = Object.assign({}, DATA.layout);
    const empty = rows.rows === 0;
    layout.height = Math.max(300, 170 + rows.rows * (rows.rows > 30 ? 18 : 30));
    layout.yaxis = Object.assign({}, DATA.layout.yaxis, {
      tickmode: "array", tickvals: rows.ticks, ticktext: rows.names,
      autorange: false, range: [Math.max(rows.rows, 1) - 0.5, -0.5],
    });
    layout.shapes = rows.bands.map((band, i) => ({
      type: "rect", xref: "paper", x0: 0, x1: 1, yref: "y", y0: band[0] - 0.5, y1: band[1] - 0.5,
      fillcolor: i % 2 ? "#ffffff" : "#f3f6fa", line: { width: 0 }, layer: "below",
    }));
    layout.annotations = empty
      ? [{ text: "No dated events match the filters", xref: "paper", yref: "paper", x: 0.5, y: 0.5, showarrow: false }]
      : [];
    if (narrow.matches) {
      // On a phone the axis labels would take a third of the width: write them inside the lanes.
      layout.yaxis.showticklabels = false;
      layout.annotations = layout.annotations.concat(rows.bands.map((band, i) => ({
        text: rows.names[i], xref: "paper", x: 0, xanchor: "left", yref: "y", y: band[0] - 0.5, yanchor: "top",
        showarrow: false, font: { size: 10, color: "#4a5360" }, bgcolor: "rgba(255,255,255,0.7)",
      })));
    }
    return layout;
  }

  function drawPlot(events) {
    const rows = placeRows(events.filter((ev) => ev.x0 !== null));
    return Plotly.react(plot, buildTraces(rows.placed), plotLayout(rows), DATA.config);
  }

  // ---- mentions --------------------------------------------------------------------------------

  // The sentence with its time expression marked; the offset is checked against the text first.
  function sentenceNode(mention) {
    const quote = el("blockquote", null, "sentence");
    const text = mention.sentence || "";
    const timeText = mention.time_text;
    let at = -1;
    if (timeText) {
      const start = mention.time_start;
      at = Number.isInteger(start) && text.substr(start, timeText.length) === timeText ? start : text.indexOf(timeText);
    }
    if (at < 0) {
      quote.textContent = text;
      return quote;
    }
    quote.appendChild(document.createTextNode(text.slice(0, at)));
    quote.appendChild(el("mark", text.substr(at, timeText.length)));
    quote.appendChild(document.createTextNode(text.slice(at + timeText.length)));
    return quote;
  }

  function mentionNode(mention) {
    const article = DATA.articles[mention.article] || {};
    const node = el("article", null, "mention");
    const meta = el("p", null, "meta");
    const published = article.published || mention.published || "publication date unknown";
    meta.appendChild(el("span", "Published " + published + (article.published_inferred ? " (inferred)" : "")));
    meta.appendChild(document.createTextNode(" \u00b7 "));
    const href = safeHref(article.url);
    const title = el(href ? "a" : "span", article.title || mention.article);
    if (href) {
      title.href = href;
      title.rel = "noopener noreferrer";
    }
    meta.appendChild(title);
    (article.also_at || []).forEach((copy, i) => {
      // a copy of this article elsewhere: one source, found at several places
      meta.appendChild(document.createTextNode(i ? ", " : " \u00b7 also at "));
      const where = safeHref(copy.url);
      const name = el(where ? "a" : "span", copy.outlet);
      if (where) {
        name.href = where;
        name.rel = "noopener noreferrer";
      }
      meta.appendChild(name);
    });
    node.appendChild(meta);
    node.appendChild(sentenceNode(mention));
    if (mention.time_text) node.appendChild(el("p", "Time expression: \u201c" + mention.time_text + "\u201d", "timex"));
    return node;
  }

  // One column per outlet, so the same happening as each outlet told it sits side by side.
  function outletColumns(ev) {
    const groups = new Map();
    ev.mentions.forEach((m) => {
      const outlet = m.source || (DATA.articles[m.article] || {}).outlet || m.article;
      if (!groups.has(outlet)) groups.set(outlet, []);
      groups.get(outlet).push(m);
    });
    const wrap = el("div", null, "outlets");
    groups.forEach((mentions, outlet) => {
      const column = el("section", null, "outlet");
      column.appendChild(el("h4", outlet));
      mentions.forEach((m) => column.appendChild(mentionNode(m)));
      wrap.appendChild(column);
    });
    return wrap;
  }

  function conflictNodes(ev) {
    const box = el("div");
    if (ev.time_inferred) box.appendChild(el("p", "The date rests on an inferred publication date.", "flag"));
    ev.conflicts.forEach((description, i) => {
      const block = el("div", null, "conflict");
      block.appendChild(el("p", "Outlets disagree on the date: " + description, "flag"));
      const sides = el("ul");
      (ev.conflict_sides[i] || []).forEach((side) => {
        const names = side.sources.map((id) => (DATA.articles[id] || {}).outlet || id);
        sides.appendChild(el("li", side.value + ": " + names.join(", ")));
      });
      block.appendChild(sides);
      box.appendChild(block);
    });
    return box;
  }

  function openPanel(index, from) {
    const ev = EVENTS[index];
    if (!ev) return;
    opener = from || null;
    $("panel-title").textContent = ev.title;
    $("panel-when").textContent = ev.when + " \u00b7 " + ev.mentions.length + " mentions from " + ev.n_outlets + " outlets";
    $("panel-conflicts").replaceChildren(conflictNodes(ev));
    $("panel-outlets").replaceChildren(outletColumns(ev));
    const panel = $("panel");
    panel.hidden = false;
    panel.dataset.event = ev.id;
    $("panel-title").focus({ preventScroll: true });
    panel.scrollIntoView({ block: "nearest" });
  }

  function closePanel() {
    $("panel").hidden = true;
    if (opener && document.contains(opener)) opener.focus();
    opener = null;
  }

  // ---- table and undated list -----------------------------------------------------------------

  function tableRow(ev) {
    const row = el("tr");
    row.tabIndex = 0;
    row.dataset.index = ev.index;
    row.appendChild(el("td", ev.when, "date"));
    row.appendChild(el("td", ev.title, "title"));
    row.appendChild(el("td", ev.outlets.join(", "), "sources"));
    if (ev.flagged) row.classList.add("flagged");
    return row;
  }

  // Rows are added a page at a time: thousands of rows at once would make every filter slow.
  function drawTable(events, keep) {
    const body = $("events-table").tBodies[0];
    if (!keep) body.replaceChildren();
    tableEvents = events;
    const rows = document.createDocumentFragment();
    events.slice(body.rows.length, body.rows.length + TABLE_PAGE).forEach((ev) => rows.appendChild(tableRow(ev)));
    body.appendChild(rows);
    const left = events.length - body.rows.length;
    const more = $("table-more");
    more.hidden = left <= 0;
    more.textContent = "Show more rows (" + left + " not shown yet)";
  }

  function drawUndated(events) {
    const list = document.createDocumentFragment();
    events.filter((ev) => ev.x0 === null).forEach((ev) => {
      const item = el("li", null, "undated-event");
      item.appendChild(el("h3", ev.title));
      item.appendChild(el("p", "Outlets: " + ev.outlets.join(", "), "sources"));
      const details = el("details");
      details.appendChild(el("summary", ev.mentions.length + (ev.mentions.length === 1 ? " mention" : " mentions")));
      details.appendChild(outletColumns(ev));
      item.appendChild(details);
      list.appendChild(item);
    });
    $("undated-list").replaceChildren(list);
    $("undated-empty").hidden = $("undated-list").children.length > 0;
  }

  function drawStatus(shown) {
    const undated = shown.filter((ev) => ev.x0 === null).length;
    let text = "Showing " + shown.length + " of " + EVENTS.length + " events";
    if (undated) text += " (" + undated + " undated)";
    if (DATA.meta.webgl) text += ". Over 1,000 events: points are drawn with WebGL";
    $("status").textContent = text + ".";
  }

  function update() {
    readFilters();
    const shown = EVENTS.filter(matches);
    drawTable(shown);
    drawUndated(shown);
    drawStatus(shown);
    if ($("panel").dataset.event && !shown.some((ev) => ev.id === $("panel").dataset.event)) $("panel").hidden = true;
    return drawPlot(shown).then(() => {
      draws += 1;
      document.body.dataset.draws = String(draws); // lets a test wait for the redraw it caused
    });
  }

  // ---- wiring ----------------------------------------------------------------------------------

  function wire() {
    fillSelect($("filter-outlet"), DATA.meta.outlets);
    fillSelect($("filter-actor"), DATA.meta.actors);
    fillSelect($("filter-place"), DATA.meta.places);
    const most = EVENTS.reduce((n, ev) => Math.max(n, ev.sources.length), 0);
    TOLD_STEPS.filter((n) => n <= most).forEach((n) => {
      const option = el("option", n + " articles or more");
      option.value = String(n);
      $("filter-told").appendChild(option);
    });
    const form = $("filters");
    form.addEventListener("submit", (e) => e.preventDefault());
    form.addEventListener("change", update);
    let timer = null;
    $("filter-search").addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(update, 150);
    });
    form.addEventListener("reset", () => setTimeout(update, 0));
    const body = $("events-table").tBodies[0];
    body.addEventListener("click", (e) => {
      const row = e.target.closest("tr");
      if (row) openPanel(Number(row.dataset.index), row);
    });
    body.addEventListener("keydown", (e) => {
      const row = e.target.closest("tr");
      if (!row || (e.key !== "Enter" && e.key !== " ")) return;
      e.preventDefault();
      openPanel(Number(row.dataset.index), row);
    });
    $("table-more").addEventListener("click", () => drawTable(tableEvents, true));
    $("panel-close").addEventListener("click", closePanel);
    narrow.addEventListener("change", update);
    document.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && !$("panel").hidden) closePanel();
    });
  }

  wire();
  update().then(() => {
    plot.on("plotly_click", (e) => {
      const point = e.points && e.points[0];
      if (point) openPanel(point.customdata, null);
    });
    document.body.dataset.ready = "true";
  });
})();
