(function () {
  "use strict";

  /* Bring the element named by the URL fragment into view and focus, and light up its highlight. */
  function showTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var old = document.querySelectorAll(".current");
    for (var i = 0; i < old.length; i++) { old[i].classList.remove("current"); }
    if (!id) { return; }
    var target = document.getElementById(id);
    if (!target) { return; }
    /* On a document page, a statement's card is r<token>, its mark in the text t<token> (t<token>-2 … for later
       parts), a waiver's reason u<n> and its mark w<n>; the text runs they cover list the token (or u<n>) in data-keys. */
    var found = /^[rt]([0-9a-f]+)(?:-\d+)?$/.exec(id) || /^[uw](\d+)$/.exec(id);
    var key = found && document.querySelector(".seed") ? (id.charAt(0) === "u" || id.charAt(0) === "w" ? "u" + found[1] : found[1]) : null;
    if (key) {
      var marks = document.querySelectorAll("[data-keys]");
      for (var j = 0; j < marks.length; j++) {
        if (marks[j].getAttribute("data-keys").split(" ").indexOf(key) >= 0) { marks[j].classList.add("current"); }
      }
    }
    if (!target.hasAttribute("tabindex") && !target.matches("a[href], button, select")) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus({ preventScroll: false });
  }

  /* Matrix filters: theme hides columns, holder type hides rows, stance dims cells and hides empty rows. */
  function applyFilter(form) {
    var theme = form.elements.theme.value;
    var type = form.elements.type.value;
    var stance = form.elements.stance.value;
    var tables = document.querySelectorAll("table[data-filterable]");
    var shown = 0, total = 0;
    for (var t = 0; t < tables.length; t++) {
      var table = tables[t];
      var themed = table.querySelectorAll("[data-theme]");
      for (var c = 0; c < themed.length; c++) {
        themed[c].hidden = theme !== "" && themed[c].getAttribute("data-theme") !== theme;
      }
      var groups = table.querySelectorAll("tbody");
      for (var g = 0; g < groups.length; g++) {
        var rows = groups[g].querySelectorAll("tr[data-holder-type]");
        var visibleInGroup = 0;
        for (var r = 0; r < rows.length; r++) {
          var row = rows[r];
          var keep = type === "" || row.getAttribute("data-holder-type") === type;
          var cells = row.querySelectorAll("td[data-stances]");
          var matching = 0;
          for (var k = 0; k < cells.length; k++) {
            var cell = cells[k];
            var tokens = cell.getAttribute("data-stances");
            var hit = tokens !== "" && (stance === "" || tokens.split(" ").indexOf(stance) >= 0);
            cell.classList.toggle("off", stance !== "" && !hit);
            if (hit && !cell.hidden) { matching++; }
          }
          if (stance !== "" || theme !== "") { keep = keep && matching > 0; }
          row.hidden = !keep;
          if (table.hasAttribute("data-count")) { total++; if (keep) { shown++; } }
          if (keep) { visibleInGroup++; }
        }
        var head = groups[g].querySelector("tr.group");
        if (head) { head.hidden = visibleInGroup === 0; }
      }
    }
    var out = form.querySelector("output");
    if (out) { out.textContent = "Showing " + shown + " of " + total + " holders"; }
  }

  function setUpFilters() {
    var forms = document.querySelectorAll("form.filters");
    for (var f = 0; f < forms.length; f++) {
      (function (form) {
        form.hidden = false;
        form.addEventListener("change", function () { applyFilter(form); });
        form.addEventListener("reset", function () { window.setTimeout(function () { applyFilter(form); }, 0); });
        form.addEventListener("submit", function (event) { event.preventDefault(); applyFilter(form); });
        applyFilter(form);
      })(forms[f]);
    }
  }


  /* Scroll cues (the tables scroll and stay keyboard-reachable without this): mark each scroll region that is
     wider than its box, fade its right edge until scrolled to the end, and say above it that it scrolls. */
  function markOverflow(wrap) {
    var over = wrap.scrollWidth > wrap.clientWidth + 1;
    wrap.classList.toggle("overflowing", over);
    wrap.classList.toggle("at-end", !over || wrap.scrollLeft + wrap.clientWidth >= wrap.scrollWidth - 1);
    var cue = wrap.previousElementSibling;
    var has = cue !== null && cue.classList.contains("scroll-cue");
    if (over && !has) {
      cue = document.createElement("p");
      cue.className = "scroll-cue";
      cue.setAttribute("aria-hidden", "true");
      cue.textContent = "Wider than the screen: scroll sideways \u2192";
      wrap.parentNode.insertBefore(cue, wrap);
    } else if (!over && has) {
      cue.parentNode.removeChild(cue);
    }
  }

  function setUpScrollCues() {
    var wraps = document.querySelectorAll(".table-wrap");
    for (var w = 0; w < wraps.length; w++) {
      (function (wrap) {
        wrap.addEventListener("scroll", function () { markOverflow(wrap); }, { passive: true });
        markOverflow(wrap);
      })(wraps[w]);
    }
    function all() { for (var v = 0; v < wraps.length; v++) { markOverflow(wraps[v]); } }
    window.addEventListener("resize", all);
    /* filters hide rows and columns, so a table may start or stop overflowing */
    document.addEventListener("change", function () { window.setTimeout(all, 0); });
    document.addEventListener("reset", function () { window.setTimeout(all, 0); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpFilters();
    setUpScrollCues();
    showTarget();
  });
  window.addEventListener("hashchange", showTarget);
})();
(function () {
  "use strict";

  /* Sortable tables, the statements view (facets, sort, state in the URL) and the search.
     Rows and results are built with textContent only: data never becomes markup. */

  var COLLATOR = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

  /* Lower case without accents, with a map from each folded character back to the original's offset. */
  function foldMap(text) {
    var out = "", map = [];
    for (var i = 0; i < text.length; i++) {
      var piece = text.charAt(i).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
      for (var k = 0; k < piece.length; k++) { out += piece.charAt(k); map.push(i); }
    }
    map.push(text.length);
    return { text: out, map: map };
  }
  function fold(text) { return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function words(query) { return fold(query).split(/\s+/).filter(function (w) { return w !== ""; }); }

  /* Append ``text`` to ``parent`` with every occurrence of the query words marked. */
  function appendMarked(parent, text, terms) {
    var folded = foldMap(text), hits = [];
    terms.forEach(function (w) {
      var at = folded.text.indexOf(w);
      while (at >= 0) { hits.push([folded.map[at], folded.map[at + w.length]]); at = folded.text.indexOf(w, at + w.length); }
    });
    hits.sort(function (a, b) { return a[0] - b[0]; });
    var pos = 0;
    hits.forEach(function (h) {
      if (h[0] < pos) { return; }
      parent.appendChild(document.createTextNode(text.slice(pos, h[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(h[0], h[1]);
      parent.appendChild(mark);
      pos = h[1];
    });
    parent.appendChild(document.createTextNode(text.slice(pos)));
  }

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (attrs) { Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); }); }
    return node;
  }

  /* ---- state in the URL fragment: #q=talks&stance=support&sort=date&dir=descending ---- */
  function readState() { return new URLSearchParams(window.location.hash.replace(/^#/, "")); }
  function writeState(params) {
    var text = params.toString();
    var url = window.location.href.split("#")[0] + (text ? "#" + text : "");
    try { window.history.replaceState(null, "", url); } catch (e) { window.location.replace(url); }
    return url;
  }

  /* ---- header buttons: click or Enter/Space cycles ascending / descending, aria-sort says which ---- */
  function sortButtons(headers, onSort) {
    headers.forEach(function (th, index) {
      var label = th.textContent.replace(/\s+/g, " ").trim();
      var button = el("button", "", { type: "button", "class": "sort", "aria-label": "Sort by " + label });
      button.appendChild(el("span", "", { "aria-hidden": "true" }));  /* the arrow is drawn by CSS, so cell text stays the label */
      button.addEventListener("click", function () {
        var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        onSort(index, dir);
      });
      th.appendChild(button);
    });
  }
  function markSorted(headers, index, dir) {
    headers.forEach(function (th, i) {
      if (i === index) { th.setAttribute("aria-sort", dir); } else { th.removeAttribute("aria-sort"); }
    });
  }

  function cellKey(cell) {
    if (!cell) { return ""; }
    return cell.getAttribute("data-sort") || cell.getAttribute("data-stances") || cell.textContent.trim();
  }
  var NUMBER = /^[+\u2212-]?\d+(\.\d+)?$/;
  function compareKeys(a, b) {
    if (NUMBER.test(a) && NUMBER.test(b)) { return parseFloat(a.replace("\u2212", "-")) - parseFloat(b.replace("\u2212", "-")); }
    return COLLATOR.compare(a, b);
  }

  /* A table marked data-sortable: rows are sorted within each tbody (holder-type groups stay together). */
  function setUpSortable(table) {
    var rows = table.tHead ? table.tHead.rows : [];
    if (!rows.length) { return; }
    var headers = Array.prototype.slice.call(rows[rows.length - 1].cells);
    sortButtons(headers, function (index, dir) {
      Array.prototype.forEach.call(table.tBodies, function (body) {
        var items = Array.prototype.filter.call(body.rows, function (r) { return !r.classList.contains("group"); });
        var keyed = items.map(function (r, i) { return { row: r, key: cellKey(r.cells[index]), i: i }; });
        keyed.sort(function (a, b) {
          if (a.key === "" || b.key === "") { return (a.key === "") - (b.key === "") || a.i - b.i; }  /* empty last either way */
          var c = compareKeys(a.key, b.key);
          return (dir === "ascending" ? c : -c) || a.i - b.i;
        });
        keyed.forEach(function (k) { body.appendChild(k.row); });
      });
      markSorted(headers, index, dir);
    });
  }

  /* ---- the statements view, drawn from window.policycmpData (a statement names its document, holder, option,
     stance, kind and strength by their index in the data's lists of those) ---- */
  var PAGE = 200;

  function statementRows(data) {
    return data.statements.map(function (s, i) {
      var doc = data.documents[s[0]], holder = data.holders[s[1]], option = data.options[s[2]];
      var row = {
        i: i, documentId: doc[0], document: doc[1], date: doc[2], year: doc[2].slice(0, 4),
        holderId: holder[0], holder: holder[1], type: holder[2], optionId: option[0], option: option[1], themeId: option[2],
        stance: data.stances[s[3]], kind: data.kinds[s[4]], strength: data.strengths[s[5]], anchor: s[6], quote: s[7]
      };
      row.folded = fold([row.quote, row.holder, row.option, row.document].join(" \u0001 "));
      return row;
    });
  }

  function fillSelect(select, values, labels) {
    values.forEach(function (v) { select.appendChild(el("option", labels ? labels[v] : v, { value: v })); });
  }
  function distinct(rows, field) {
    var seen = {};
    rows.forEach(function (r) { if (r[field] !== "") { seen[r[field]] = true; } });
    return Object.keys(seen).sort(COLLATOR.compare);
  }

  function setUpStatements(data) {
    var form = document.getElementById("facets");
    var table = document.getElementById("statements");
    if (!form || !table) { return; }
    var rows = statementRows(data);
    var FACETS = ["stance", "kind", "strength", "type"];
    var ENTITIES = ["holder", "option", "theme"];
    FACETS.forEach(function (f) { fillSelect(form.elements[f], distinct(rows, f)); });
    var docLabels = {};
    data.documents.forEach(function (d) { docLabels[d[0]] = d[1]; });
    fillSelect(form.elements.document, data.documents.map(function (d) { return d[0]; }), docLabels);
    /* holder, option and theme: every one of the codebook (the entity pages link here with one chosen) */
    [["holder", data.holders], ["option", data.options], ["theme", data.themes]].forEach(function (pair) {
      var labels = {};
      pair[1].forEach(function (e) { labels[e[0]] = e[1]; });
      var ids = pair[1].map(function (e) { return e[0]; });
      ids.sort(function (a, b) { return COLLATOR.compare(labels[a], labels[b]) || COLLATOR.compare(a, b); });
      fillSelect(form.elements[pair[0]], ids, labels);
    });
    var years = distinct(rows, "year");
    fillSelect(form.elements.from, years);
    fillSelect(form.elements.to, years);
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var sortKey = "", sortDir = "ascending", limit = PAGE;
    var more = document.getElementById("more");
    var output = form.elements.count;
    var permalink = document.getElementById("permalink");

    function state() {
      var params = new URLSearchParams();
      ["q"].concat(FACETS, ENTITIES, ["document", "from", "to"]).forEach(function (name) {
        var v = form.elements[name].value;
        if (v !== "") { params.set(name, v); }
      });
      if (sortKey) { params.set("sort", sortKey); params.set("dir", sortDir); }
      return params;
    }

    function matches() {
      var v = {};
      ["stance", "kind", "strength", "type", "holder", "option", "theme", "document", "from", "to"].forEach(function (n) { v[n] = form.elements[n].value; });
      var terms = words(form.elements.q.value);
      return rows.filter(function (r) {
        if (v.stance && r.stance !== v.stance) { return false; }
        if (v.kind && r.kind !== v.kind) { return false; }
        if (v.strength && r.strength !== v.strength) { return false; }
        if (v.type && r.type !== v.type) { return false; }
        if (v.holder && r.holderId !== v.holder) { return false; }
        if (v.option && r.optionId !== v.option) { return false; }
        if (v.theme && r.themeId !== v.theme) { return false; }
        if (v.document && r.documentId !== v.document) { return false; }
        if ((v.from || v.to) && !r.year) { return false; }
        if (v.from && r.year < v.from) { return false; }
        if (v.to && r.year > v.to) { return false; }
        for (var t = 0; t < terms.length; t++) { if (r.folded.indexOf(terms[t]) < 0) { return false; } }
        return true;
      });
    }

    function draw() {
      var found = matches();
      if (sortKey) {
        found.sort(function (a, b) {
          var x = a[sortKey], y = b[sortKey];
          if (x === "" || y === "") { return (x === "") - (y === "") || a.i - b.i; }  /* empty last either way */
          var c = COLLATOR.compare(x, y);
          return (sortDir === "ascending" ? c : -c) || a.i - b.i;
        });
      }
      var body = table.tBodies[0];
      var fresh = document.createElement("tbody");
      var terms = words(form.elements.q.value);
      found.slice(0, limit).forEach(function (r) {
        var tr = el("tr", null, { "data-stance": r.stance });
        var doc = el("td");
        doc.appendChild(el("a", r.document, { href: "documents/" + r.documentId + ".html" }));
        tr.appendChild(doc);
        var holder = el("td");
        holder.appendChild(el("a", r.holder, { href: "holders/" + r.holderId + ".html" }));
        tr.appendChild(holder);
        var option = el("td");
        option.appendChild(el("a", r.option, { href: "options/" + r.optionId + ".html" }));
        tr.appendChild(option);
        tr.appendChild(el("td", r.stance, { "class": "s-" + r.stance }));
        tr.appendChild(el("td", r.kind));
        tr.appendChild(el("td", r.strength));
        tr.appendChild(el("td", r.date || "undated"));
        var quote = el("td", null, { "class": "quote" });
        var link = el("a", null, { href: "documents/" + r.documentId + ".html#t" + r.anchor });
        appendMarked(link, r.quote, terms);
        quote.appendChild(link);
        tr.appendChild(quote);
        fresh.appendChild(tr);
      });
      table.replaceChild(fresh, body);
      var shown = Math.min(limit, found.length);
      output.textContent = "Showing " + shown + " of " + found.length + " matching statements (" + rows.length + " in all)";
      more.hidden = found.length <= limit;
      markSorted(headers, headers.map(function (h) { return h.getAttribute("data-sort"); }).indexOf(sortKey), sortDir);
      permalink.href = writeState(state());
    }

    function restore() {
      var params = readState();
      ["q"].concat(FACETS, ENTITIES, ["document", "from", "to"]).forEach(function (name) {
        var field = form.elements[name], v = params.get(name) || "";
        if (field.tagName === "SELECT" && v !== "" && !Array.prototype.some.call(field.options, function (o) { return o.value === v; })) { v = ""; }
        field.value = v;
      });
      var key = params.get("sort") || "";
      sortKey = headers.some(function (h) { return h.getAttribute("data-sort") === key; }) ? key : "";
      sortDir = params.get("dir") === "descending" ? "descending" : "ascending";
    }

    sortButtons(headers, function (index, dir) {
      sortKey = headers[index].getAttribute("data-sort");
      sortDir = dir;
      draw();
    });
    form.addEventListener("input", function () { limit = PAGE; draw(); });  /* selects fire "input" too: one redraw a choice */
    form.addEventListener("reset", function () { window.setTimeout(function () { sortKey = ""; limit = PAGE; draw(); }, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    more.addEventListener("click", function () { limit += PAGE; draw(); });
    restore();
    form.hidden = false;
    table.hidden = false;
    document.getElementById("statements-nojs").hidden = true;
    draw();
  }

  /* ---- search: quotes and the labels of holders, options, themes and documents ---- */
  var MAX_RESULTS = 100;

  function searchEntries(data) {
    var entries = [];
    data.holders.forEach(function (h) { entries.push({ kind: "Holder", label: h[1], href: "holders/" + h[0] + ".html", text: "" }); });
    data.themes.forEach(function (t) { entries.push({ kind: "Theme", label: t[1], href: "themes/" + t[0] + ".html", text: "" }); });
    data.options.forEach(function (o) { entries.push({ kind: "Option", label: o[1], href: "options/" + o[0] + ".html", text: "" }); });
    data.documents.forEach(function (d) { entries.push({ kind: "Document", label: d[1], href: "documents/" + d[0] + ".html", text: "" }); });
    data.statements.forEach(function (s) {
      var doc = data.documents[s[0]];
      entries.push({
        kind: "Quote", label: data.holders[s[1]][1] + " on " + data.options[s[2]][1] + " (" + data.stances[s[3]] + ")",
        href: "documents/" + doc[0] + ".html#t" + s[6], text: s[7], source: doc[1]
      });
    });
    entries.forEach(function (e) { e.folded = fold(e.label + " \u0001 " + e.text); });
    return entries;
  }

  function setUpSearch(data) {
    var form = document.getElementById("search");
    var list = document.getElementById("results");
    if (!form || !list) { return; }
    var entries = searchEntries(data);
    var input = form.elements.q, output = form.elements.count;

    function run() {
      var terms = words(input.value);
      var fresh = el("ol", null, { "class": "results", id: "results" });
      if (!terms.length) {
        output.textContent = "";
      } else {
        var found = entries.filter(function (e) {
          for (var t = 0; t < terms.length; t++) { if (e.folded.indexOf(terms[t]) < 0) { return false; } }
          return true;
        });
        found.slice(0, MAX_RESULTS).forEach(function (e) {
          var li = el("li", null, { "class": "result r-" + e.kind.toLowerCase() });
          li.appendChild(el("span", e.kind + ": ", { "class": "muted" }));
          var a = el("a", null, { href: e.href });
          appendMarked(a, e.label, terms);
          li.appendChild(a);
          if (e.text) {
            var q = el("blockquote");
            appendMarked(q, e.text, terms);
            li.appendChild(q);
            li.appendChild(el("p", e.source, { "class": "muted" }));
          }
          fresh.appendChild(li);
        });
        output.textContent = found.length === 0 ? "Nothing found." :
          found.length > MAX_RESULTS ? "Showing the first " + MAX_RESULTS + " of " + found.length + " results; add words to narrow it." :
          found.length + (found.length === 1 ? " result" : " results");
      }
      list.parentNode.replaceChild(fresh, list);
      list = fresh;
      var params = new URLSearchParams();
      if (input.value !== "") { params.set("q", input.value); }
      writeState(params);
    }

    input.value = readState().get("q") || "";
    input.addEventListener("input", run);
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    form.hidden = false;
    document.getElementById("search-nojs").hidden = true;
    run();
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), setUpSortable);
    var data = window.policycmpData;
    if (data) {
      setUpStatements(data);
      setUpSearch(data);
    }
  });
})();
