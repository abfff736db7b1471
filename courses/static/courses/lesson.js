/* Lesson reading: instant feedback for knowledge checks, resume position, completion at the end.
   Everything also works without this script (forms post and the page reloads). */
(function () {
  "use strict";
  var article = document.querySelector("article.lesson[data-staff]");
  if (!article) { return; }
  var openChecks = parseInt(article.dataset.openChecks || "0", 10);
  var completed = article.dataset.completed === "1";
  var reachedEnd = false;
  var csrf = (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";

  function post(url, data) {
    var body = new FormData();
    Object.keys(data).forEach(function (k) { body.append(k, data[k]); });
    return fetch(url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf }
    }).then(function (r) { return r.json(); });
  }

  var retry = null;
  function complete() {
    completed = true;
    post(article.dataset.completeUrl, {}).then(function (res) {
      var status = document.getElementById("lesson-status");
      if (res.ok) {
        article.dataset.completed = "1";
        status.textContent = res.message;
        status.className = "status-ok";
        var form = document.querySelector(".complete-form");
        if (form) { form.hidden = true; }
      } else {
        completed = false;
        status.textContent = res.message;
        status.className = "status-warn";
        if (res.seconds_left) {
          /* The server counts the reading time; try again once it is up. */
          clearTimeout(retry);
          retry = setTimeout(function () { if (reachedEnd) { tryComplete(); } }, res.seconds_left * 1000 + 500);
        }
      }
    });
  }

  function tryComplete() {
    if (completed || !reachedEnd || openChecks > 0) { return; }
    complete();
  }

  var button = document.querySelector(".complete-form");
  if (button) {
    button.addEventListener("submit", function (event) {
      event.preventDefault();
      reachedEnd = true;
      if (!completed) { complete(); }
    });
  }

  document.querySelectorAll("form.knowledge-check").forEach(function (form) {
    var answered = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var picked = form.querySelector("input[name=choice]:checked");
      if (!picked) { return; }
      post(form.action, { block_id: form.elements.block_id.value, choice: picked.value }).then(function (res) {
        var out = form.querySelector(".check-feedback");
        out.textContent = res.message;
        out.className = "check-feedback " + (res.ok && res.correct ? "status-ok" : "status-warn");
        var item = document.querySelector('.check-status li[data-check-id="' + form.elements.block_id.value + '"]');
        if (res.ok && item) {
          var label = item.querySelector(".status-warn, .status-ok");
          if (label) { label.outerHTML = '<span class="status-ok">' + article.dataset.answeredText + "</span>"; }
        }
        if (res.ok && !answered) {
          answered = true;
          form.dataset.answered = "1";
          openChecks = Math.max(0, openChecks - 1);
          tryComplete();
        }
      });
    });
  });

  var lastBlock = "";
  var timer = null;
  function savePosition(id) {
    if (id === lastBlock) { return; }
    lastBlock = id;
    clearTimeout(timer);
    timer = setTimeout(function () { post(article.dataset.positionUrl, { position: id }); }, 1500);
  }
  if ("IntersectionObserver" in window) {
    var seen = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { if (e.isIntersecting) { savePosition(e.target.dataset.blockId); } });
    }, { rootMargin: "-45% 0px -50% 0px" });  /* the block crossing the middle of the screen, however tall */
    document.querySelectorAll(".block[data-block-id]").forEach(function (el) { seen.observe(el); });
    var end = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { if (e.isIntersecting) { reachedEnd = true; tryComplete(); } });
    });
    end.observe(document.getElementById("lesson-end"));
  }
})();
