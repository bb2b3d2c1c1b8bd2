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
