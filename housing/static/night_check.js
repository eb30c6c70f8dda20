// The night check: keep the count of women marked ("Marked: 12 of 17") as the carer goes.
// The page works without this script; it only updates the count.
(function () {
  "use strict";
  var form = document.querySelector("form.night-check");
  var counter = document.getElementById("marked-count");
  if (!form || !counter) {
    return;
  }
  function recount() {
    var names = {};
    form.querySelectorAll("input[type=radio][name^='stay-']").forEach(function (input) {
      if (input.checked) {
        names[input.name] = true;
      }
    });
    counter.textContent = String(Object.keys(names).length);
  }
  form.addEventListener("change", recount);
  recount();
})();
