// The check-on-me countdown: shows the time left, and at the deadline asks with sound and
// vibration where the browser allows. The server decides everything; this only shows it.
(function () {
  "use strict";
  var box = document.querySelector("[data-timer]");
  if (!box || box.dataset.status !== "running") return;
  var deadline = Date.parse(box.dataset.deadline);
  var alertAt = Date.parse(box.dataset.alertAt);
  var out = box.querySelector("[data-countdown]");
  var asking = box.querySelector("[data-phase=asking]");
  var rang = false;

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function show(ms) {
    var s = Math.max(0, Math.round(ms / 1000));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    return (h ? h + ":" + pad(m) : m) + ":" + pad(s % 60);
  }
  function ring() {
    if (rang) return;
    rang = true;
    if (navigator.vibrate) navigator.vibrate([400, 200, 400, 200, 400]);
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      var ctx = new Ctx();
      [0, 0.6, 1.2].forEach(function (t) {
        var osc = ctx.createOscillator(), gain = ctx.createGain();
        osc.frequency.value = 880;
        gain.gain.value = 0.2;
        osc.connect(gain); gain.connect(ctx.destination);
        osc.start(ctx.currentTime + t); osc.stop(ctx.currentTime + t + 0.35);
      });
    } catch (e) { /* no sound here; the page still asks */ }
  }
  function tick() {
    var now = Date.now();
    if (now < deadline) {
      out.textContent = show(deadline - now);
    } else {
      box.dataset.state = "asking";
      if (asking) asking.hidden = false;
      out.textContent = show(alertAt - now);
      ring();
    }
  }
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (t) { if (t && t.status !== "running") window.location.reload(); })
      .catch(function () {});
  }
  tick();
  setInterval(tick, 1000);
  setInterval(poll, 5000);
})();
