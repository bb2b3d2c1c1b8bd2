// Waypoint's service worker. It keeps the app shell and pages the server marks as holding
// nothing about a person; it never stores a page or API answer with personal data. When a form
// listed in CONFIG.forms cannot reach the server, the submission is kept in IndexedDB (the
// outbox) and sent later; the server's idempotent saves make every retry safe.
"use strict";
var CONFIG = {{ config|safe }};
var CACHE = "waypoint-" + CONFIG.version;
importScripts(CONFIG.outbox);

function fill(urls) {
  return caches.open(CACHE).then(function (cache) {
    return Promise.all(
      urls.map(function (url) {
        return fetch(url, { credentials: "same-origin" })
          .then(function (response) { return keep(cache, url, response); })
          .catch(function () { /* offline now: the next visit fills it in */ });
      })
    );
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(fill(CONFIG.shell.concat(CONFIG.pages)).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(
        names.filter(function (name) { return name.indexOf("waypoint-") === 0 && name !== CACHE; })
          .map(function (name) { return caches.delete(name); })
      );
    }).then(function () { return self.clients.claim(); })
  );
});

// A response is kept only if it is a static file or the server marked the page safe to keep.
function keep(cache, url, response) {
  var path = new URL(url, self.location.origin).pathname;
  var safe = path.indexOf("/static/") === 0 || response.headers.get(CONFIG.header) === "cache";
  if (response.ok && !response.redirected && safe) {
    return cache.put(path, response.clone()).then(function () { return response; });
  }
  return Promise.resolve(response);
}

function isOfflineForm(url) {
  return CONFIG.forms.some(function (pattern) { return new RegExp(pattern).test(url.pathname); });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (request.method === "POST" && request.mode === "navigate" && isOfflineForm(url)) {
    event.respondWith(sendOrKeep(request));
    return;
  }
  if (request.method !== "GET") return;

  if (request.mode === "navigate" && url.pathname.indexOf("/api/") !== 0) {
    event.respondWith(
      fetch(request)
        .then(function (response) {
          return caches.open(CACHE).then(function (cache) { return keep(cache, url.pathname, response); });
        })
        .catch(function () { return offlinePage(url); })
    );
    return;
  }
  // Only the shell's own files are answered from the cache; other files go to the network as usual.
  if (CONFIG.shell.indexOf(url.pathname) >= 0) {
    event.respondWith(
      caches.open(CACHE).then(function (cache) {
        return cache.match(url.pathname).then(function (hit) {
          return hit || fetch(request).then(function (response) { return keep(cache, url.pathname, response); });
        });
      })
    );
  }
});

function offlinePage(url) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(url.pathname).then(function (hit) {
      return hit || cache.match(CONFIG.offline);
    });
  }).then(function (hit) {
    return hit || new Response("Offline", { status: 503, headers: { "Content-Type": "text/plain" } });
  });
}

// Send a form; with no connection (or one that breaks mid-send) keep it for later. A send that
// the server saved before the connection broke is kept too: the retry finds it already saved.
function sendOrKeep(request) {
  var copy = request.clone();
  return fetch(request).catch(function () {
    return copy.text().then(function (body) {
      return WaypointOutbox.keep({
        url: copy.url,
        body: body,
        contentType: copy.headers.get("Content-Type") || "application/x-www-form-urlencoded",
      });
    }).then(function () {
      if (self.registration.sync) {
        self.registration.sync.register("waypoint-outbox").catch(function () {});
      }
      // Back to the same form (kept for offline use when it holds nothing personal), else the
      // offline page: either way the person can go on.
      return Response.redirect(new URL(copy.url).pathname + "?kept=1", 303);
    });
  });
}

self.addEventListener("sync", function (event) {
  if (event.tag === "waypoint-outbox") event.waitUntil(WaypointOutbox.flush());
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  // After sign-in (or any online visit) the offline pages are fetched again for this person.
  if (data.type === "refresh") event.waitUntil(fill(CONFIG.pages));
  if (data.type === "forget") {
    event.waitUntil(caches.keys().then(function (names) {
      return Promise.all(names.map(function (name) { return caches.delete(name); }));
    }));
  }
});
