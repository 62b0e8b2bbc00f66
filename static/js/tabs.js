/* Tabs from plain sections: without this script each section shows with its own heading.
   With it, the headings become an ARIA tablist (arrow keys, Home, End move between tabs). */
(function () {
  "use strict";
  function enhance(box, boxIndex) {
    var panels = Array.prototype.filter.call(box.children, function (el) {
      return el.tagName === "SECTION" && el.querySelector("h2");
    });
    if (panels.length < 2) return;
    var list = document.createElement("div");
    list.setAttribute("role", "tablist");
    list.className = "tablist";
    if (box.dataset.tabsLabel) list.setAttribute("aria-label", box.dataset.tabsLabel);
    var tabs = panels.map(function (panel, i) {
      var heading = panel.querySelector("h2");
      var tab = document.createElement("button");
      tab.type = "button";
      tab.setAttribute("role", "tab");
      tab.id = "tab-" + boxIndex + "-" + i;
      if (!panel.id) panel.id = "tabpanel-" + boxIndex + "-" + i;
      tab.setAttribute("aria-controls", panel.id);
      tab.textContent = heading.textContent;
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      panel.setAttribute("tabindex", "0");
      heading.classList.add("visually-hidden");
      list.appendChild(tab);
      return tab;
    });
    function select(index, focus) {
      tabs.forEach(function (tab, i) {
        var on = i === index;
        tab.setAttribute("aria-selected", on ? "true" : "false");
        tab.tabIndex = on ? 0 : -1;
        panels[i].hidden = !on;
      });
      if (focus) tabs[index].focus();
    }
    list.addEventListener("click", function (event) {
      var i = tabs.indexOf(event.target.closest("[role=tab]"));
      if (i >= 0) select(i, false);
    });
    list.addEventListener("keydown", function (event) {
      var i = tabs.indexOf(document.activeElement);
      if (i < 0) return;
      var next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      select((next + tabs.length) % tabs.length, true);
    });
    box.insertBefore(list, panels[0]);
    box.classList.add("tabs-enhanced");
    select(0, false);
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-tabs]"), enhance);
})();
