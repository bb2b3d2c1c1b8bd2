// The installed app on this device: the service worker, the outbox banner and list, sending
// what waited once the connection is back, clearing the device on sign-out, and the app lock.
var WaypointDevice = (function () {
  "use strict";
  var words = {};
  var wordsNode = document.getElementById("device-words");
  if (wordsNode) words = JSON.parse(wordsNode.getAttribute("data-words"));
  var signedIn = document.body.getAttribute("data-signed-in") === "1";
  var LOCK = "waypoint-lock";
  var HIDDEN_AT = "waypoint-hidden-at";
  var LOCKED = "waypoint-locked";

  function say(key, n) {
    return (words[key] || key).replace("%(n)s", String(n));
  }

  function csrf() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function localDay() {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  // --- The outbox: banner, list, sending -------------------------------------------------
  function showCount() {
    var status = document.querySelector("[data-outbox-status]");
    if (!status || !window.indexedDB) return Promise.resolve();
    return WaypointOutbox.all().then(function (items) {
      var waiting = items.filter(function (i) { return i.status !== "refused"; }).length;
      var refused = items.length - waiting;
      var parts = [];
      if (waiting) parts.push(say("waiting", waiting));
      if (refused) parts.push(say("refused", refused));
      status.querySelector("[data-outbox-text]").textContent = parts.join(" · ");
      status.hidden = parts.length === 0;
      renderList(items);
    });
  }

  function sendNow() {
    if (!signedIn || !navigator.onLine || !window.indexedDB) return showCount();
    return WaypointOutbox.flush(csrf()).then(showCount, showCount);
  }

  function substanceName(value) {
    var option = document.querySelector("form[data-log-form] select[name=substance] option[value='" + value + "']");
    return option ? option.textContent : "";
  }

  function pageData(id) {
    var node = document.getElementById(id);
    try { return node ? JSON.parse(node.textContent) : {}; } catch (e) { return {}; }
  }

  // The amount with its unit, as the online pages say it ("2 grams", "330 mL", "1 beer"), in the
  // page's language: the words come from the offline page (data-amount-words), the substance's
  // kind and the unit labels from its log form.
  function amountText(field) {
    var raw = field("amount");
    if (!raw) return "";
    var list = document.querySelector("[data-outbox-list]");
    var words = {};
    try { words = JSON.parse(list.getAttribute("data-amount-words") || "{}"); } catch (e) { /* none */ }
    var value = parseFloat(raw);
    var number = isNaN(value) ? raw : String(value);
    var info = pageData("substance-meta")[field("substance")] || {};
    var drink = field("drink");
    var forms;
    var unit = field("unit") || info["default"] || "";
    if (info.alcohol) {
      if (!drink) return number; // no drink chosen: the server asks which, the list does not guess
      forms = (words.drinks || {})[drink];
      unit = drink === "volume" ? "ml" : "drink";
    }
    forms = forms || (words.units || {})[unit];
    if (forms) return forms[value === 1 ? 0 : 1].replace("%(n)s", number);
    var label = pageData("unit-labels")[unit];
    return label ? number + " " + label : number;
  }

  function describe(item) {
    var field = function (name) { return WaypointOutbox.field(item.body, name); };
    if (field("entry_id")) {
      return [substanceName(field("substance")), amountText(field), field("day")].filter(Boolean).join(", ") || say("entry", 1);
    }
    var path = new URL(item.url).pathname;
    if (/\/encounters\/new\/$/.test(path)) {
      return say("encounter", 1) + (field("at") ? " " + field("at").slice(0, 10) : "");
    }
    var day = (path.match(/\d{4}-\d{2}-\d{2}/) || [""])[0];
    return say("checkin", 1) + (day ? " " + day : "");
  }

  function renderList(items) {
    var list = document.querySelector("[data-outbox-list]");
    if (!list) return;
    list.innerHTML = "";
    var empty = document.querySelector("[data-outbox-empty]");
    if (empty) empty.hidden = items.length > 0;
    items.forEach(function (item) {
      var li = document.createElement("li");
      // A question ("Is that right?") is not an error: it is shown in the notice colours.
      var asked = item.status === "refused" && item.confirmField;
      li.className = "outbox-item" + (asked ? " asked" : item.status === "refused" ? " refused" : "");
      var label = document.createElement("span");
      label.textContent = describe(item) + " · " + (item.status === "refused" ? say("not_saved", 1) : say("waiting_one", 1));
      li.appendChild(label);
      if (item.message) {
        var why = document.createElement("p");
        why.className = asked ? "question" : "error";
        why.textContent = item.message;
        li.appendChild(why);
      }
      if (asked) {
        // The server asked "Is that right?" (the value restated above): one tap answers yes.
        var yes = button(say("confirm", 1), function () {
          WaypointOutbox.confirm(item).then(sendNow);
        });
        yes.className = "";
        li.appendChild(yes);
      }
      if (item.status === "refused" && (WaypointOutbox.field(item.body, "entry_id") || isEncounter(item))) {
        li.appendChild(button(say("fix", 1), function () { fix(item); }));
      }
      li.appendChild(button(say("discard", 1), function () {
        WaypointOutbox.remove(item.key).then(showCount);
      }));
      list.appendChild(li);
    });
  }

  function button(text, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "secondary";
    b.textContent = text;
    b.addEventListener("click", onClick);
    return b;
  }

  function isEncounter(item) {
    return !!WaypointOutbox.field(item.body, "encounter_id");
  }

  // What was submitted, back in the form (the same id included); the buttons and answers that
  // went with it are not (the person saves again, and is asked again if need be).
  var NOT_REFILLED = ["csrfmiddlewaretoken", "action", "confirm", "confirm_unusual"];
  function refill(form, body) {
    var params = new URLSearchParams(body);
    var names = [];
    params.forEach(function (value, name) { if (names.indexOf(name) < 0) names.push(name); });
    names.forEach(function (name) {
      var fieldNode = form.elements[name];
      if (!fieldNode || NOT_REFILLED.indexOf(name) >= 0) return;
      var values = params.getAll(name);
      var nodes = fieldNode.length !== undefined && fieldNode.tagName !== "SELECT" ? fieldNode : [fieldNode];
      Array.prototype.forEach.call(nodes, function (node) {
        if (node.type === "checkbox" || node.type === "radio") node.checked = values.indexOf(node.value) >= 0;
        else if (node.tagName !== "BUTTON") node.value = values[0];
      });
    });
  }

  function focusFirst(form) {
    var first = form.querySelector("select, input:not([type=hidden])");
    if (first) first.focus();
  }

  // Put a refused entry back into the log form, with the same id, to correct and save again. An
  // encounter goes back into its own form, on its own page (kept for offline use too).
  function fix(item) {
    if (isEncounter(item)) {
      location.assign(new URL(item.url).pathname + "#fix=" + encodeURIComponent(item.key));
      return;
    }
    var form = document.querySelector("form[data-log-form]");
    if (!form) return;
    refill(form, item.body);
    WaypointOutbox.remove(item.key).then(showCount);
    focusFirst(form);
  }

  // Opened from "Fix" on the waiting list: fill this page's form with the kept submission and
  // take it off the list (it is sent again, with its id, when the person saves).
  function fixFromList() {
    var match = location.hash.match(/^#fix=(.+)$/);
    var form = document.querySelector("form[data-offline-id]");
    if (!match || !form || !window.indexedDB) return;
    var key = decodeURIComponent(match[1]);
    history.replaceState(null, "", location.pathname + location.search);
    WaypointOutbox.all().then(function (items) {
      var item = items.filter(function (i) { return i.key === key; })[0];
      if (!item) return;
      refill(form, item.body);
      focusFirst(form);
      return WaypointOutbox.remove(item.key).then(showCount);
    });
  }

  function localTime() {
    var now = new Date();
    return localDay() + "T" + ("0" + now.getHours()).slice(-2) + ":" + ("0" + now.getMinutes()).slice(-2);
  }

  // A form the app keeps offline gets its client id when the page opens (a copy of the page
  // kept for offline use must not reuse one), today's date on this device, and the time it was
  // filled in when it cannot be sent now.
  function prepareOfflineForms() {
    document.querySelectorAll("form[data-offline-id]").forEach(function (form) {
      var idField = form.elements[form.getAttribute("data-offline-id")];
      if (idField && !idField.value && self.crypto && self.crypto.randomUUID) idField.value = self.crypto.randomUUID();
      form.addEventListener("submit", function () {
        var at = form.elements[form.getAttribute("data-offline-at") || ""];
        if (at && !at.value && !navigator.onLine) at.value = localTime();
      });
    });
    document.querySelectorAll("form[data-offline-log]").forEach(function (form) {
      form.addEventListener("submit", function () {
        if (form.elements.day && form.getAttribute("data-day-set") !== "1") form.elements.day.value = localDay();
      });
      if (form.elements.day) {
        form.elements.day.addEventListener("change", function () { form.setAttribute("data-day-set", "1"); });
      }
    });
    document.querySelectorAll("form[data-offline-checkin]").forEach(function (form) {
      form.addEventListener("submit", function () {
        form.action = form.getAttribute("data-offline-checkin") + localDay() + "/";
      });
    });
  }

  // --- Signing out and leaving ------------------------------------------------------------
  function forget() {
    try { localStorage.removeItem(LOCK); localStorage.removeItem(HIDDEN_AT); localStorage.removeItem(LOCKED); } catch (e) { /* private mode */ }
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: "forget" });
    }
    return window.indexedDB ? WaypointOutbox.forget() : Promise.resolve();
  }

  function guardSignOut() {
    var form = document.querySelector("form[data-sign-out]");
    if (!form || !window.indexedDB) return;
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-checked") === "1") return;
      event.preventDefault();
      WaypointOutbox.all().then(function (items) {
        if (!items.length) return leaveWith(form, forget());
        var dialog = document.getElementById("sign-out-dialog");
        dialog.querySelector("[data-count]").textContent = say("waiting", items.length);
        dialog.showModal();
        dialog.querySelector("[data-send-first]").onclick = function () {
          WaypointOutbox.flush(csrf()).then(function () { return WaypointOutbox.all(); }).then(function (left) {
            if (left.length) { dialog.querySelector("[data-count]").textContent = say("still_waiting", left.length); return; }
            leaveWith(form, forget());
          });
        };
        dialog.querySelector("[data-discard]").onclick = function () { leaveWith(form, forget()); };
        dialog.querySelector("[data-stay]").onclick = function () { dialog.close(); };
      });
    });
  }

  function leaveWith(form, cleared) {
    cleared.then(function () {
      form.setAttribute("data-checked", "1");
      form.submit();
    });
  }

  // --- App lock: a PIN asked after some minutes in the background -------------------------
  function hexOf(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function pinHash(pin, salt) {
    var enc = new TextEncoder();
    return crypto.subtle.importKey("raw", enc.encode(pin), "PBKDF2", false, ["deriveBits"]).then(function (key) {
      return crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: enc.encode(salt), iterations: 210000 }, key, 256);
    }).then(hexOf);
  }

  function lockSettings() {
    try { return JSON.parse(localStorage.getItem(LOCK) || "null"); } catch (e) { return null; }
  }

  function setUpLockSettings() {
    var box = document.querySelector("[data-app-lock]");
    if (!box || !window.crypto || !crypto.subtle) return;
    box.hidden = false;
    var state = box.querySelector("[data-lock-state]");
    var form = box.querySelector("form");
    var off = box.querySelector("[data-lock-off]");
    function refresh() {
      var current = lockSettings();
      state.textContent = current ? say("lock_on", current.minutes).replace("%(m)s", current.minutes) : say("lock_off", 0);
      off.hidden = !current;
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var pin = form.elements.pin.value;
      var error = box.querySelector("[data-lock-error]");
      if (!/^\d{4,8}$/.test(pin) || pin !== form.elements.pin_again.value) {
        error.textContent = say("pin_rule", 0);
        error.hidden = false;
        return;
      }
      error.hidden = true;
      var salt = hexOf(crypto.getRandomValues(new Uint8Array(16)));
      pinHash(pin, salt).then(function (hash) {
        localStorage.setItem(LOCK, JSON.stringify({ salt: salt, hash: hash, minutes: Number(form.elements.minutes.value) }));
        form.reset();
        refresh();
      });
    });
    off.addEventListener("click", function () {
      localStorage.removeItem(LOCK);
      localStorage.removeItem(LOCKED);
      refresh();
    });
    refresh();
  }

  function lockIfDue() {
    var settings = lockSettings();
    if (!settings || !signedIn) return;
    var hiddenAt = Number(localStorage.getItem(HIDDEN_AT) || 0);
    var due = hiddenAt && Date.now() - hiddenAt >= settings.minutes * 60000;
    if (due) localStorage.setItem(LOCKED, "1");
    localStorage.removeItem(HIDDEN_AT);
    if (localStorage.getItem(LOCKED) === "1") showLock(settings);
  }

  function showLock(settings) {
    var screen = document.getElementById("app-lock-screen");
    if (!screen) return;
    document.documentElement.classList.add("app-locked");
    screen.hidden = false;
    var form = screen.querySelector("form");
    var error = screen.querySelector("[data-lock-error]");
    form.elements.pin.focus();
    form.onsubmit = function (event) {
      event.preventDefault();
      pinHash(form.elements.pin.value, settings.salt).then(function (hash) {
        if (hash !== settings.hash) {
          error.hidden = false;
          form.elements.pin.value = "";
          return;
        }
        localStorage.removeItem(LOCKED);
        document.documentElement.classList.remove("app-locked");
        screen.hidden = true;
        form.reset();
      });
    };
    // Forgetting the PIN means signing in again; entries waiting to send stay on the device.
    screen.querySelector("[data-lock-forgot]").onclick = function () {
      localStorage.removeItem(LOCK);
      localStorage.removeItem(LOCKED);
      var signOut = document.querySelector("form[data-sign-out]");
      signOut.setAttribute("data-checked", "1");
      signOut.submit();
    };
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      if (lockSettings()) localStorage.setItem(HIDDEN_AT, String(Date.now()));
    } else {
      lockIfDue();
    }
  });

  // --- Start ---------------------------------------------------------------------------------
  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
    if (navigator.onLine && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: "refresh" });
    }
  }
  var kept = document.querySelector("[data-kept]");
  if (kept && /[?&]kept=1/.test(location.search)) kept.hidden = false;
  lockIfDue();
  setUpLockSettings();
  prepareOfflineForms();
  fixFromList();
  guardSignOut();
  window.addEventListener("online", sendNow);
  sendNow();

  return { forget: forget, sendNow: sendNow, showCount: showCount };
})();
