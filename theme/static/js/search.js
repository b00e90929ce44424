// The search page: runs the query from ?q= (and then as the reader types) with
// Pagefind and lists the results.
// A classic deferred script (not inline) so the site's CSP needs no 'unsafe-inline'.
// Every string from the index is inserted as text; only <mark> survives from excerpts.
(function () {
  "use strict";
  var results = document.querySelector("[data-search-results]");
  var status = document.querySelector("[data-search-status]");
  var filtersBox = document.querySelector("[data-search-filters]");
  if (!results || !status) { return; }
  var params = new URLSearchParams(window.location.search);
  var query = (params.get("q") || "").trim();
  var input = document.getElementById("search-page-query");
  if (input) { input.value = query; }
  var bundle = new URL(results.getAttribute("data-bundle"), window.location.href);

  function say(text) { status.textContent = text; }
  // The page gives every message in its own language (data-text-* on the status).
  function text(name, values) {
    var message = status.getAttribute("data-text-" + name) || "";
    return message.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values || {}, key) ? String(values[key]) : whole;
    });
  }

  // Pagefind excerpts are HTML with <mark> around matches. Parse them inertly
  // (DOMParser runs no script and loads nothing), then copy text and <mark> only.
  function excerptNodes(html) {
    var parsed = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html");
    var fragment = document.createDocumentFragment();
    (function copy(from, to) {
      from.childNodes.forEach(function (node) {
        if (node.nodeType === Node.TEXT_NODE) {
          to.appendChild(document.createTextNode(node.textContent));
        } else if (node.nodeType === Node.ELEMENT_NODE) {
          var target = to;
          if (node.nodeName === "MARK") { target = to.appendChild(document.createElement("mark")); }
          copy(node, target);
        }
      });
    })(parsed.body, fragment);
    return fragment;
  }

  function sameOriginPath(url) {
    var resolved = new URL(url, bundle);
    return resolved.origin === window.location.origin ? resolved.href : null;
  }

  // The results' cards; `more` adds them after those shown.
  function show(items, more) {
    if (!more) { results.textContent = ""; }
    items.forEach(function (item) {
      var href = sameOriginPath(item.url);
      if (!href) { return; }
      var li = document.createElement("li");
      li.className = "card";
      var heading = li.appendChild(document.createElement("h2"));
      heading.className = "card__title";
      var link = heading.appendChild(document.createElement("a"));
      link.href = href;
      link.textContent = (item.meta && item.meta.title) || href;
      var excerpt = li.appendChild(document.createElement("p"));
      excerpt.className = "card__summary";
      excerpt.appendChild(excerptNodes(item.excerpt || ""));
      results.appendChild(li);
    });
  }

  function fillFilters(available) {
    if (!filtersBox) { return; }
    filtersBox.querySelectorAll("select[data-filter]").forEach(function (select) {
      var name = select.getAttribute("data-filter");
      Object.keys(available[name] || {}).sort().forEach(function (value) {
        var option = document.createElement("option");
        option.value = value;
        option.textContent = value;
        option.selected = params.get(name) === value;
        select.appendChild(option);
      });
    });
    filtersBox.hidden = false;
  }

  function chosenFilters() {
    var chosen = {};
    if (filtersBox) {
      filtersBox.querySelectorAll("select[data-filter]").forEach(function (select) {
        if (select.value) { chosen[select.getAttribute("data-filter")] = select.value; }
      });
    }
    return chosen;
  }

  // The newest search wins: an older one that finishes later is not shown.
  var latest = 0;
  var SHOWN = 20;  // results listed
  var SHOWN_FIRST = 5;  // listed before the others have arrived

  async function run(pagefind) {
    var mine = ++latest;
    var filters = chosenFilters();
    if (!query && Object.keys(filters).length === 0) {
      results.textContent = "";
      results.removeAttribute("aria-busy");
      say(text("prompt"));
      return;
    }
    say(text("searching"));
    var search = await pagefind.search(query || null, { filters: filters });
    if (mine !== latest) { return; }
    // Each result's text is a request of its own: all are asked for at once, and the
    // first few are shown as soon as they arrive (a screenful on a phone), the others
    // after them. The list is marked busy, and the status names the count, until all
    // are shown.
    var loading = search.results.slice(0, SHOWN).map(function (r) { return r.data(); });
    var first = await Promise.all(loading.slice(0, SHOWN_FIRST));
    if (mine !== latest) { return; }
    results.setAttribute("aria-busy", "true");
    show(first);
    var others = await Promise.all(loading.slice(SHOWN_FIRST));
    if (mine !== latest) { return; }
    show(others, true);
    results.removeAttribute("aria-busy");
    var count = search.results.length;
    var kind = count === 0 ? "none" : count === 1 ? "one" : "many";
    say(text(query ? kind : kind + "-filtered", { query: query, count: count }));
  }

  // Search as the reader types (the form still works without JavaScript: it reloads
  // the page with ?q=). The address keeps the query, so results can be shared.
  function searchAsYouType(pagefind) {
    if (!input) { return; }
    input.addEventListener("input", function () {
      query = input.value.trim();
      pagefind.preload(query);
      var address = new URL(window.location.href);
      if (query) { address.searchParams.set("q", query); } else { address.searchParams.delete("q"); }
      window.history.replaceState(null, "", address);
      run(pagefind);
    });
    if (input.form) {
      input.form.addEventListener("submit", function (event) {
        event.preventDefault();
        query = input.value.trim();
        run(pagefind);
      });
    }
  }

  // The index is in parts (plugins/search_index): parts.json lists each language's
  // bundles; the first is loaded and the others merged into it.
  function partsFor(listing) {
    var languages = listing.languages || {};
    var lang = (document.documentElement.lang || "").toLowerCase();
    return languages[lang] || languages[lang.split("-")[0]] || languages[listing["default"]] || [];
  }

  async function loadIndex() {
    var response = await fetch(new URL("parts.json", bundle).href);
    if (!response.ok) { throw new Error("no search index"); }
    var parts = partsFor(await response.json());
    if (parts.length === 0) { throw new Error("no search index"); }
    var baseUrl = new URL("../", bundle).pathname;
    var pagefind = await import(new URL(parts[0] + "/pagefind.js", bundle).href);
    await pagefind.options({ baseUrl: baseUrl });
    for (var i = 1; i < parts.length; i++) {
      await pagefind.mergeIndex(new URL(parts[i] + "/", bundle).href, { baseUrl: baseUrl });
    }
    return pagefind;
  }

  loadIndex().then(async function (pagefind) {
    // Load the index's entry, WebAssembly and metadata now, while the reader types.
    pagefind.init();
    searchAsYouType(pagefind);
    fillFilters(await pagefind.filters());
    if (filtersBox) {
      filtersBox.addEventListener("change", function () { run(pagefind); });
    }
    await run(pagefind);
  }).catch(function () {
    say(text("unavailable"));
  });
})();
