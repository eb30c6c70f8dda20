// A minute before an idle logout, say so and offer to stay logged in (one request to the
// server, which counts as activity). Served by the app; no inline script (the CSP forbids it).
(function () {
  "use strict";
  var meta = document.querySelector("meta[name='idle-timeout-seconds']");
  var box = document.getElementById("session-warning");
  if (!meta || !box) {
    return;
  }
  var idle = parseInt(meta.getAttribute("content"), 10) * 1000;
  if (!(idle > 60000)) {
    return;
  }
  var soon = box.querySelector(".soon");
  var ended = box.querySelector(".ended");
  var button = box.querySelector("button");
  var warnTimer, endTimer;

  function start() {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    box.hidden = true;
    soon.hidden = false;
    ended.hidden = true;
    warnTimer = setTimeout(function () {
      box.hidden = false;
      button.focus();
    }, idle - 60000);
    endTimer = setTimeout(function () {
      box.hidden = false;
      soon.hidden = true;
      ended.hidden = false;
    }, idle);
  }

  button.addEventListener("click", function () {
    fetch(box.getAttribute("data-still-here"), {credentials: "same-origin", cache: "no-store"})
      .then(function (response) {
        if (response.ok && !response.redirected) {
          start();
        } else {
          soon.hidden = true;
          ended.hidden = false;
        }
      });
  });
  start();
})();
