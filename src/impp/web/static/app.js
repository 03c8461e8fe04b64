// The one script of the workspace (no inline script: the Content Security Policy
// allows scripts from this site only). A page waiting for an analysis asks
// where it is every second and reloads itself when it is done, or says why it failed.
(function () {
  "use strict";
  var waiting = document.querySelector("[data-status]");
  if (!waiting) { return; }
  var url = waiting.getAttribute("data-status");
  function poll() {
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (s) {
      if (s.state === "done" || s.state === "superseded") { window.location.reload(); return; }
      var step = waiting.querySelector(".step");
      var seconds = waiting.querySelector(".seconds");
      if (step) { step.textContent = s.step; }
      if (seconds) { seconds.textContent = s.seconds; }
      if (s.state === "error") {
        // an analysis that failed is shown as failed, with its reason: never "being computed"
        var said = document.createElement("p");
        said.className = "error";
        said.textContent = "The analysis failed: " + s.error;
        waiting.replaceChildren(waiting.querySelector("h1") || "", said);
        return;
      }
      if (s.state === "running") { window.setTimeout(poll, 1000); }
    }).catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
}());
