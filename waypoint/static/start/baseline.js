// Quick fill for the baseline calendar: put one number in many days at once. The calendar works
// without this script; the toolbar stays hidden until the script runs.
(function () {
  "use strict";
  document.querySelectorAll(".quick-fill[data-table]").forEach(function (bar) {
    var table = document.getElementById(bar.getAttribute("data-table"));
    var amount = bar.querySelector("input");
    if (!table || !amount) return;
    bar.hidden = false;
    bar.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-fill]");
      if (!button) return;
      var mode = button.getAttribute("data-fill");
      var value = amount.value.trim();
      if (mode !== "clear" && (value === "" || isNaN(Number(value)) || Number(value) < 0)) {
        amount.focus();
        return;
      }
      table.querySelectorAll("td.day input").forEach(function (input) {
        var weekend = input.hasAttribute("data-weekend");
        if (mode === "clear") {
          input.value = "";
        } else if (input.value === "") {
          if (mode === "empty" || (mode === "weekend" && weekend) || (mode === "weekdays" && !weekend)) {
            input.value = value;
          }
        }
      });
    });
  });
})();
