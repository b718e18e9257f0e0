// mamori HTML report: sorting and filtering of the violating-files table.
// Embedded at build time (reports/html/embed_assets.cmake); its SHA-256 is
// in the page's Content-Security-Policy, so keep it free of "</script".
// The page is complete without it; this only adds controls.
//
// State in the URL fragment, so a view can be bookmarked or opened directly:
//   #sort=size (ascending) or #sort=-size (descending); q=text; sev=high;
//   type=my_number; world=1. Column keys are the th data-key attributes.
(function () {
  'use strict';
  var root = document.documentElement;
  // Anything the Content-Security-Policy refused (nothing should be) is
  // counted where a test or a curious reader can see it.
  var blocked = 0;
  document.addEventListener('securitypolicyviolation', function (e) {
    blocked += 1;
    root.setAttribute('data-csp-blocked', String(blocked));
    root.setAttribute('data-csp-last', String(e.violatedDirective || '') + ' ' +
                      String(e.blockedURI || ''));
  });

  function cellValue(row, index, numeric) {
    var cell = row.cells[index];
    if (!cell) return numeric ? 0 : '';
    var v = cell.getAttribute('data-v');
    if (v === null) v = cell.textContent.trim();
    return numeric ? Number(v) || 0 : v.toLowerCase();
  }

  function parseHash() {
    var state = {};
    location.hash.replace(/^#/, '').split('&').forEach(function (part) {
      var eq = part.indexOf('=');
      if (eq <= 0) return;
      try {
        state[decodeURIComponent(part.slice(0, eq))] = decodeURIComponent(part.slice(eq + 1));
      } catch (err) { /* a malformed fragment is ignored */ }
    });
    return state;
  }

  function init() {
    var table = document.getElementById('files-table');
    if (!table || !table.tBodies.length) {
      root.setAttribute('data-ready', '1');
      return;
    }
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var text = document.getElementById('f-text');
    var sev = document.getElementById('f-sev');
    var type = document.getElementById('f-type');
    var world = document.getElementById('f-world');
    var shown = document.getElementById('shown');
    var controls = document.getElementById('controls');
    var sortKey = '';
    var sortDesc = false;
    var collator = typeof Intl !== 'undefined' ? new Intl.Collator(root.lang, {numeric: true}) : null;

    function sortBy(key, desc) {
      var index = -1, numeric = false;
      headers.forEach(function (th, i) {
        if (th.getAttribute('data-key') === key) {
          index = i;
          numeric = th.getAttribute('data-type') === 'num';
        }
        th.removeAttribute('aria-sort');
      });
      if (index < 0) return;
      sortKey = key;
      sortDesc = desc;
      headers[index].setAttribute('aria-sort', desc ? 'descending' : 'ascending');
      // Stable: ties keep the order the report gave (most severe, then path).
      var keyed = rows.map(function (row, i) {
        return {row: row, i: i, v: cellValue(row, index, numeric)};
      });
      keyed.sort(function (a, b) {
        var c;
        if (numeric) c = a.v - b.v;
        else c = collator ? collator.compare(a.v, b.v) : (a.v < b.v ? -1 : a.v > b.v ? 1 : 0);
        if (desc) c = -c;
        return c || a.i - b.i;
      });
      keyed.forEach(function (k) { body.appendChild(k.row); });
      table.setAttribute('data-sorted', (desc ? '-' : '') + key);
    }

    function applyFilter() {
      var q = text ? text.value.trim().toLowerCase() : '';
      var s = sev ? sev.value : '';
      var t = type ? type.value : '';
      var w = world ? world.checked : false;
      var count = 0;
      rows.forEach(function (row) {
        var ok = (!q || row.textContent.toLowerCase().indexOf(q) >= 0) &&
                 (!s || (' ' + row.getAttribute('data-sev') + ' ').indexOf(' ' + s + ' ') >= 0) &&
                 (!t || (' ' + row.getAttribute('data-types') + ' ').indexOf(' ' + t + ' ') >= 0) &&
                 (!w || row.getAttribute('data-world') === '1');
        row.hidden = !ok;
        if (ok) count += 1;
      });
      if (shown) {
        shown.textContent = shown.getAttribute('data-template')
            .replace('{shown}', count.toLocaleString('en-US'))
            .replace('{total}', rows.length.toLocaleString('en-US'));
      }
      table.setAttribute('data-shown', String(count));
    }

    function saveHash() {
      var parts = [];
      if (sortKey) parts.push('sort=' + (sortDesc ? '-' : '') + encodeURIComponent(sortKey));
      if (text && text.value) parts.push('q=' + encodeURIComponent(text.value));
      if (sev && sev.value) parts.push('sev=' + encodeURIComponent(sev.value));
      if (type && type.value) parts.push('type=' + encodeURIComponent(type.value));
      if (world && world.checked) parts.push('world=1');
      try {
        history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname);
      } catch (err) { /* some viewers forbid it on file: pages; the view still works */ }
    }

    headers.forEach(function (th) {
      if (!th.hasAttribute('data-key')) return;
      th.tabIndex = 0;
      var activate = function () {
        var key = th.getAttribute('data-key');
        // Numbers start with the largest, text with A.
        var desc = key === sortKey ? !sortDesc : th.getAttribute('data-type') === 'num';
        sortBy(key, desc);
        saveHash();
      };
      th.addEventListener('click', activate);
      th.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); activate(); }
      });
    });
    [text, sev, type, world].forEach(function (el) {
      if (!el) return;
      el.addEventListener(el === text ? 'input' : 'change', function () {
        applyFilter();
        saveHash();
      });
    });

    var state = parseHash();
    if (text && state.q) text.value = state.q;
    if (sev && state.sev) sev.value = state.sev;
    if (type && state.type) type.value = state.type;
    if (world && state.world === '1') world.checked = true;
    if (state.sort) {
      var desc = state.sort.charAt(0) === '-';
      sortBy(desc ? state.sort.slice(1) : state.sort, desc);
    }
    applyFilter();
    if (controls) controls.hidden = false;
    root.setAttribute('data-ready', '1');
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
