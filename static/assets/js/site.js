// dudao site script: small, and nothing on the page depends on it. It runs in
// <head>, so the reader's large-text and high-contrast choices apply before
// the page is drawn.
(function () {
  "use strict";
  var root = document.documentElement;
  var modes = ["large-text", "high-contrast"];
  function saved(mode) {
    try { return localStorage.getItem("dudao-" + mode) === "on"; } catch (e) { return false; }
  }
  modes.forEach(function (m) { if (saved(m)) root.classList.add(m); });

  document.addEventListener("DOMContentLoaded", function () {
    // 大字 and 高对比: switches in the header that work without the browser's
    // own settings and stay on from page to page.
    var tools = document.querySelector(".reading-tools");
    if (tools) {
      var buttons = tools.querySelectorAll("button[data-mode]");
      for (var b = 0; b < buttons.length; b++) {
        var button = buttons[b];
        button.setAttribute("aria-pressed", String(root.classList.contains(button.getAttribute("data-mode"))));
        button.addEventListener("click", function (ev) {
          var mode = ev.currentTarget.getAttribute("data-mode");
          var on = root.classList.toggle(mode);
          ev.currentTarget.setAttribute("aria-pressed", String(on));
          try { localStorage.setItem("dudao-" + mode, on ? "on" : "off"); } catch (e) {}
          document.dispatchEvent(new Event("dudao:modes")); // charts take the new colours
          window.dispatchEvent(new Event("resize")); // and fit the new text size
        });
      }
      tools.hidden = false;
    }

    // A table wider than the screen scrolls sideways in its box: make the
    // box reachable by keyboard (Tab, then the arrow keys), name it and say
    // above it that it scrolls, but only while it does.
    var scrollers = document.querySelectorAll(".table-scroll, .prose table");
    // name is what the table is about: its caption, else the heading of
    // its section.
    function name(el) {
      var caption = el.querySelector("caption");
      if (caption) return caption.textContent + "：";
      var section = el.closest("section[aria-labelledby]");
      var heading = section && document.getElementById(section.getAttribute("aria-labelledby"));
      return heading ? heading.textContent + "：" : "";
    }
    function reachable() {
      for (var s = 0; s < scrollers.length; s++) {
        var el = scrollers[s];
        var scrolls = el.scrollWidth > el.clientWidth + 1;
        if (scrolls === el.hasAttribute("data-scrolls")) continue;
        if (scrolls) {
          el.setAttribute("data-scrolls", "");
          el.setAttribute("tabindex", "0");
          var hint = document.createElement("p");
          hint.className = "scroll-hint";
          hint.setAttribute("aria-hidden", "true"); // the box's name says it
          hint.textContent = "← 表格较宽，可左右滑动查看 →";
          el.parentNode.insertBefore(hint, el);
          if (el.tagName !== "TABLE") {
            el.setAttribute("role", "region");
            el.setAttribute("aria-label", name(el) + "表格，可左右滚动");
          }
        } else {
          el.removeAttribute("data-scrolls");
          el.removeAttribute("tabindex");
          var prev = el.previousElementSibling;
          if (prev && prev.className === "scroll-hint") prev.parentNode.removeChild(prev);
          if (el.tagName !== "TABLE") {
            el.removeAttribute("role");
            el.removeAttribute("aria-label");
          }
        }
      }
    }
    if (scrollers.length) {
      reachable();
      var later;
      window.addEventListener("resize", function () {
        clearTimeout(later);
        later = setTimeout(reachable, 100);
      });
      document.addEventListener("toggle", reachable, true); // a table in <details> shown
    }

    // Opened from disk (file://), a link to a folder shows the folder, not
    // its page: point such links, and the search form, at index.html.
    if (location.protocol !== "file:") return;
    var links = document.querySelectorAll("a[href]");
    for (var i = 0; i < links.length; i++) {
      var href = links[i].getAttribute("href");
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.charAt(0) === "#") continue;
      var m = href.match(/^([^?#]*)(.*)$/);
      if (m[1] === "" || m[1].slice(-1) === "/") {
        links[i].setAttribute("href", (m[1] || "./") + "index.html" + m[2]);
      }
    }
    var forms = document.querySelectorAll("form[action]");
    for (var f = 0; f < forms.length; f++) {
      var action = forms[f].getAttribute("action");
      if (action === "" || action.slice(-1) === "/") {
        forms[f].setAttribute("action", action + "index.html");
      }
    }
  });
})();
