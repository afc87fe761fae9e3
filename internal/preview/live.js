// dudao serve: live reload and the error overlay. Added to pages by the
// preview server only (internal/preview); never part of a built site.
// Listens to /__dudao/events: hello (reload if this page is from another
// build or another server), reload, css (swap stylesheets in place), errors
// (show the overlay, markup made and escaped by the server), ok (hide it).
(function () {
  'use strict';
  if (window.__dudaoLive || !window.EventSource) return;
  window.__dudaoLive = true;

  var TAG = 'dudao-overlay';
  var script = document.currentScript;
  var version = script && script.getAttribute('data-version');
  var source;

  function on(name, f) {
    source.addEventListener(name, function (e) {
      var d;
      try { d = JSON.parse(e.data); } catch (_) { return; }
      f(d);
    });
  }

  function connect() {
    source = new EventSource('/__dudao/events');
    on('hello', function (d) {
      if (version && d.version !== version) { location.reload(); return; }
      version = d.version;
    });
    on('reload', function () { location.reload(); });
    on('css', function (d) { version = d.version; swapCSS(d.css || {}); hideOverlay(); });
    on('ok', function (d) { version = d.version; hideOverlay(); });
    on('errors', function (d) { showOverlay(d.html); });
    source.onerror = function () {
      // After a network error the browser retries by itself; after a refusal
      // (the server is shutting down) the stream is closed for good.
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 1000);
    };
  }

  function current() { return document.querySelector(TAG); }

  function hideOverlay() {
    for (var h = current(); h; h = current()) h.remove();
  }

  function showOverlay(html) {
    hideOverlay();
    var host = document.createElement(TAG);
    host.attachShadow({ mode: 'open' }).innerHTML = html;
    (document.body || document.documentElement).appendChild(host);
    wire(host);
  }

  // wire makes an overlay closable; for one the server sent in the page, it
  // first attaches the shadow root if the browser did not (no declarative
  // shadow DOM).
  function wire(host) {
    var root = host.shadowRoot;
    if (!root) {
      var t = host.querySelector('template');
      if (!t) return;
      root = host.attachShadow({ mode: 'open' });
      root.appendChild(t.content);
      t.remove();
    }
    var dialog = root.querySelector('dialog');
    if (dialog) dialog.addEventListener('close', function () { host.remove(); });
  }

  function swapCSS(map) {
    var links = document.querySelectorAll('link[rel][href]');
    Array.prototype.forEach.call(links, function (link) {
      if (!/(^|\s)stylesheet(\s|$)/i.test(link.rel)) return;
      var u = new URL(link.href, location.href), path;
      if (u.origin !== location.origin) return;
      try { path = decodeURIComponent(u.pathname); } catch (_) { return; }
      for (var from in map) {
        // A suffix match also finds links written with the site's base path.
        if (!Object.prototype.hasOwnProperty.call(map, from) || path.slice(-from.length - 1) !== '/' + from) continue;
        var to = map[from];
        var next = new URL(path.slice(0, path.length - from.length) + to, location.href);
        if (to === from) next.searchParams.set('dudao', String(Date.now()));
        var el = link.cloneNode();
        el.href = next.href;
        // Drop the old sheet only once the new one is in: no flash.
        el.onload = el.onerror = function () { link.remove(); };
        link.parentNode.insertBefore(el, link.nextSibling);
        return;
      }
    });
  }

  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && current()) hideOverlay();
  });
  // A page restored from the back-forward cache may be stale.
  window.addEventListener('pageshow', function (e) { if (e.persisted) location.reload(); });

  var served = current();
  if (served) wire(served);
  connect();
})();
