// dudao site script: small, and nothing on the page depends on it.
(function () {
  "use strict";
  // Opened from disk (file://), a link to a folder shows the folder, not its
  // page: point such links at index.html.
  if (location.protocol === "file:") {
    var links = document.querySelectorAll("a[href]");
    for (var i = 0; i < links.length; i++) {
      var href = links[i].getAttribute("href");
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.charAt(0) === "#") continue;
      var m = href.match(/^([^?#]*)(.*)$/);
      if (m[1] === "" || m[1].slice(-1) === "/") {
        links[i].setAttribute("href", (m[1] || "./") + "index.html" + m[2]);
      }
    }
    // A form sent to a folder likewise: the search box.
    var forms = document.querySelectorAll("form[action]");
    for (var f = 0; f < forms.length; f++) {
      var action = forms[f].getAttribute("action");
      if (action === "" || action.slice(-1) === "/") {
        forms[f].setAttribute("action", action + "index.html");
      }
    }
  }
})();
