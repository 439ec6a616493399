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
    var key = target.getAttribute("data-key");
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

  document.addEventListener("DOMContentLoaded", function () {
    setUpFilters();
    showTarget();
  });
  window.addEventListener("hashchange", showTarget);
})();
