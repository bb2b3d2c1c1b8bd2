// Time zone: propose the browser's own zone on sign-up, and say so on Settings when this device's
// clock is elsewhere. Without JavaScript the plain select works the same; nothing is sent
// anywhere but with the form the person submits.
(function () {
  "use strict";
  var device;
  try {
    device = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  if (!device) return;
  var selects = document.querySelectorAll("select[data-browser-zone]");
  Array.prototype.forEach.call(selects, function (select) {
    var known = Array.prototype.some.call(select.options, function (option) {
      return option.value === device;
    });
    if (!known || select.value === device) return;
    var note = document.createElement("p");
    note.className = "help";
    note.setAttribute("role", "status");
    var text = select.getAttribute("data-device-note") || "%(zone)s";
    note.textContent = text.replace("%(zone)s", device.replace(/_/g, " "));
    if (select.getAttribute("data-browser-zone") === "propose") {
      select.value = device;
      select.insertAdjacentElement("afterend", note);
      return;
    }
    var use = document.createElement("button");
    use.type = "button";
    use.className = "secondary small";
    use.textContent = select.getAttribute("data-use-label") || device;
    use.addEventListener("click", function () {
      select.value = device;
      note.remove();
      select.focus();
    });
    note.appendChild(document.createTextNode(" "));
    note.appendChild(use);
    select.insertAdjacentElement("afterend", note);
  });
})();
