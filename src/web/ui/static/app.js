// Parley's own script: no inline scripts anywhere (the CSP forbids them), everything is wired here.

/**
 * The words this script shows, in the page's language: the server renders them from its catalogs
 * into the data-messages attribute (JSON) on <body> of every page. {name} placeholders are filled
 * from params; a missing text shows its key. The script itself holds no text a person reads.
 */
function parleyMessage(key, params) {
  var text = key;
  try {
    var all = JSON.parse((document.body && document.body.getAttribute('data-messages')) || '{}');
    if (typeof all[key] === 'string') text = all[key];
  } catch (e) {
    /* a broken attribute: the key */
  }
  return text.replace(/\{(\w+)\}/g, function (m, name) {
    return params && Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : m;
  });
}

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
    // An empty list says it is empty; "no match" is only for a filter that hid every row.
    if (none) none.hidden = shown !== 0 || !term || table.querySelectorAll('tbody tr[data-filter]').length === 0;
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

// Agent interface (issue 6): live counter, pending dates, action panels, local times, shortcuts.
(function () {
  'use strict';

  function pad(n) {
    return (n < 10 ? '0' : '') + n;
  }
  function isTyping(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  // The server counts X's weighted length (htmx posts the text as one types); a text it calls too
  // long disables the send button of its form, so it is refused before it is sent.
  function syncCounter(counter) {
    var blocked = counter.getAttribute('data-blocked') === 'true';
    document.querySelectorAll('button[data-counter="' + counter.id + '"]').forEach(function (b) {
      b.disabled = blocked;
      // The network's own reason ("Mastodon allows 500 characters …"), as the counter says it.
      if (blocked) b.setAttribute('title', counter.getAttribute('data-why') || parleyMessage('tooLong'));
      else b.removeAttribute('title');
    });
  }

  // Times come formatted from the server, in the agent's language and time zone (their preference,
  // else the server's); the script leaves them as they are.

  // Show or hide a field by a radio choice (data-toggle-on / data-toggle-off = the field's id).
  function syncRadios(root) {
    root.querySelectorAll('input[type=radio][data-toggle-on], input[type=radio][data-toggle-off]').forEach(function (r) {
      if (!r.checked) return;
      var on = r.getAttribute('data-toggle-on');
      var off = r.getAttribute('data-toggle-off');
      if (on && document.getElementById(on)) document.getElementById(on).hidden = false;
      if (off && document.getElementById(off)) document.getElementById(off).hidden = true;
    });
  }

  // The pending-until field matters only for pending states: shown, required and prefilled then.
  function syncPending(select) {
    var box = document.getElementById(select.getAttribute('data-pending-select'));
    if (!box) return;
    var pending = /^pending/.test(select.value);
    box.hidden = !pending;
    var input = box.querySelector('input[type=datetime-local]');
    if (!input) return;
    input.required = pending;
    if (pending && !input.value && input.getAttribute('data-default')) {
      // The agent's own time zone: the server proposed the time in it.
      input.value = input.getAttribute('data-default');
    } else if (pending && !input.value) {
      var d = new Date(Date.now() + 24 * 3600 * 1000);
      input.value = d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' + pad(d.getHours()) + ':' + pad(d.getMinutes());
    }
  }

  function init(root) {
    syncRadios(root);
    root.querySelectorAll('.counter[data-blocked]').forEach(syncCounter);
    root.querySelectorAll('select[data-pending-select]').forEach(syncPending);
    root.querySelectorAll('input[data-tz-offset]').forEach(function (i) {
      i.value = String(new Date().getTimezoneOffset());
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    init(document);
  });
  document.addEventListener('htmx:load', function (e) {
    if (e.target instanceof Element) init(e.target);
  });
  // Out-of-band parts (live updates of the zoom) are swapped without htmx:load on them.
  // A part redrawn while the focus was in it (the action menu after someone locked the ticket)
  // keeps the focus: on the same field if it is still there, else on the part's first control.
  var focusedIn = null;
  document.addEventListener('htmx:oobBeforeSwap', function (e) {
    var target = e.detail && e.detail.target;
    var active = document.activeElement;
    focusedIn = target instanceof Element && active && active !== document.body && target.contains(active) ? { part: target.id, id: active.id } : null;
  });
  document.addEventListener('htmx:oobAfterSwap', function (e) {
    if (e.detail && e.detail.target instanceof Element) init(e.detail.target);
    var was = focusedIn;
    focusedIn = null;
    if (!was || (document.activeElement && document.activeElement !== document.body)) return;
    var part = document.getElementById(was.part);
    var again = (was.id && document.getElementById(was.id)) || (part && part.querySelector('a[href], button, summary, select, textarea, input:not([type=hidden])'));
    if (again) again.focus();
  });

  document.addEventListener('change', function (e) {
    var t = e.target;
    if (t instanceof HTMLSelectElement && t.hasAttribute('data-pending-select')) syncPending(t);
    if (t instanceof HTMLInputElement && t.type === 'radio') syncRadios(document);
    // Filter forms apply a choice at once.
    if (t instanceof HTMLSelectElement && t.form && t.form.hasAttribute('data-autosubmit')) t.form.requestSubmit();
  });

  // A form whose counter says "too long" is not sent, whatever button or key sent it.
  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (!(form instanceof HTMLFormElement)) return;
    var blocked = form.querySelector('.counter[data-blocked="true"]');
    if (blocked) {
      e.preventDefault();
      var area = form.querySelector('textarea');
      if (area) area.focus();
    }
  });

  // Ctrl+Enter (or Cmd+Enter) in a message sends it.
  document.addEventListener('keydown', function (e) {
    var t = e.target;
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && t instanceof HTMLTextAreaElement && t.hasAttribute('data-ctrl-enter') && t.form) {
      e.preventDefault();
      t.form.requestSubmit();
      return;
    }
    // Escape closes an open action panel and gives focus back to its button.
    if (e.key === 'Escape') {
      var open = t instanceof Element ? t.closest('details.action[open]') : null;
      if (open) {
        open.open = false;
        open.querySelector('summary').focus();
      }
      return;
    }
    // "/" jumps to the search, "r" to the reply box, when not typing.
    if (e.ctrlKey || e.metaKey || e.altKey || isTyping(t)) return;
    var target = e.key === '/' ? document.querySelector('[data-shortcut="/"]') : e.key === 'r' ? document.getElementById('compose-body') : null;
    if (target) {
      e.preventDefault();
      target.focus();
    }
  });

  // One action panel at a time; opening one puts the focus in its first field.
  document.addEventListener(
    'toggle',
    function (e) {
      var d = e.target;
      if (!(d instanceof HTMLDetailsElement) || !d.classList.contains('action') || !d.open) return;
      document.querySelectorAll('details.action[open]').forEach(function (other) {
        if (other !== d) other.open = false;
      });
      var field = d.querySelector('select, textarea, input:not([type=hidden])');
      if (field) field.focus();
    },
    true,
  );

  // A counter that htmx replaced decides again whether its form may be sent.
  document.addEventListener('htmx:afterSwap', function (e) {
    var el = e.detail && e.detail.elt;
    if (el instanceof Element) el.querySelectorAll('.counter[data-blocked]').forEach(syncCounter);
    document.querySelectorAll('.counter[data-blocked]').forEach(syncCounter);
  });

  // A live part whose session ran out is answered with the login page: go there with the whole
  // page (and come back to it afterwards) instead of drawing the form into the list.
  document.addEventListener('htmx:beforeSwap', function (e) {
    var xhr = e.detail && e.detail.xhr;
    if (!xhr || !xhr.responseURL) return;
    if (new URL(xhr.responseURL).pathname === '/login') {
      e.detail.shouldSwap = false;
      window.location.assign('/login?next=' + encodeURIComponent(window.location.pathname + window.location.search));
    }
  });

  // An avatar the network no longer serves falls back to the person's initials.
  document.addEventListener(
    'error',
    function (e) {
      var img = e.target;
      if (img instanceof HTMLImageElement && img.parentElement && img.parentElement.classList.contains('avatar')) {
        img.parentElement.textContent = img.parentElement.getAttribute('data-initials') || '?';
      }
    },
    true,
  );
})();

// Issue 11: the bell. A newer unread notification than the last one seen becomes a browser
// notification — only when the agent chose that in "My preferences", the browser allows it, and
// the tab is in the background (in front, the bell shows it).
(function () {
  'use strict';
  var KEY = 'parley.bell.seen';

  /** The newest id this tab has seen, or -1 before its first bell. */
  function seen() {
    try {
      var v = sessionStorage.getItem(KEY);
      return v === null ? -1 : Number(v);
    } catch (e) {
      return -1;
    }
  }
  function remember(id) {
    try {
      sessionStorage.setItem(KEY, String(id));
    } catch (e) {
      /* private mode: no memory, at worst one notification again */
    }
  }

  function onBell(bell) {
    var id = Number(bell.getAttribute('data-newest-id') || '0');
    var before = seen();
    if (id <= before) return;
    remember(id);
    // The first bell of a tab only sets the mark: what was there before is not news.
    if (before < 0) return;
    if (bell.getAttribute('data-browser-notify') !== '1' || !document.hidden) return;
    if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    var n = new Notification('Parley', { body: bell.getAttribute('data-newest-text') || '', tag: 'parley-' + id });
    var href = bell.getAttribute('data-newest-href');
    n.onclick = function () {
      window.focus();
      if (href) window.location.assign(href);
    };
  }

  document.addEventListener('htmx:load', function (e) {
    var el = e.target;
    if (el instanceof Element && el.id === 'bell' && el.hasAttribute('data-newest-id')) onBell(el);
  });

  // "Allow notifications in this browser" on the preferences page: the browser asks only on a click.
  function showPermission() {
    var out = document.querySelector('[data-notify-permission]');
    if (!out) return;
    out.textContent =
      typeof Notification === 'undefined'
        ? parleyMessage('notifyNone')
        : parleyMessage('notify' + Notification.permission.charAt(0).toUpperCase() + Notification.permission.slice(1));
  }
  document.addEventListener('click', function (e) {
    var t = e.target;
    if (!(t instanceof Element) || !t.hasAttribute('data-ask-notify')) return;
    if (typeof Notification === 'undefined') return showPermission();
    Notification.requestPermission().then(showPermission);
  });
  document.addEventListener('DOMContentLoaded', showPermission);
})();

// Bulk action (issue 11): "tick all", the count of ticked tickets, and no live redraw of the list
// while tickets are ticked (it would untick them).
(function () {
  'use strict';
  function ticked() {
    return document.querySelectorAll('input[name="ticketId"][form="bulk"]:checked').length;
  }
  function sync() {
    var count = document.getElementById('bulk-count');
    var n = ticked();
    if (!count) return;
    var lang = document.documentElement.lang || 'en';
    var one = typeof Intl !== 'undefined' && Intl.PluralRules ? new Intl.PluralRules(lang).select(n) === 'one' : n === 1;
    var number = n.toLocaleString(lang);
    count.textContent = n
      ? one
        ? parleyMessage('tickedOne', { count: number })
        : parleyMessage('tickedOther', { count: number })
      : parleyMessage('tickNone');
  }
  document.addEventListener('change', function (e) {
    var t = e.target;
    if (!(t instanceof HTMLInputElement) || t.type !== 'checkbox') return;
    if (t.hasAttribute('data-check-all')) {
      document.querySelectorAll('input[name="' + t.getAttribute('data-check-all') + '"][form="bulk"]').forEach(function (box) {
        box.checked = t.checked;
      });
    }
    if (t.getAttribute('form') === 'bulk') sync();
  });
  document.addEventListener('htmx:beforeRequest', function (e) {
    var el = e.detail && e.detail.elt;
    if (el instanceof Element && el.id === 'ticket-list' && ticked() > 0) e.preventDefault();
  });
})();

// Attachments (issue 12): drag and drop onto the file field, and X's rules checked before sending
// (the server checks again): four images, or one GIF or video, per post; one file per DM.
(function () {
  'use strict';
  var MB = 1024 * 1024;
  var IMAGES = ['image/png', 'image/jpeg', 'image/webp'];
  var LIMITS = { image: 5 * MB, gif: 15 * MB, video: 512 * MB };

  function kindOf(form) {
    var checked = form && form.querySelector('input[name=kind]:checked');
    return checked && checked.value === 'dm' ? 'dm' : 'post';
  }

  function problem(input) {
    var files = Array.prototype.slice.call(input.files || []);
    if (files.length === 0) return '';
    if (files.length > 4) return parleyMessage('filesTooMany');
    if (input.getAttribute('data-x-media') !== 'true') return '';
    for (var i = 0; i < files.length; i++) {
      var f = files[i];
      var family = IMAGES.indexOf(f.type) !== -1 ? 'image' : f.type === 'image/gif' ? 'gif' : /^video\/(mp4|quicktime)$/.test(f.type) ? 'video' : null;
      if (!family) return parleyMessage(f.type ? 'fileType' : 'fileTypeUnknown', { type: f.type });
      if (f.size > LIMITS[family]) {
        var key = family === 'gif' ? 'fileSizeGif' : family === 'video' ? 'fileSizeVideo' : 'fileSizeImage';
        return parleyMessage(key, { name: f.name, mb: LIMITS[family] / MB });
      }
    }
    var moving = files.filter(function (f) { return IMAGES.indexOf(f.type) === -1; });
    if (kindOf(input.form) === 'dm' && files.length > 1) return parleyMessage('fileDmOne');
    if (moving.length > 0 && files.length > 1) return parleyMessage('filePostMix');
    return '';
  }

  function check(input) {
    var message = problem(input);
    var out = document.getElementById(input.id + '-error');
    if (out) {
      out.textContent = message;
      out.hidden = !message;
    }
    input.setCustomValidity(message);
    return !message;
  }

  document.addEventListener('change', function (e) {
    var t = e.target;
    if (t instanceof HTMLInputElement && t.type === 'file' && t.name === 'files') check(t);
    if (t instanceof HTMLInputElement && t.name === 'kind' && t.form) {
      var input = t.form.querySelector('input[type=file][name=files]');
      if (input) check(input);
    }
  });

  function zoneOf(target) {
    return target instanceof Element ? target.closest('[data-dropzone]') : null;
  }
  document.addEventListener('dragover', function (e) {
    var zone = zoneOf(e.target);
    if (!zone) return;
    e.preventDefault();
    zone.classList.add('dragging');
  });
  document.addEventListener('dragleave', function (e) {
    var zone = zoneOf(e.target);
    if (zone) zone.classList.remove('dragging');
  });
  document.addEventListener('drop', function (e) {
    var zone = zoneOf(e.target);
    if (!zone || !e.dataTransfer) return;
    e.preventDefault();
    zone.classList.remove('dragging');
    var input = document.getElementById(zone.getAttribute('data-dropzone'));
    if (!input) return;
    var all = new DataTransfer();
    Array.prototype.forEach.call(input.files || [], function (f) { all.items.add(f); });
    Array.prototype.forEach.call(e.dataTransfer.files, function (f) { all.items.add(f); });
    input.files = all.files;
    check(input);
  });
})();
