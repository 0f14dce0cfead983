/** The dashboard's page: the shell, the live panels, and the script that swaps in what SSE sends. */
import { esc } from '../report/html/markup.js';
import { STYLES } from '../report/html/styles.js';

const DASHBOARD_STYLES = `
.session{border:1px solid var(--line);border-radius:8px;padding:8px 14px 12px;margin:14px 0;background:#fff}
.session h2{margin:6px 0 2px}
table.workers{margin:8px 0;width:100%}table.workers td:first-child{width:110px;white-space:nowrap}
.chips{margin-top:8px;line-height:1.9}
#recent{padding-left:18px}.session-row{margin:4px 0}
#conn{font-size:12px;margin-left:8px}#conn.on{color:#2f9e57}#conn.off{color:#c0392b}
`;

/** Keeps a panel's scroll positions across a swap, and counts updates (the browser test reads it). */
const CLIENT_SCRIPT = `
(function () {
  var token = new URLSearchParams(location.search).get('token') || '';
  var conn = document.getElementById('conn');
  var es = new EventSource('/events?token=' + encodeURIComponent(token));
  window.weftUpdates = 0;
  es.addEventListener('session', function (ev) {
    var d = JSON.parse(ev.data);
    var old = document.getElementById(d.dom);
    var box = document.getElementById(d.active ? 'active' : 'recent');
    var tpl = document.createElement('template');
    tpl.innerHTML = d.html;
    var el = tpl.content.firstElementChild;
    if (old) {
      var a = old.querySelector('.timeline-box'), b = el.querySelector('.timeline-box');
      if (a && b) { b.dataset.left = a.scrollLeft; }
    }
    if (old && old.parentNode === box) old.replaceWith(el);
    else { if (old) old.remove(); box.insertBefore(el, box.firstChild); }
    var box2 = el.querySelector('.timeline-box');
    if (box2 && box2.dataset.left) box2.scrollLeft = Number(box2.dataset.left);
    el.querySelectorAll('pre.log').forEach(function (p) { p.scrollTop = p.scrollHeight; });
    var none = document.getElementById('none');
    if (none) none.remove();
    window.weftUpdates++;
  });
  es.onopen = function () { conn.className = 'on'; conn.textContent = '● live'; };
  es.onerror = function () { conn.className = 'off'; conn.textContent = '● reconnecting'; };
})();
`;

export function renderPage(input: { repoTop: string; panels: string[]; rows: string[] }): string {
  const empty =
    input.panels.length === 0 && input.rows.length === 0
      ? '<p id="none" class="meta">No runs in this repository yet: start one with <code>weft run tasks.md</code>; it appears here as it starts.</p>'
      : '';
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>weft dashboard · ${esc(input.repoTop)}</title><style>${STYLES}${DASHBOARD_STYLES}</style></head><body>`,
    `<header><h1>weft dashboard</h1><div class="meta">${esc(input.repoTop)} <span id="conn">● connecting</span></div></header>`,
    `<main>${empty}<div id="active">${input.panels.join('')}</div>`,
    `<h2>Other runs</h2><ul id="recent">${input.rows.join('')}</ul></main>`,
    `<script>${CLIENT_SCRIPT}</script></body></html>\n`,
  ].join('');
}
