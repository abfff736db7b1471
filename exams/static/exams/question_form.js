/* The question editor shows only the panels of the chosen question type (marked data-question-types);
   the server ignores the others, so without this script every panel simply stays visible. */
(function () {
  "use strict";

  function show(select) {
    var chosen = select.value;
    document.querySelectorAll("[data-question-types]").forEach(function (panel) {
      var hide = panel.getAttribute("data-question-types").split(" ").indexOf(chosen) === -1;
      panel.hidden = hide;
      panel.style.display = hide ? "none" : "";
    });
  }

  function start() {
    var select = document.getElementById("id_type");
    if (!select) {
      return;
    }
    select.addEventListener("change", function () {
      show(select);
    });
    show(select);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
