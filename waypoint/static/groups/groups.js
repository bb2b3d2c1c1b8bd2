// Groups: +/− buttons for the walk-in counter, and the handout's Print button.
// Both enhance plain HTML: without JavaScript the number input and the browser's Print work.
(function () {
  "use strict";
  document.querySelectorAll("[data-counter]").forEach(function (row) {
    var input = row.querySelector("input");
    if (!input) return;
    row.querySelectorAll("button[data-step]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var step = parseInt(button.getAttribute("data-step"), 10);
        var value = parseInt(input.value, 10);
        if (isNaN(value)) value = 0;
        var max = parseInt(input.getAttribute("max"), 10);
        value = Math.max(0, value + step);
        if (!isNaN(max)) value = Math.min(max, value);
        input.value = String(value);
        input.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
  });
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
