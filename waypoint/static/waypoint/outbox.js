// The outbox: form submissions kept on this device until the server has them. Shared by the
// pages and the service worker. Each submission carries its client id (the form's entry_id),
// and the server saves a given id once, so sending again after a broken connection is safe.
var WaypointOutbox = (function () {
  "use strict";
  var DB = "waypoint-device";
  var STORE = "outbox";
  var LOGIN_PATH = "/login/";
  // A refusal that is a question ("Is that right?") names the field whose "1" answers yes
  // (waypoint.core.pwa.CONFIRM_HEADER).
  var CONFIRM_HEADER = "X-Waypoint-Confirm";

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "key" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        // "strict": a kept submission is on disk before we say so, even if the browser is killed.
        var tx = db.transaction(STORE, mode, { durability: "strict" });
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(result && "result" in result ? result.result : result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function randomId() {
    if (self.crypto && self.crypto.randomUUID) return self.crypto.randomUUID();
    return String(Date.now()) + "-" + String(Math.random()).slice(2);
  }

  function field(body, name) {
    return new URLSearchParams(body).get(name) || "";
  }

  // Keep a submission. The same entry sent twice (the same entry_id) is kept once.
  function keep(item) {
    var entryId = field(item.body, "entry_id") || field(item.body, "encounter_id");
    item.key = entryId ? "entry:" + entryId : "form:" + randomId();
    item.keptAt = Date.now();
    item.status = "waiting";
    item.message = "";
    item.confirmField = "";
    return run("readwrite", function (store) { return store.put(item); });
  }

  // "Yes, that's right": the same submission (the same entry id) again, with the answer the
  // server asked for. It waits like any other until it is sent.
  function confirm(item) {
    var params = new URLSearchParams(item.body);
    params.set(item.confirmField, "1");
    item.body = params.toString();
    item.status = "waiting";
    item.message = "";
    item.confirmField = "";
    return put(item);
  }

  function all() {
    return run("readonly", function (store) { return store.getAll(); }).then(function (items) {
      return (items || []).sort(function (a, b) { return a.keptAt - b.keptAt; });
    });
  }

  function remove(key) {
    return run("readwrite", function (store) { return store["delete"](key); });
  }

  function put(item) {
    return run("readwrite", function (store) { return store.put(item); });
  }

  function text(html) {
    return html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();
  }

  // What the server said was wrong: the messages of a refused form, or an API's detail.
  function refusal(body) {
    try {
      var detail = JSON.parse(body).detail;
      if (detail) return String(detail);
    } catch (e) { /* a page, not JSON */ }
    // Only the page's main content: the shell around it has hidden messages of its own.
    var start = body.indexOf("<main");
    var end = body.indexOf("</main>");
    if (start >= 0 && end > start) body = body.slice(start, end);
    var found = [];
    var pattern = /<(p|div) class="(error|form-errors|unusual-question)"[^>]*>([\s\S]*?)<\/\1>/g;
    var match;
    while ((match = pattern.exec(body)) !== null) found.push(text(match[3]));
    return found.join(" ") || couldNotSave();
  }

  // In the page's language when a page is there (device-words); the service worker has none.
  function couldNotSave() {
    try {
      var node = typeof document !== "undefined" && document.getElementById("device-words");
      var words = node ? JSON.parse(node.getAttribute("data-words")) : {};
      if (words.could_not_save) return words.could_not_save;
    } catch (e) { /* no words: English */ }
    return "The server could not save this.";
  }

  function withToken(body, csrf) {
    if (!csrf) return body;
    var params = new URLSearchParams(body);
    params.set("csrfmiddlewaretoken", csrf);
    return params.toString();
  }

  // Send one; answers "sent", "refused" (kept with the server's message) or "waiting".
  function send(item, csrf) {
    return fetch(item.url, {
      method: "POST",
      body: withToken(item.body, csrf),
      headers: { "Content-Type": item.contentType, "X-Waypoint-Outbox": "1" },
      credentials: "same-origin",
      redirect: "follow",
    }).then(function (response) {
      if (response.redirected && new URL(response.url).pathname.indexOf(LOGIN_PATH) === 0) {
        return "waiting"; // signed out: it waits for the next sign-in
      }
      if (response.ok) return remove(item.key).then(function () { return "sent"; });
      if ([400, 409, 413, 422].indexOf(response.status) >= 0) {
        var confirmField = response.headers.get(CONFIRM_HEADER) || "";
        return response.text().then(function (body) {
          item.status = "refused";
          item.message = refusal(body);
          item.confirmField = confirmField;
          return put(item).then(function () { return "refused"; });
        });
      }
      return "waiting";
    }, function () {
      return "waiting";
    });
  }

  function sendAll(csrf) {
    return all().then(function (items) {
      var counts = { sent: 0, refused: 0, waiting: 0 };
      return items.reduce(function (chain, item) {
        if (item.status === "refused") {
          counts.refused += 1;
          return chain;
        }
        return chain.then(function () {
          return send(item, csrf).then(function (outcome) { counts[outcome] += 1; });
        });
      }, Promise.resolve()).then(function () { return counts; });
    });
  }

  // One send at a time across the pages and the worker of this device.
  function flush(csrf) {
    if (self.navigator && self.navigator.locks) {
      return self.navigator.locks.request("waypoint-outbox", function () { return sendAll(csrf); });
    }
    return sendAll(csrf);
  }

  function forget() {
    return new Promise(function (resolve) {
      var request = indexedDB.deleteDatabase(DB);
      request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
    });
  }

  return {
    keep: keep, all: all, remove: remove, confirm: confirm, flush: flush, forget: forget, field: field,
  };
})();
