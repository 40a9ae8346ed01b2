// Record search: filter the record table as the reader types.
(function () {
  var input = document.getElementById('filter');
  if (!input) { return; }
  var rows = Array.prototype.slice.call(document.querySelectorAll('#record-table tbody tr'));
  var count = document.getElementById('count');
  function apply() {
    var q = input.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var hit = !q || row.textContent.toLowerCase().indexOf(q) >= 0;
      row.style.display = hit ? '' : 'none';
      if (hit) { shown++; }
    });
    count.textContent = shown + ' / ' + rows.length + ' records';
  }
  input.addEventListener('input', apply);
  // A link to a record clears the filter so the target row is visible.
  window.addEventListener('hashchange', function () { input.value = ''; apply(); });
  apply();
})();
