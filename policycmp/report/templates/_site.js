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
