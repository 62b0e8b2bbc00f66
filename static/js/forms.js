// Public forms: bring the visitor to what the page has to say (a receipt, a refusal) and let them
// ask for another captcha picture. Without JavaScript the redirect's #thong-bao anchor still scrolls
// to the message, and the captcha's question in words needs no picture.
(function () {
  "use strict";
  var notice = document.querySelector("[data-announce]");
  if (notice) {
    notice.focus();
    // Chromium moves the focus back to the page when it scrolls to the address's #fragment at load.
    window.addEventListener("load", function () { notice.focus(); });
  }
  document.querySelectorAll(".captcha-refresh").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var box = button.closest(".captcha-picture").parentNode;
      fetch(button.dataset.refreshUrl, { headers: { "X-Requested-With": "XMLHttpRequest" } })
        .then(function (response) { return response.json(); })
        .then(function (fresh) {
          box.querySelector("img.captcha").src = fresh.image_url;
          box.querySelector("input[type=hidden][name$=captcha_0]").value = fresh.key;
          var typed = box.querySelector("input[name$=captcha_1]");
          typed.value = "";
          typed.focus();
        });
    });
  });
})();
