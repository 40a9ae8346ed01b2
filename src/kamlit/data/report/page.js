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
  // A link to a record clears the filter so the target row is visible.
  window.addEventListener('hashchange', function () { input.value = ''; apply(); });
  apply();
})();
