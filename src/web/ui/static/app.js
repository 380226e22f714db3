// Parley's own script: no inline scripts anywhere (the CSP forbids them), everything is wired here.
(function () {
  'use strict';

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : '';
  }

  // htmx requests carry the session's CSRF token like forms do.
  document.addEventListener('htmx:configRequest', function (e) {
    var token = csrfToken();
    if (token) e.detail.headers['X-CSRF-Token'] = token;
  });

  // Filter boxes narrow a table as one types, without a page load (OTRS "filter" box).
  function applyFilter(input) {
    var table = document.getElementById(input.getAttribute('data-filter-table'));
    if (!table) return;
    var term = input.value.trim().toLowerCase();
    var shown = 0;
    table.querySelectorAll('tbody tr[data-filter]').forEach(function (row) {
      var match = !term || row.getAttribute('data-filter').toLowerCase().indexOf(term) !== -1;
      row.hidden = !match;
      if (match) shown++;
    });
    var none = table.querySelector('tbody tr.no-match');
    if (none) none.hidden = shown !== 0;
  }
  document.addEventListener('input', function (e) {
    var t = e.target;
    if (t instanceof HTMLInputElement && t.hasAttribute('data-filter-table')) applyFilter(t);
  });

  // Confirmations for buttons that change a lot (data-confirm="…").
  document.addEventListener('submit', function (e) {
    var form = e.target;
    var submitter = e.submitter;
    var message = (submitter && submitter.getAttribute('data-confirm')) || (form && form.getAttribute('data-confirm'));
    if (message && !window.confirm(message)) e.preventDefault();
  });

  // Show/hide dependent fields (data-toggle="id" on a checkbox).
  function syncToggle(box) {
    var target = document.getElementById(box.getAttribute('data-toggle'));
    if (target) target.hidden = !box.checked;
  }
  document.addEventListener('change', function (e) {
    var t = e.target;
    if (t instanceof HTMLInputElement && t.hasAttribute('data-toggle')) syncToggle(t);
  });
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('input[data-toggle]').forEach(syncToggle);
    document.querySelectorAll('input[data-filter-table]').forEach(applyFilter);
  });
})();
