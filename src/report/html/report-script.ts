/**
 * The report's only script (inlined): clicking a bar or a task box shows its
 * details below the timeline. The page reads
 * fine without it: every bar and box has a tooltip.
 */
export const REPORT_SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('bar-data').textContent);
  var bars = data.bars;
  var panel = document.getElementById('details');
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function select(bars) {
    document.querySelectorAll('.bar.sel').forEach(function (el) { el.classList.remove('sel'); });
    bars.forEach(function (el) { el.classList.add('sel'); });
  }
  function show(i) {
    var d = bars[i];
    if (!d) return;
    var rows = [
      ['task', d.task + ': ' + (data.titles[d.task] || '')], ['attempt', d.attempt + ' on ' + d.worker],
      ['outcome', d.outcome], ['agent', d.agent], ['duration', d.duration], ['tokens', d.tokens], ['cost', d.cost],
      ['files', d.files.length ? d.files.join(', ') : '–'], ['merge', d.merge], ['branch', d.branch || '–']
    ];
    if (d.reason) rows.splice(3, 0, ['reason', d.reason]);
    panel.innerHTML = '<dl>' + rows.map(function (r) {
      return '<dt>' + esc(r[0]) + '</dt><dd>' + esc(r[1]) + '</dd>';
    }).join('') + '</dl>';
    panel.dataset.bar = String(i);
  }
  document.addEventListener('click', function (ev) {
    var bar = ev.target.closest && ev.target.closest('.bar');
    if (bar) { select([bar]); show(Number(bar.dataset.i)); return; }
    var node = ev.target.closest && ev.target.closest('.node');
    if (node) {
      var bars = Array.prototype.slice.call(document.querySelectorAll('.bar')).filter(function (b) {
        return b.dataset.task === node.dataset.task;
      });
      select(bars);
      if (bars.length) { show(Number(bars[bars.length - 1].dataset.i)); bars[0].scrollIntoView({ block: 'nearest', inline: 'center' }); }
      else panel.textContent = node.dataset.task + ' never started.';
    }
  });
})();
`;
