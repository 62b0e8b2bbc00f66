// Sharing an article without third-party scripts (the CSP allows none): the device's own share sheet
// through the Web Share API (on phones it offers Zalo, Messenger, mail…) and copying the link. Each
// button stays hidden where the browser cannot do what it offers; the Facebook link needs no script.
(function () {
  "use strict";
  var share = document.querySelector("[data-share]");
  var copy = document.querySelector("[data-copy-link]");
  var status = document.querySelector("[data-share-status]");

  function reveal(button) { button.closest("li").hidden = false; }
  function say(text) { if (status) status.textContent = text; }

  if (share && navigator.share) {
    reveal(share);
    share.addEventListener("click", function () {
      navigator.share({
        title: share.dataset.title,
        text: share.dataset.text,
        url: share.dataset.url,
      }).catch(function () { /* closed by the reader: nothing to report */ });
    });
  }
  if (copy && navigator.clipboard && navigator.clipboard.writeText) {
    reveal(copy);
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(copy.dataset.copyLink).then(
        function () { say(copy.dataset.done); },
        function () { say(copy.dataset.failed); }
      );
    });
  }
})();
