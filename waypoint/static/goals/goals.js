// The goal form: show only the parts that go with the chosen kind of goal. Without JavaScript
// every part stays on screen and the server ignores the ones that do not apply.
(function () {
  "use strict";
  var form = document.querySelector("form.goal-form");
  if (!form) return;
  var radios = form.querySelectorAll('input[name="kind"]');
  var parts = form.querySelectorAll(".kind-part");

  function update() {
    var chosen = form.querySelector('input[name="kind"]:checked');
    var kind = chosen ? chosen.value : "";
    parts.forEach(function (part) {
      var kinds = (part.getAttribute("data-kinds") || "").split(" ");
      part.hidden = kind !== "" && kinds.indexOf(kind) === -1;
    });
  }

  radios.forEach(function (radio) {
    radio.addEventListener("change", update);
  });
  update();
})();
