// Programs: the import page shows a progress bar, for the upload and then for the rows checked.
// Without JavaScript the form posts as usual and the result page follows.
(function () {
  "use strict";
  var form = document.querySelector("form[data-upload]");
  if (!form || !window.XMLHttpRequest || !window.FormData) return;
  var bar = document.getElementById("upload-progress");
  var words = document.getElementById("upload-status");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    request.setRequestHeader("X-Import-Progress", "1");
    bar.hidden = false;
    bar.value = 0;
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        bar.value = Math.round((50 * e.loaded) / e.total);
        words.textContent = words.getAttribute("data-sending");
      }
    });
    request.addEventListener("progress", function () {
      var text = request.responseText;
      var lines = text.split("\n");
      for (var i = lines.length - 1; i >= 0; i--) {
        var parts = lines[i].split(" ");
        if (parts[0] === "progress" && parts.length === 3) {
          var done = parseInt(parts[1], 10), total = parseInt(parts[2], 10);
          if (total > 0) {
            bar.value = 50 + Math.round((50 * done) / total);
            words.textContent = words.getAttribute("data-checking").replace("%(done)s", done).replace("%(total)s", total);
          }
          break;
        }
      }
    });
    request.addEventListener("load", function () {
      var text = request.responseText;
      var at = text.indexOf("page\n");
      var html = at >= 0 ? text.slice(at + 5) : text;
      document.open();
      document.write(html);
      document.close();
    });
    request.send(new FormData(form));
  });
})();

// Encounter form: each referral's directory service list is short (the first few of that
// type); a search box brings any other by name. Without JavaScript the short list stays.
(function () {
  "use strict";
  var boxes = document.querySelectorAll("input.service-find[data-url]");
  if (!boxes.length || !window.fetch) return;
  Array.prototype.forEach.call(boxes, function (box) {
    var select = document.getElementById(box.getAttribute("data-for"));
    if (!select) return;
    box.hidden = false;
    var timer = null, asked = 0;
    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var mine = ++asked;
        var url = box.getAttribute("data-url") + "&q=" + encodeURIComponent(box.value.trim());
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (data) {
            if (!data || mine !== asked) return;
            var keep = select.value;
            var first = select.options[0];
            select.textContent = "";
            select.appendChild(first);
            data.results.forEach(function (s) {
              var option = document.createElement("option");
              option.value = String(s.id);
              option.textContent = s.name;
              select.appendChild(option);
            });
            select.value = keep;
            // Typing a name picks the first match; the list shows what else matched.
            if (select.value !== keep || (!keep && box.value.trim())) {
              select.value = data.results.length ? String(data.results[0].id) : "";
            }
          })
          .catch(function () {});
      }, 250);
    });
  });
})();
