// dudao search: the search page (/search/); the box in every page's header is
// a plain form that leads here.
//
// The index is made of scripts (search/data/*.js) that call dudaoSearchData;
// they load with <script> elements, which work on any server, under any
// sub-path and from disk (file://), where fetch does not. A query loads
// meta.js once, then only the shards of its tokens and the blocks of the
// results it shows. Text is cut into tokens exactly as internal/search does
// in Go (token.go, query.go): keep the two in step.
(function () {
  "use strict";

  var fileURL = location.protocol === "file:";

  // (site.js points forms at index.html when the site is opened from disk.)

  var form = document.getElementById("search-form");
  if (!form || !form.getAttribute("data-index")) {
    return; // not the search page
  }

  // ---- Tokens: the same as internal/search/token.go ----

  var HAN = /\p{Script=Han}/u;
  var WORD = /[\p{L}\p{Nd}\p{M}]/u;
  var MAX_WORD = 24;

  function isHan(ch) {
    var c = ch.codePointAt(0);
    if (c < 0x2e80) return false;
    if (c >= 0x4e00 && c <= 0x9fff) return true;
    return HAN.test(ch);
  }

  function isWord(ch) {
    var c = ch.codePointAt(0);
    if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
    return WORD.test(ch);
  }

  function fold(ch) {
    var c = ch.codePointAt(0);
    if (c < 128) return c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : ch;
    if ((c >= 0xff10 && c <= 0xff19) || (c >= 0xff41 && c <= 0xff5a)) return String.fromCharCode(c - 0xfee0);
    if (c >= 0xff21 && c <= 0xff3a) return String.fromCharCode(c - 0xfee0 + 32);
    if (isHan(ch)) return ch;
    return String.fromCodePoint(ch.toLowerCase().codePointAt(0));
  }

  // normalize: NFC, full-width letters and digits to ASCII, lower case.
  function normalize(s) {
    var out = "";
    for (var ch of s.normalize("NFC")) out += fold(ch);
    return out;
  }

  var HAN1 = 1, HAN2 = 2, HAN3 = 3, WORDK = 4, JOINT = 5;

  // tokens calls emit(token, kind) for every token of the normalized s.
  function tokens(s, emit) {
    var cs = Array.from(s);
    var h1 = -1, h2 = -1, wordStart = -1, wordEnd = -1;
    for (var i = 0; i < cs.length; ) {
      var ch = cs[i];
      if (isHan(ch)) {
        emit(ch, HAN1);
        if (h1 >= 0) {
          emit(cs[h1] + ch, HAN2);
          if (h2 >= 0) emit(cs[h2] + cs[h1] + ch, HAN3);
        } else if (wordEnd === i) {
          emit(cs.slice(wordStart, i + 1).join(""), JOINT);
        }
        h2 = h1;
        h1 = i;
        i++;
      } else if (isWord(ch)) {
        var start = i, end = i, n = 0;
        while (i < cs.length && isWord(cs[i]) && !isHan(cs[i])) {
          i++;
          if (n < MAX_WORD) {
            end = i;
            n++;
          }
        }
        var word = cs.slice(start, end).join("");
        emit(word, WORDK);
        if (h1 >= 0) emit(cs[h1] + word, JOINT);
        h1 = h2 = -1;
        wordStart = start;
        wordEnd = end === i ? i : -1;
      } else {
        h1 = h2 = -1;
        i++;
      }
    }
  }

  // hash is FNV-1a (32 bits) of the UTF-8 bytes of s.
  function hash(s) {
    var h = 0x811c9dc5;
    function add(b) {
      h = Math.imul(h ^ b, 16777619) >>> 0;
    }
    for (var ch of s) {
      var c = ch.codePointAt(0);
      if (c < 0x80) add(c);
      else if (c < 0x800) { add(0xc0 | (c >> 6)); add(0x80 | (c & 63)); }
      else if (c < 0x10000) { add(0xe0 | (c >> 12)); add(0x80 | ((c >> 6) & 63)); add(0x80 | (c & 63)); }
      else { add(0xf0 | (c >> 18)); add(0x80 | ((c >> 12) & 63)); add(0x80 | ((c >> 6) & 63)); add(0x80 | (c & 63)); }
    }
    return h >>> 0;
  }

  // parse cuts a query into segments (runs of Han characters and words with
  // nothing between them), each with the tokens of a phrase match and of a
  // scattered one. The same as ParseQuery in query.go.
  function parse(q) {
    var cs = Array.from(normalize(q));
    var segs = [];
    for (var i = 0; i < cs.length; ) {
      if (!isHan(cs[i]) && !isWord(cs[i])) { i++; continue; }
      var start = i;
      while (i < cs.length && (isHan(cs[i]) || isWord(cs[i]))) i++;
      segs.push(segment(cs.slice(start, i)));
    }
    return segs;
  }

  // cover: where the k-character tokens start that cover n characters.
  function cover(n, k) {
    var out = [];
    for (var p = 0; p + k < n; p += 2) out.push(p);
    out.push(n - k);
    return out;
  }

  function segment(cs) {
    var seg = { text: cs.join(""), phrase: [], scatter: [] };
    function add(list, t) { if (list.indexOf(t) < 0) list.push(t); }
    tokens(seg.text, function (t, k) {
      if (k === WORDK) { add(seg.phrase, t); add(seg.scatter, t); }
      else if (k === JOINT) add(seg.phrase, t);
    });
    // Han runs: one character alone, two as a pair, three or more by the
    // triples (phrase) and pairs (scattered) that cover the run.
    for (var i = 0; i < cs.length; ) {
      if (!isHan(cs[i])) { i++; continue; }
      var start = i;
      while (i < cs.length && isHan(cs[i])) i++;
      var run = cs.slice(start, i), n = run.length;
      if (n <= 2) {
        add(seg.phrase, run.join(""));
        add(seg.scatter, run.join(""));
      } else {
        cover(n, 3).forEach(function (p) { add(seg.phrase, run.slice(p, p + 3).join("")); });
        cover(n, 2).forEach(function (p) { add(seg.scatter, run.slice(p, p + 2).join("")); });
      }
    }
    return seg;
  }

  // ---- Loading the index ----

  var dataURL = form.getAttribute("data-data");
  var rootURL = form.getAttribute("data-root");
  var version = form.getAttribute("data-index");
  var loaded = {}; // "kind id" → data
  var waiting = {}; // "kind id" → [resolve, reject] lists

  window.dudaoSearchData = function (kind, id, data) {
    var key = kind + " " + id;
    loaded[key] = data;
  };

  function load(kind, id, path) {
    var key = kind + " " + id;
    if (key in loaded) return Promise.resolve(loaded[key]);
    if (waiting[key]) return waiting[key];
    waiting[key] = new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = dataURL + path + "?v=" + version;
      s.async = true;
      s.onload = function () {
        s.remove();
        delete waiting[key];
        if (key in loaded) resolve(loaded[key]);
        else reject(new Error(path));
      };
      s.onerror = function () {
        s.remove();
        delete waiting[key];
        reject(new Error(path));
      };
      document.head.appendChild(s);
    });
    return waiting[key];
  }

  var DIGIT = new Int8Array(128).fill(-1);
  "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_".split("").forEach(function (c, i) {
    DIGIT[c.charCodeAt(0)] = i;
  });

  function numbers(s) {
    var out = [];
    for (var i = 0; i < s.length; ) {
      var v = 0, shift = 0, d;
      do {
        d = DIGIT[s.charCodeAt(i++)];
        v += (d & 31) * Math.pow(2, shift);
        shift += 5;
      } while (d >= 32);
      out.push(v);
    }
    return out;
  }

  var meta = null; // meta.js, with per-document arrays added
  function loadMeta() {
    if (meta) return Promise.resolve(meta);
    return load("meta", 0, "meta.js").then(function (m) {
      if (meta) return meta;
      var a = numbers(m.attrs);
      m.district = new Uint16Array(m.n);
      m.kind = new Uint16Array(m.n);
      for (var i = 0; i < m.n; i++) {
        m.district[i] = a[2 * i];
        m.kind[i] = a[2 * i + 1];
      }
      m.year = new Uint16Array(m.n);
      var d = 0;
      m.years.forEach(function (y) {
        for (var j = 0; j < y[1]; j++) m.year[d++] = y[0];
      });
      m.blockStart = [0];
      numbers(m.blocks).forEach(function (n) {
        m.blockStart.push(m.blockStart[m.blockStart.length - 1] + n);
      });
      meta = m;
      return m;
    });
  }

  function shardOf(t) {
    return hash(t) % meta.shards;
  }

  var lists = {}; // token → Uint8Array: fields + 8 where the token is, else 0

  function postings(t) {
    if (lists[t]) return lists[t];
    var shard = loaded["s " + shardOf(t)];
    var out = new Uint8Array(meta.n);
    var s = shard && Object.prototype.hasOwnProperty.call(shard, t) ? shard[t] : "";
    var doc = -1;
    for (var i = 0; i < s.length; ) {
      var v = 0, shift = 0, d;
      do {
        d = DIGIT[s.charCodeAt(i++)];
        v |= (d & 31) << shift;
        shift += 5;
      } while (d >= 32);
      doc += (v >>> 3) + 1;
      out[doc] = (v & 7) | 8;
    }
    lists[t] = out;
    return out;
  }

  function allTokens(segs) {
    var out = [];
    segs.forEach(function (s) {
      s.phrase.concat(s.scatter).forEach(function (t) { if (out.indexOf(t) < 0) out.push(t); });
    });
    return out;
  }

  // ready reports whether every shard the query needs is loaded.
  function ready(segs) {
    return meta && allTokens(segs).every(function (t) { return ("s " + shardOf(t)) in loaded; });
  }

  function loadShards(segs) {
    return loadMeta().then(function () {
      var seen = {};
      return Promise.all(allTokens(segs).map(function (t) {
        var n = shardOf(t);
        if (seen[n]) return null;
        seen[n] = true;
        return load("s", n, "s/" + n + ".js");
      }));
    });
  }

  // ---- Ranking: the same as Search in query.go ----

  function weight(fl) {
    return fl & 4 ? 3 : fl & 2 ? 2 : fl & 1 ? 1 : 0;
  }

  // rank returns the matching documents, best first: [doc, score] pairs.
  function rank(segs) {
    var n = meta.n;
    var lists = segs.map(function (s) {
      return { phrase: s.phrase.map(postings), scatter: s.scatter.map(postings) };
    });
    function and(arrays, d) {
      var fl = 15;
      for (var i = 0; i < arrays.length; i++) fl &= arrays[i][d];
      return fl & 8 ? fl : 0;
    }
    // Sort keys: the score, highest first, then the document, newest first.
    var keys = [];
    for (var d = 0; d < n; d++) {
      var total = 0;
      for (var j = 0; j < lists.length; j++) {
        var best = -1, fl;
        if ((fl = and(lists[j].phrase, d))) best = 2 * weight(fl) + 1;
        if ((fl = and(lists[j].scatter, d))) best = Math.max(best, 2 * weight(fl));
        if (best < 0) { total = -1; break; }
        total += best;
      }
      if (total >= 0) keys.push((1000 - total) * n + d);
    }
    var sorted = Float64Array.from(keys).sort();
    var hits = new Array(sorted.length);
    for (var i = 0; i < sorted.length; i++) {
      var k = sorted[i], doc = k % n;
      hits[i] = [doc, 1000 - (k - doc) / n];
    }
    return hits;
  }

  // ---- The page ----

  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var filterBox = document.getElementById("search-filters");
  var browse = document.getElementById("search-browse");
  var selects = {
    district: document.getElementById("search-district"),
    year: document.getElementById("search-year"),
    kind: document.getElementById("search-kind"),
  };
  var PAGE = 10;
  var current = { q: null, hits: [], shown: 0, segs: [] };
  var seq = 0; // the latest search; older ones that finish late are dropped
  var timer = 0;

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  var wanted = { district: params.get("district") || "", year: params.get("year") || "", kind: params.get("kind") || "" };

  function filterValues() {
    return { district: selects.district.value, year: selects.year.value, kind: selects.kind.value };
  }

  function passes(d, f, skip) {
    if (skip !== "district" && f.district !== "" && String(meta.district[d]) !== f.district) return false;
    if (skip !== "year" && f.year !== "" && String(meta.year[d]) !== f.year) return false;
    if (skip !== "kind" && f.kind !== "" && String(meta.kind[d]) !== f.kind) return false;
    return true;
  }

  // fillFilters lists the values of each filter with how many results have
  // them (given the other filters).
  function fillFilters(hits, f) {
    var labels = {
      district: function (v) { return meta.districts[v - 1]; },
      year: function (v) { return v ? v + " 年" : "无日期"; },
      kind: function (v) { return meta.kinds[v]; },
    };
    Object.keys(selects).forEach(function (name) {
      var counts = {};
      hits.forEach(function (h) {
        if (passes(h[0], f, name)) {
          var v = meta[name][h[0]];
          counts[v] = (counts[v] || 0) + 1;
        }
      });
      var values = Object.keys(counts).map(Number).filter(function (v) { return name !== "district" || v > 0; });
      values.sort(function (a, b) { return name === "year" ? b - a : a - b; });
      var sel = selects[name];
      var keep = f[name];
      while (sel.options.length > 1) sel.remove(1);
      if (keep !== "" && values.indexOf(Number(keep)) < 0) values.unshift(Number(keep));
      values.forEach(function (v) {
        var o = document.createElement("option");
        o.value = String(v);
        o.textContent = (labels[name](v) || "") + "（" + (counts[v] || 0) + "）";
        sel.appendChild(o);
      });
      sel.value = keep;
    });
  }

  function setURL(q, f) {
    var p = new URLSearchParams();
    if (q) p.set("q", q);
    ["district", "year", "kind"].forEach(function (k) { if (f[k]) p.set(k, f[k]); });
    var s = p.toString();
    try {
      history.replaceState(null, "", s ? "?" + s : location.pathname);
    } catch (e) {
      // Some browsers allow no URL change on file:// pages.
    }
    document.title = (q ? "“" + q + "”的搜索结果 - " : "") + document.title.replace(/^“.*”的搜索结果 - /, "");
  }

  function say(text) {
    status.textContent = text;
  }

  // search runs the query in the box now, loading what it needs first.
  function search() {
    clearTimeout(timer);
    var q = input.value.trim();
    var id = ++seq;
    var segs = parse(q);
    var f = wanted || filterValues();
    setURL(q, f);
    if (segs.length === 0) {
      current = { q: q, hits: [], shown: 0, segs: [] };
      list.textContent = "";
      more.hidden = true;
      filterBox.hidden = true;
      browse.hidden = true;
      say(q ? "请输入要找的文字或数字。" : "");
      list.setAttribute("data-query", q);
      return Promise.resolve();
    }
    if (!ready(segs)) say("正在搜索…");
    return loadShards(segs).then(function () {
      if (id !== seq) return;
      wanted = null; // the URL's filters, used once their options exist
      var all = rank(segs);
      fillFilters(all, f);
      filterBox.hidden = all.length === 0;
      var hits = all.filter(function (h) { return passes(h[0], f); });
      current = { q: q, hits: hits, shown: 0, segs: segs };
      list.textContent = "";
      return show(id, false).then(function () {
        if (id !== seq) return;
        browse.hidden = hits.length > 0;
        if (hits.length === 0) {
          say("没有找到与“" + q + "”相关的内容" + (hits.length < all.length ? "（已按条件筛选，共 " + all.length + " 条未筛选结果）" : "") + "。可以换个说法、减少几个字，或按栏目浏览。");
        } else {
          say("找到 " + hits.length + " 条与“" + q + "”相关的结果" + (hits.length < all.length ? "（已筛选）" : "") + "。");
        }
        list.setAttribute("data-query", q);
        list.setAttribute("data-count", String(hits.length));
      });
    }).catch(function () {
      if (id !== seq) return;
      say("搜索索引没有加载成功，请刷新页面再试。");
      list.setAttribute("data-query", q);
    });
  }

  // show adds the next page of results; focus moves to the first new one
  // when the reader asked for more.
  function show(id, focus) {
    var page = current.hits.slice(current.shown, current.shown + PAGE);
    var blocks = {};
    page.forEach(function (h) { blocks[block(h[0])] = true; });
    return Promise.all(Object.keys(blocks).map(function (b) { return load("d", b, "d/" + b + ".js"); })).then(function () {
      if (id !== seq) return;
      var first = null;
      page.forEach(function (h) {
        var li = item(h[0]);
        list.appendChild(li);
        if (!first) first = li.querySelector("a");
      });
      current.shown += page.length;
      more.hidden = current.shown >= current.hits.length;
      if (focus && first) first.focus();
    });
  }

  function block(d) {
    var lo = 0, hi = meta.blockStart.length - 1;
    while (hi - lo > 1) {
      var mid = (lo + hi) >> 1;
      if (meta.blockStart[mid] <= d) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  function item(d) {
    var b = block(d);
    var doc = loaded["d " + b][d - meta.blockStart[b]];
    var url = doc[0], title = doc[1], date = doc[2], sub = doc[3], text = doc[4], fields = doc[5];
    var terms = highlightTerms(current.segs);
    var li = document.createElement("li");
    li.className = "search-result";
    var a = document.createElement("a");
    a.className = "item-link";
    a.href = rootURL + url + (fileURL && (url === "" || url.slice(-1) === "/") ? "index.html" : "");
    appendMarked(a, title, terms);
    li.appendChild(a);
    var m = document.createElement("p");
    m.className = "item-meta";
    if (date) {
      var t = document.createElement("time");
      t.dateTime = date;
      t.textContent = date;
      m.appendChild(t);
    }
    if (meta.district[d]) {
      var tag = document.createElement("span");
      tag.className = "tag";
      tag.textContent = meta.districts[meta.district[d] - 1];
      m.appendChild(tag);
    }
    var k = document.createElement("span");
    k.className = "search-kind";
    k.textContent = meta.kinds[meta.kind[d]];
    m.appendChild(k);
    if (sub) {
      var s = document.createElement("span");
      s.textContent = sub;
      m.appendChild(s);
    }
    li.appendChild(m);
    // The text around the query; if the query is only in other fields
    // (people, places, sources), those.
    var snip = snippet(text, terms, true) || snippet(fields, terms, true) || snippet(text, terms, false);
    if (snip) {
      var p = document.createElement("p");
      p.className = "search-snippet";
      appendMarked(p, snip, terms);
      li.appendChild(p);
    }
    return li;
  }

  // ---- Snippets and highlighting ----

  // highlightTerms are the normalized strings to mark, longest first: each
  // segment whole, then its parts.
  function highlightTerms(segs) {
    var out = [];
    segs.forEach(function (s) {
      [s.text].concat(s.scatter).forEach(function (t) { if (out.indexOf(t) < 0) out.push(t); });
    });
    out.sort(function (a, b) { return b.length - a.length; });
    return out;
  }

  // folded returns the normalized text of s and, for each UTF-16 unit of it,
  // the index in s where its character starts.
  var FULL_WIDTH = /[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g;
  var COMBINING = /[\u0300-\u036f\u0130]/;

  function folded(s) {
    // Most text lower-cases natively to the same length, character for
    // character; only the rest is folded one character at a time.
    if (!COMBINING.test(s)) {
      var quick = s.replace(FULL_WIDTH, fold).toLowerCase();
      if (quick.length === s.length) return { text: quick, at: null };
    }
    var text = "", at = [];
    var i = 0;
    for (var ch of s) {
      var n = fold(ch.normalize("NFC"));
      text += n;
      for (var j = 0; j < n.length; j++) at.push(i);
      i += ch.length;
    }
    at.push(i);
    return { text: text, at: at };
  }

  // at is the index in the original string of index i of folded(s).text.
  function at(f, i) {
    return f.at ? f.at[i] : i;
  }

  // matches lists the [start, end) ranges of s (original indices) where
  // the terms are, none overlapping, longer terms first.
  function matches(s, terms) {
    var f = folded(s), out = [], taken = new Uint8Array(f.text.length);
    terms.forEach(function (t) {
      for (var i = f.text.indexOf(t); i >= 0; i = f.text.indexOf(t, i + 1)) {
        var free = true;
        for (var j = i; j < i + t.length; j++) if (taken[j]) { free = false; break; }
        if (!free) continue;
        for (j = i; j < i + t.length; j++) taken[j] = 1;
        out.push([at(f, i), at(f, i + t.length)]);
      }
    });
    out.sort(function (a, b) { return a[0] - b[0]; });
    return out;
  }

  function appendMarked(el, s, terms) {
    var last = 0;
    matches(s, terms).forEach(function (m) {
      if (m[0] > last) el.appendChild(document.createTextNode(s.slice(last, m[0])));
      var mark = document.createElement("mark");
      mark.textContent = s.slice(m[0], m[1]);
      el.appendChild(mark);
      last = m[1];
    });
    if (last < s.length) el.appendChild(document.createTextNode(s.slice(last)));
  }

  // snippet cuts about 110 characters of text around the first place the
  // whole query is, else the first of its parts; "" if found is set and
  // neither is there.
  function snippet(text, terms, found) {
    text = (text || "").replace(/\s+/g, " ").trim();
    if (!text) return "";
    var f = folded(text), pos = -1;
    for (var i = 0; i < terms.length && pos < 0; i++) {
      var k = f.text.indexOf(terms[i]);
      if (k >= 0) pos = at(f, k);
    }
    if (found && pos < 0) return "";
    var before = 30, size = 110;
    var start = pos < 0 ? 0 : Math.max(0, pos - before);
    // Begin at the first sentence or clause that starts in the window, and
    // never on a mark.
    if (start > 0) {
      var cut = text.slice(start, Math.max(start, pos - 6)).search(/[。；！？，、：]/);
      if (cut >= 0) start += cut + 1;
      while (start < pos && /[\s。；！？，、：,.;:!?]/.test(text.charAt(start))) start++;
    }
    var end = Math.min(text.length, start + size);
    return (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
  }

  // ---- Events ----

  input.addEventListener("input", function (e) {
    if (e.isComposing) return; // typing pinyin: wait for the characters
    var segs = parse(input.value);
    clearTimeout(timer);
    if (ready(segs)) search();
    else timer = setTimeout(search, 150);
  });
  input.addEventListener("compositionend", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 0);
  });
  input.addEventListener("focus", function () { loadMeta().catch(function () {}); }, { once: true });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    search();
  });
  Object.keys(selects).forEach(function (name) {
    selects[name].addEventListener("change", search);
  });
  more.addEventListener("click", function () {
    show(seq, true);
  });

  // For tests: the browser must cut text and hash tokens as Go does.
  window.dudaoSearch = {
    normalize: normalize,
    tokens: function (s) {
      var out = [];
      tokens(s, function (t, k) { out.push([t, k]); });
      return out;
    },
    hash: hash,
    parse: parse,
  };

  if (input.value) search();
  else input.focus();
})();
