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

  /* The server's answer to 我已读完 goes right beside the button (a live region the button is described
     by), scrolled into view if it is not, so a refusal is seen and read out where the person is. */
  function showReason(text, tone, scroll) {
    var status = document.getElementById("lesson-status");
    if (!status) { return; }
    status.textContent = text;
    status.className = "complete-reason " + tone;
    if (scroll && status.scrollIntoView) { status.scrollIntoView({ block: "nearest" }); }
  }

  var retry = null;
  function complete(pressed) {
    completed = true;
    post(article.dataset.completeUrl, {}).then(function (res) {
      if (res.ok) {
        article.dataset.completed = "1";
        var done = document.querySelector(".complete-form button");
        if (done) { done.hidden = true; }
        showReason(res.message, "status-ok", false);
        if (pressed) { document.getElementById("lesson-status").focus(); }
      } else {
        completed = false;
        showReason(res.message, "status-warn", pressed);
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
    complete(false);
  }

  var button = document.querySelector(".complete-form");
  if (button) {
    button.addEventListener("submit", function (event) {
      event.preventDefault();
      reachedEnd = true;
      if (!completed) { complete(true); }
    });
  }

  /* A knowledge check counts once answered right: a wrong answer shows its feedback, clears the choice
     and asks again (the server refuses completion until every check is right). */
  document.querySelectorAll("form.knowledge-check").forEach(function (form) {
    var id = form.elements.block_id.value;
    var item = document.querySelector('.check-status li[data-check-id="' + id + '"]');
    var right = !!(item && item.dataset.right === "1");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var picked = form.querySelector("input[name=choice]:checked");
      if (!picked) { return; }
      post(form.action, { block_id: id, choice: picked.value }).then(function (res) {
        var out = form.querySelector(".check-feedback");
        var nowRight = !!(res.ok && res.correct);
        out.textContent = res.message;
        out.className = "check-feedback " + (nowRight ? "status-ok" : "status-warn");
        if (!res.ok) { return; }
        if (item) {
          var label = item.querySelector(".status-warn, .status-ok, .status-bad");
          var text = nowRight ? article.dataset.rightText : article.dataset.wrongText;
          if (label) { label.outerHTML = '<span class="' + (nowRight ? "status-ok" : "status-bad") + '">' + text + "</span>"; }
        }
        if (nowRight !== right) { openChecks = Math.max(0, openChecks + (nowRight ? -1 : 1)); }
        var hint = document.getElementById("checks-hint");
        if (hint) { hint.hidden = openChecks === 0; }
        right = nowRight;
        form.dataset.answered = nowRight ? "1" : "";
        if (nowRight) {
          tryComplete();
        } else {
          picked.checked = false;
          form.querySelector("input[name=choice]").focus({ preventScroll: true });
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
