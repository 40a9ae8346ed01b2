// Record search: filter the record table as the reader types.
(function () {
  var input = document.getElementById('filter');
  if (!input) { return; }
  var rows = Array.prototype.slice.call(document.querySelectorAll('#record-table tbody tr'));
  var count = document.getElementById('count');
  var MSG = JSON.parse(document.getElementById('kamlit-i18n').textContent);
  function apply() {
    var q = input.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var hit = !q || row.textContent.toLowerCase().indexOf(q) >= 0;
      row.style.display = hit ? '' : 'none';
      if (hit) { shown++; }
    });
    count.textContent = MSG.count.replace('{shown}', String(shown)).replace('{total}', String(rows.length));
  }
  input.addEventListener('input', apply);
  // A link to a record clears the filter so the target row is visible; a record the table
  // leaves out (a large corpus) is named, not silently missed.
  var missing = document.getElementById('missing');
  function target() {
    var hash = window.location.hash;
    if (!missing || hash.indexOf('#rec-') !== 0) { if (missing) { missing.hidden = true; } return; }
    if (document.getElementById(hash.slice(1))) { missing.hidden = true; return; }
    var id = hash.slice(5);
    try { id = decodeURIComponent(id); } catch (e) { /* shown as written */ }
    missing.textContent = MSG.missing.replace('{id}', id);
    missing.hidden = false;
    missing.scrollIntoView();
  }
  window.addEventListener('hashchange', function () { input.value = ''; apply(); target(); });
  apply();
  target();
})();
