// "Use my location": only when the person taps it; the numbers go into this one search (rounded
// to about 100 m) and are never stored by Waypoint.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-use-location]");
    var form = document.getElementById("dir-search");
    if (!button || !form || !navigator.geolocation) return;
    var status = document.querySelector("[data-location-status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      if (status) status.textContent = button.getAttribute("data-asking") || "…";
      navigator.geolocation.getCurrentPosition(
        function (pos) {
          form.querySelector("[name=lat]").value = pos.coords.latitude.toFixed(3);
          form.querySelector("[name=lon]").value = pos.coords.longitude.toFixed(3);
          var place = form.querySelector("[name=place]");
          if (place) place.value = "";
          form.submit();
        },
        function () {
          if (status) status.textContent = button.getAttribute("data-failed") || "";
        },
        { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 }
      );
    });
  });
})();
