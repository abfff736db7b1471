/* Attempt page: autosave every answer, keep unsent answers in localStorage while offline and send
   them when the connection returns, show the server deadline as a countdown, one question per screen,
   confirm before handing in (in place, see handIn). Plain JavaScript; the page works without it (the form posts everything).
   A trainer's whole-quiz preview (data-preview) navigates and confirms the same way but saves nothing. */
(function () {
  "use strict";
  var form = document.getElementById("attempt-form");
  if (!form) { return; }
  var statusEl = document.getElementById("status");
  var key = "peixun-attempt-" + form.dataset.attempt;
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var fieldsets = Array.prototype.slice.call(form.querySelectorAll("fieldset.question"));
  var finishing = false;
  var preview = form.dataset.preview === "1";

  function load() {
    try { return JSON.parse(localStorage.getItem(key) || "{}"); } catch (e) { return {}; }
  }
  function store(pending) {
    try { localStorage.setItem(key, JSON.stringify(pending)); } catch (e) { /* storage full or disabled */ }
  }
  function say(text) { if (statusEl) { statusEl.textContent = text; } }

  function responseOf(fs) {
    var id = fs.dataset.question, type = fs.dataset.type, name = "q" + id, i, out;
    if (type === "single") {
      var picked = fs.querySelector("input[name='" + name + "']:checked");
      return picked ? parseInt(picked.value, 10) : null;
    }
    if (type === "multiple") {
      return Array.prototype.map.call(fs.querySelectorAll("input[name='" + name + "']:checked"),
        function (el) { return parseInt(el.value, 10); });
    }
    if (type === "truefalse") {
      var tf = fs.querySelector("input[name='" + name + "']:checked");
      return tf ? tf.value === "true" : null;
    }
    if (type === "fill" || type === "essay") {
      return fs.querySelector("[name='" + name + "']").value;
    }
    if (type === "ordering") {
      var selects = fs.querySelectorAll("select"), ranks = [], seen = {};
      for (i = 0; i < selects.length; i++) {
        var rank = parseInt(selects[i].value, 10);
        if (isNaN(rank) || seen[rank]) { return undefined; }
        seen[rank] = true;
        ranks.push([rank, parseInt(selects[i].name.split("_r")[1], 10)]);
      }
      ranks.sort(function (a, b) { return a[0] - b[0]; });
      return ranks.map(function (r) { return r[1]; });
    }
    if (type === "matching") {
      out = {};
      Array.prototype.forEach.call(fs.querySelectorAll("select"), function (sel) {
        if (sel.value !== "") { out[sel.name.split("_l")[1]] = parseInt(sel.value, 10); }
      });
      return out;
    }
    return undefined;
  }

  function apply(fs, value) {
    var name = "q" + fs.dataset.question, type = fs.dataset.type;
    if (type === "single" || type === "truefalse") {
      Array.prototype.forEach.call(fs.querySelectorAll("input[name='" + name + "']"), function (el) {
        el.checked = String(value) === el.value;
      });
    } else if (type === "multiple") {
      Array.prototype.forEach.call(fs.querySelectorAll("input[name='" + name + "']"), function (el) {
        el.checked = value.indexOf(parseInt(el.value, 10)) >= 0;
      });
    } else if (type === "fill" || type === "essay") {
      fs.querySelector("[name='" + name + "']").value = value;
    } else if (type === "ordering") {
      value.forEach(function (token, index) {
        var sel = fs.querySelector("select[name='" + name + "_r" + token + "']");
        if (sel) { sel.value = String(index + 1); }
      });
    } else if (type === "matching") {
      Object.keys(value).forEach(function (left) {
        var sel = fs.querySelector("select[name='" + name + "_l" + left + "']");
        if (sel) { sel.value = String(value[left]); }
      });
    }
  }

  function send(id, response) {
    return fetch(form.dataset.saveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ question: parseInt(id, 10), response: response })
    }).then(function (res) {
      return res.json().then(function (body) { return { status: res.status, body: body }; });
    });
  }

  var flushing = false;
  function flush() {
    if (flushing || finishing) { return; }
    var pending = load(), ids = Object.keys(pending);
    if (!ids.length) { return; }
    flushing = true;
    var id = ids[0];
    send(id, pending[id].response).then(function (r) {
      var now = load();
      if (now[id] && now[id].at === pending[id].at) { delete now[id]; store(now); }
      flushing = false;
      if (r.body.ok) {
        say(form.dataset.saved + " " + new Date().toLocaleTimeString());
        flush();
      } else if (r.body.error === "finished" || r.body.error === "time_up") {
        localStorage.removeItem(key);
        window.location.reload();
      } else {
        say(r.body.message || "");
        flush();
      }
    }, function () {
      flushing = false;
      say(form.dataset.offline);
    });
  }

  function changed(fs) {
    var response = responseOf(fs);
    if (response === undefined) { return; }
    fs.dataset.answered = "1";
    if (preview) { return; }
    var pending = load();
    pending[fs.dataset.question] = { response: response, at: Date.now() };
    store(pending);
    flush();
  }

  var timers = {};
  fieldsets.forEach(function (fs) {
    fs.addEventListener("change", function () { changed(fs); });
    fs.addEventListener("input", function (ev) {
      if (ev.target.tagName === "TEXTAREA" || ev.target.type === "text") {
        clearTimeout(timers[fs.dataset.question]);
        timers[fs.dataset.question] = setTimeout(function () { changed(fs); }, 800);
      }
    });
  });

  if (!preview) {
    var restored = load();
    fieldsets.forEach(function (fs) {
      if (restored[fs.dataset.question]) { apply(fs, restored[fs.dataset.question].response); }
    });
    window.addEventListener("online", flush);
    setInterval(flush, 15000);
    flush();
  }

  /* One question per screen. */
  var current = 0;
  var nav = form.querySelector(".question-nav");
  function show(index) {
    current = Math.max(0, Math.min(fieldsets.length - 1, index));
    fieldsets.forEach(function (fs, i) { fs.hidden = i !== current; });
    document.getElementById("question-pos").textContent = (current + 1) + " / " + fieldsets.length;
    try { sessionStorage.setItem(key + "-pos", String(current)); } catch (e) { /* ignore */ }
  }
  if (form.dataset.layout === "one" && fieldsets.length > 1) {
    nav.hidden = false;
    nav.addEventListener("click", function (ev) {
      var step = ev.target.getAttribute("data-step");
      if (step) { show(current + parseInt(step, 10)); fieldsets[current].querySelector("legend").focus(); }
    });
    fieldsets.forEach(function (fs) { fs.querySelector("legend").tabIndex = -1; });
    show(parseInt(sessionStorage.getItem(key + "-pos") || "0", 10) || 0);
  }

  /* Hand in: post only the answers not yet autosaved (usually none) and ask for JSON; show the hand-in
     here, then open the result a moment later (spread at random, so a hall handing in together does
     not load its results at once). Offline, it retries every 5 s and when the connection returns. A preview, or
     a browser without fetch, posts the whole form instead, as the page does without JavaScript. */
  var handInTimer = null, handingIn = false, handedIn = false;
  function pendingFields() {
    var pending = load(), data = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      var m = /^q(\d+)(_|$)/.exec(name);
      if (m && pending[m[1]]) { data.append(name, value); }
    });
    return data.toString();
  }
  /* From the moment 交卷 is confirmed the page's buttons are disabled and the question navigation
     hidden, so nothing can be handed in twice or changed; they come back only if the server refuses. */
  function lock(locked) {
    fieldsets.forEach(function (fs) { fs.disabled = locked; });
    Array.prototype.forEach.call(form.querySelectorAll("button"), function (b) { b.disabled = locked; });
    if (nav && form.dataset.layout === "one" && fieldsets.length > 1) { nav.hidden = locked; }
  }
  function handIn(body) {
    clearTimeout(handInTimer);
    handInTimer = null;
    handingIn = true;
    lock(true);
    fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded",
                 "X-CSRFToken": csrf },
      body: body
    }).then(function (res) {
      if ((res.headers.get("Content-Type") || "").indexOf("application/json") === 0) { return res.json(); }
      /* Not our JSON (a proxy's or an error page): post the whole form and let the server answer. */
      fieldsets.forEach(function (fs) { fs.disabled = false; });  /* disabled fields would not be posted */
      localStorage.removeItem(key);
      form.submit();
      return null;
    }).then(function (reply) {
      if (!reply) { return; }
      if (reply.ok) {
        localStorage.removeItem(key);
        handedIn = true;
        if (timer) { timer.hidden = true; }
        Array.prototype.forEach.call(form.querySelectorAll("button"), function (b) { b.hidden = true; });
        say(form.dataset.handedIn);
        if (statusEl && statusEl.scrollIntoView) { statusEl.scrollIntoView({ block: "start" }); }
        setTimeout(function () { window.location.replace(reply.result_url); },
          reply.wait_ms * (1 + Math.random()));
      } else {
        finishing = handingIn = false;
        lock(false);
        say(reply.message || "");
      }
    }, function () {
      say(form.dataset.offlineSubmit);
      retryBody = body;
      handInTimer = setTimeout(function () { handIn(body); }, 5000);
    });
  }
  var retryBody = null;
  window.addEventListener("online", function () { if (handInTimer) { handIn(retryBody); } });
  function handInNow() { if (!handingIn) { handIn(pendingFields()); } }
  var canHandIn = !preview && window.fetch && window.URLSearchParams;

  form.addEventListener("submit", function (ev) {
    if (handingIn) { ev.preventDefault(); return; }
    if (!finishing) {
      var missing = fieldsets.filter(function (fs) { return !fs.dataset.answered; })
        .map(function (fs) { return fs.id.replace("question-", ""); });
      var text = form.dataset.confirm + (missing.length ? "\n" + form.dataset.unanswered + missing.join(", ") : "");
      if (!window.confirm(text)) { ev.preventDefault(); return; }
    }
    finishing = true;
    if (canHandIn) {
      ev.preventDefault();
      handInNow();
      return;
    }
    localStorage.removeItem(key);
    handingIn = true;  /* the whole form is on its way: a second press does nothing */
    setTimeout(function () {
      Array.prototype.forEach.call(form.querySelectorAll("button"), function (b) { b.disabled = true; });
    }, 0);
  });

  /* Countdown to the server's deadline (corrected for the phone's clock). */
  var timer = document.getElementById("timer");
  if (timer) {
    var skew = Date.parse(timer.dataset.now) - Date.now();
    var deadline = Date.parse(timer.dataset.deadline);
    var left = document.getElementById("timer-left");
    var tick = function () {
      if (handedIn) { timer.hidden = true; return; }
      var ms = deadline - (Date.now() + skew);
      if (ms <= 0) {
        left.textContent = "0:00";
        if (!finishing) {
          finishing = true;
          say(form.dataset.timeup);
          if (canHandIn) { handInNow(); } else { localStorage.removeItem(key); form.submit(); }
        }
        return;
      }
      var s = Math.floor(ms / 1000);
      left.textContent = Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
      setTimeout(tick, 1000);
    };
    tick();
  }
}());
