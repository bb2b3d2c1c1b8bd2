// The combination checker without a connection: the page carries the whole table (the same
// words the server uses), so the installed app answers from it when the network is gone.
// Online, the form goes to the server as usual.
(function () {
  "use strict";
  var node = document.getElementById("checker-data");
  var form = document.querySelector("form.checker");
  var out = document.querySelector("[data-offline-results]");
  if (!node || !form || !out) return;
  var data = JSON.parse(node.textContent);
  var FIELDS = ["s1", "s2", "s3", "s4"];

  function chosen() {
    var slugs = [];
    FIELDS.forEach(function (name) {
      var field = form.elements[name];
      if (field && field.value && slugs.indexOf(field.value) < 0) slugs.push(field.value);
    });
    return slugs;
  }

  function pairs(slugs) {
    var found = [];
    for (var i = 0; i < slugs.length; i++) {
      for (var j = i + 1; j < slugs.length; j++) {
        var a = slugs[i], b = slugs[j];
        var ca = data.classOf[a], cb = data.classOf[b];
        if (!ca || !cb) continue;
        var rule = data.rules[[ca, cb].sort().join("|")];
        if (!rule) continue;
        var notes = [data.notes[a + "|" + cb], data.notes[b + "|" + ca]].filter(Boolean);
        found.push({ a: a, b: b, rule: rule, notes: notes, order: found.length });
      }
    }
    return found.sort(function (x, y) {
      return data.ratings[x.rule.rating].rank - data.ratings[y.rule.rating].rank || x.order - y.order;
    });
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function show(found) {
    out.innerHTML = "";
    found.forEach(function (pair) {
      var rating = data.ratings[pair.rule.rating];
      var card = el("article", "", "pair rating-" + pair.rule.rating);
      var head = el("h3");
      head.appendChild(el("span", rating.label, "badge"));
      head.appendChild(document.createTextNode(" " + data.names[pair.a] + " + " + data.names[pair.b]));
      card.appendChild(head);
      card.appendChild(el("p", pair.rule.summary || rating.meaning));
      pair.notes.forEach(function (note) { card.appendChild(el("p", note, "pair-note")); });
      var advice = el("p");
      advice.appendChild(el("strong", data.words["do"]));
      advice.appendChild(document.createTextNode(" " + pair.rule.advice));
      card.appendChild(advice);
      if (pair.rule.sources.length) {
        var details = el("details", "", "sources");
        details.appendChild(el("summary", data.words.sources));
        var list = el("ul");
        pair.rule.sources.forEach(function (source) {
          var link = el("a", source[0]);
          link.href = source[1];
          link.rel = "noopener noreferrer";
          var item = el("li");
          item.appendChild(link);
          list.appendChild(item);
        });
        details.appendChild(list);
        card.appendChild(details);
      }
      out.appendChild(card);
    });
    out.hidden = found.length === 0;
  }

  form.addEventListener("submit", function (event) {
    if (navigator.onLine) return;
    event.preventDefault();
    show(pairs(chosen()));
  });

  // Opened without a connection from a link such as ?s1=alcohol&s2=opioids or ?substances=a,b.
  if (!navigator.onLine && location.search) {
    var params = new URLSearchParams(location.search);
    var listed = (params.get("substances") || "").split(",").filter(Boolean);
    FIELDS.forEach(function (name, i) {
      var value = params.get(name) || listed[i];
      if (value && form.elements[name]) form.elements[name].value = value;
    });
    show(pairs(chosen()));
  }
})();
