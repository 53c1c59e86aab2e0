// Site search, entirely in the browser: the index is a script beside the pages, so search works
// opened from a shared drive as well as from a server. Results are built with textContent, never
// as HTML.
(function () {
  'use strict';
  var index = window.AUDITPRESS_SEARCH_INDEX || [];
  var form = document.getElementById('search-form');
  var input = document.getElementById('search-input');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  if (!form || !input || !status || !list) return;
  var root = form.getAttribute('data-root') || '';

  function words(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length > 0; });
  }

  function excerpt(text, terms) {
    var lower = text.toLowerCase();
    var at = -1;
    for (var i = 0; i < terms.length && at < 0; i++) at = lower.indexOf(terms[i]);
    var start = Math.max(0, at - 80);
    // Begin and end at word boundaries.
    if (start > 0) start = text.indexOf(' ', start) + 1;
    var end = Math.min(text.length, start + 220);
    var space = text.lastIndexOf(' ', end);
    if (end < text.length && space > start) end = space;
    var piece = text.slice(start, end);
    return (start > 0 ? '… ' : '') + piece + (end < text.length ? ' …' : '');
  }

  function search(query) {
    var terms = words(query);
    list.textContent = '';
    if (terms.length === 0) {
      status.textContent = 'Type a word or two to search the site.';
      return;
    }
    var results = [];
    index.forEach(function (entry) {
      var title = entry.t.toLowerCase();
      var text = entry.x.toLowerCase();
      var score = 0;
      for (var i = 0; i < terms.length; i++) {
        var inTitle = title.indexOf(terms[i]) >= 0;
        var inText = text.indexOf(terms[i]) >= 0;
        if (!inTitle && !inText) return;
        score += (inTitle ? 5 : 0) + (inText ? 1 : 0);
      }
      results.push({ entry: entry, score: score });
    });
    results.sort(function (a, b) { return b.score - a.score || a.entry.t.localeCompare(b.entry.t); });
    var shown = results.slice(0, 50);
    status.textContent = results.length === 0
      ? 'No pages match “' + query + '”.'
      : results.length + (results.length === 1 ? ' page matches' : ' pages match') + ' “' + query + '”' + (results.length > 50 ? '; the first 50 are shown.' : '.');
    shown.forEach(function (r) {
      var item = document.createElement('li');
      item.className = 'page-list__item';
      var link = document.createElement('a');
      link.className = 'page-list__title';
      link.href = root + r.entry.p;
      link.textContent = r.entry.t || r.entry.p;
      var text = document.createElement('p');
      text.className = 'page-list__summary';
      text.textContent = excerpt(r.entry.x, terms);
      item.appendChild(link);
      item.appendChild(text);
      list.appendChild(item);
    });
  }

  var query = new URLSearchParams(window.location.search).get('q') || '';
  input.value = query;
  search(query);
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    search(input.value);
    try {
      var url = new URL(window.location.href);
      url.searchParams.set('q', input.value);
      window.history.replaceState(null, '', url.toString());
    } catch (e) {
      // Some browsers refuse to change a file:// address; the results are shown anyway.
    }
  });
})();
