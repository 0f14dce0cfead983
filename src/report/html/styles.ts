/** The report's and the dashboard's stylesheet, inlined: the pages never fetch anything. */

/** Outcome colours, also used by the legend. */
export const OUTCOME_COLOURS = {
  merged: '#2f9e57',
  finished: '#3b78d8',
  conflict: '#e08600',
  reverted: '#9b59c8',
  failed: '#d64242',
  interrupted: '#98a0a8',
  running: '#7cb8f0',
} as const;

const o = OUTCOME_COLOURS;

export const STYLES = `
:root{--fg:#1d2329;--muted:#5f6b76;--line:#d9dee3;--bg:#fff;--panel:#f6f8fa;--accent:#1f5fbf;--crit:#111}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--fg);background:var(--bg)}
header{padding:16px 24px 8px;border-bottom:1px solid var(--line)}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:22px 0 8px}
main{padding:0 24px 32px}
.meta{color:var(--muted);font-size:13px}.meta code{color:var(--fg)}
.status{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;vertical-align:middle;background:#e6e9ed}
.status.finished{background:#d8f0df;color:#1e6b3a}.status.stopped{background:#fbe0e0;color:#8f2323}.status.running{background:#dcebfb;color:#1d4f8f}
.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px;margin-top:14px}
.figure{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:8px 10px}
.figure b{display:block;font-size:20px;font-weight:600}.figure span{color:var(--muted);font-size:12px}
.legend{display:flex;flex-wrap:wrap;gap:12px;font-size:12px;color:var(--muted);margin:4px 0 6px;align-items:center}
.legend i{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:4px;vertical-align:-2px}
.scroll{overflow:auto;border:1px solid var(--line);border-radius:6px;background:#fff;max-height:70vh}
.timeline .lane-bg{fill:#fff}.timeline .lane-bg.odd{fill:#f7f9fb}.timeline .lane-bg.integ{fill:#f1f4f7}
.lane-label{font-size:12px;fill:var(--muted)}
.tick{stroke:#e8ebee}.tick-label{font-size:11px;fill:var(--muted);text-anchor:middle}
.bar{cursor:pointer}.bar rect{stroke:rgba(0,0,0,.25);stroke-width:.5}
.bar-label{font-size:11px;fill:#fff;pointer-events:none;font-weight:600}
.bar.crit rect{stroke:var(--crit);stroke-width:2}
.bar.retry rect{stroke-dasharray:4 2}
.bar.sel rect{stroke:#000;stroke-width:3}
.o-merged rect{fill:${o.merged}}.o-finished rect{fill:${o.finished}}.o-conflict rect{fill:${o.conflict}}
.o-reverted rect{fill:${o.reverted}}.o-failed rect{fill:${o.failed}}
.o-interrupted rect{fill:${o.interrupted}}.o-interrupted .bar-label{fill:#222}
.o-running rect{fill:${o.running}}.o-running .bar-label{fill:#0d2a4a}
.mk-replaced{fill:#c0392b;stroke:#fff;stroke-width:1}
.mk-merged{fill:${o.merged};stroke:#fff;stroke-width:1}
.mk-valid.pass{fill:#9ad3ad}.mk-valid.fail{fill:#e89a9a}
.mk-reverted{stroke:#9b59c8;stroke-width:2.5}
.mk-stopped{stroke:#c0392b;stroke-width:1.5;stroke-dasharray:5 3}.mk-resumed{stroke:#2f9e57;stroke-width:1.5;stroke-dasharray:5 3}
.pause{fill:#e3e6ea}
.graph .edge{fill:none;stroke:#aab3bc;stroke-width:1.2;marker-end:url(#arrow)}.graph .edge.crit{stroke:var(--crit);stroke-width:2.6}
.arrowhead{fill:#8a949e}
.node rect{fill:#fff;stroke:#9aa4ae;stroke-width:1.2}.node.crit rect{stroke:var(--crit);stroke-width:2.6}
.node-id{font-size:12px;font-weight:700}.node-title{font-size:11px;fill:var(--muted)}
.s-merged rect{fill:#e3f4e8}.s-failed rect,.s-skipped rect{fill:#fbe3e3}.s-conflicted rect{fill:#fdeed6}
.s-running rect{fill:#e1eefc}.s-finished rect{fill:#e4ecfa}
#details{position:sticky;bottom:0;margin-top:10px;background:#fffbe6;border:1px solid #ecd98b;border-radius:6px;padding:8px 12px;font-size:13px;min-height:2.6em}
#details dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:4px 0 0}
#details dt{color:var(--muted)}#details dd{margin:0;word-break:break-word}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:var(--panel);position:sticky;top:0}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.chip{display:inline-block;padding:0 6px;border-radius:8px;font-size:12px;background:#eef1f4}
.chip.merged{background:#d8f0df}.chip.failed,.chip.skipped{background:#fbe0e0}.chip.conflicted{background:#fdeccc}
.chip.running{background:#dcebfb}.chip.finished{background:#dfe8f8}
.notes li{margin:2px 0}
pre.log{background:#0f1419;color:#d6dde4;font:12px/1.35 ui-monospace,"DejaVu Sans Mono",monospace;padding:6px 8px;border-radius:4px;margin:4px 0 0;max-height:9.5em;overflow:auto;white-space:pre-wrap;word-break:break-all}
`;
