// The occupancy board reloads itself every few minutes (<meta name="board-refresh"
// content="SECONDS;url=URL">) so the night tablet stays current; "Stop updating" ends it
// (WCAG 2.2.1: a user can turn a time limit off). While a control has focus, the reload waits.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="board-refresh"]');
  if (!meta) {
    return;
  }
  var parts = meta.getAttribute("content").split(";url=");
  var seconds = parseInt(parts[0], 10);
  var url = parts[1];
  if (!(seconds > 0) || !url) {
    return;
  }
  var timer = null;
  function reload() {
    var focused = document.activeElement;
    if (focused && focused !== document.body && focused.matches("input, select, textarea, button")) {
      timer = window.setTimeout(reload, 30000);
      return;
    }
    window.location.replace(url);
  }
  timer = window.setTimeout(reload, seconds * 1000);
  var stop = document.getElementById("stop-refresh");
  var stopped = document.getElementById("refresh-stopped");
  if (stop) {
    stop.hidden = false;
    stop.addEventListener("click", function () {
      window.clearTimeout(timer);
      stop.hidden = true;
      if (stopped) {
        stopped.hidden = false;
      }
    });
  }
})();
