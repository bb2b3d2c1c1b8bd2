// Quick exit: one tap on the button, or Escape twice within a second, leaves for a neutral site.
// The current history entry is replaced, the session is ended in the background, and private
// pages are served no-store, so the Back button does not bring Waypoint back.
(function () {
  "use strict";
  var form = document.querySelector("form.quick-exit");
  if (!form) return;
  var target = form.getAttribute("data-quick-exit-url");
  var leaving = false;

  function leave() {
    if (leaving) return;
    leaving = true;
    document.body.hidden = true;
    document.title = "";
    // Clear what the app keeps on this device; started now, never waited for.
    try {
      if (window.WaypointDevice) window.WaypointDevice.forget();
    } catch (e) {
      /* leaving matters more */
    }
    try {
      navigator.sendBeacon(form.action);
    } catch (e) {
      /* leaving matters more than signing out */
    }
    window.location.replace(target);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    leave();
  });

  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var now = Date.now();
    if (now - lastEscape < 1000) {
      leave();
    }
    lastEscape = now;
  });
})();

// The "More" menu opens without JavaScript (a <details>); with it, a tap elsewhere closes it.
(function () {
  "use strict";
  var more = document.querySelector("[data-nav-more]");
  if (!more) return;
  document.addEventListener("click", function (event) {
    if (more.open && !more.contains(event.target)) more.open = false;
  });
})();
