// The "Print" link of an article (no inline script: the CSP allows only files from 'self').
document.addEventListener("click", function (event) {
  var link = event.target.closest("[data-print]");
  if (link) { event.preventDefault(); window.print(); }
});
