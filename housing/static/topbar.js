// The top bar on a phone: the brand, a Menu button and the search box; the menu and the account
// fold behind the button (housing.css shows the button only on narrow screens). Without this
// script everything stays in view.
(function () {
  "use strict";
  var bar = document.querySelector("header.topbar");
  var button = bar && bar.querySelector(".menu-toggle");
  if (!button) {
    return;
  }
  function show(open) {
    bar.classList.toggle("menu-closed", !open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  button.hidden = false;
  show(false);
  button.addEventListener("click", function () {
    show(bar.classList.contains("menu-closed"));
  });
})();
