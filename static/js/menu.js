// The main menu is folded on phones and open on wider screens; without JavaScript it is one tap away.
(function () {
  var menu = document.querySelector("details.menu-toggle");
  if (!menu || !window.matchMedia) return;
  var wide = window.matchMedia("(min-width: 48rem)");
  function sync() { menu.open = wide.matches; }
  sync();
  if (wide.addEventListener) wide.addEventListener("change", sync);
})();
