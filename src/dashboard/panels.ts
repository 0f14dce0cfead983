/**
 * The dashboard's HTML fragments: a live panel for an active session
 * (workers with their latest log lines, the growing timeline, every task as a
 * chip) and a one-line row for the others. Sent whole over SSE and swapped in.
 */
import { esc, formatCost, formatTokens, tokensOf } from '../report/html/markup.js';
import type { ReportModel } from '../report/html/report-model.js';
import { renderTimelineSvg } from '../report/html/timeline-svg.js';
import { formatDuration } from '../util/duration.js';
import type { WorkerLog } from './session-feed.js';

export interface PanelInput {
  model: ReportModel;
  logs: WorkerLog[];
  /** The run holds the repository's run lock right now. */
  live: boolean;
  token: string;
  now: number;
}

export function sessionDomId(runId: string): string {
  return `s-${runId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

function statusText(model: ReportModel, live: boolean): string {
  if (live) return 'running';
  if (model.status === 'finished') return 'finished';
  if (model.status === 'stopped') return 'stopped';
  return 'interrupted';
}

function reportLink(runId: string, token: string): string {
  return `<a href="/sessions/${encodeURIComponent(runId)}/report?token=${encodeURIComponent(token)}" target="_blank" rel="noopener">report</a>`;
}

function counts(model: ReportModel): string {
  const f = model.figures;
  const running = model.bars.filter((b) => b.outcome === 'running').length;
  return `${f.merged} of ${f.tasks} merged · ${running} running · ${f.failed + f.skipped} failed or skipped · ${f.conflicted} conflicted`;
}

export function renderPanel(p: PanelInput): string {
  const { model } = p;
  const status = statusText(model, p.live);
  const started = model.segments[0]?.start;
  const elapsed = started === undefined ? '' : ` · ${formatDuration(model.figures.makespanMs)} elapsed`;
  const u = model.figures.usage;
  const header = `<h2>run ${esc(model.runId)} <span class="status ${status}">${status}</span></h2><div class="meta">${esc(model.taskFile ?? '')}${esc(elapsed)} · ${esc(counts(model))} · ${formatTokens(tokensOf(u))} tokens · ${formatCost(u.costUsd)} · ${reportLink(model.runId, p.token)}</div>`;
  return `<section class="session" id="${sessionDomId(model.runId)}" data-run="${esc(model.runId)}" data-seq="${model.bars.length}">${header}${workersTable(p)}<div class="scroll timeline-box">${renderTimelineSvg(model)}</div>${taskChips(model)}</section>`;
}

function workersTable(p: PanelInput): string {
  const logs = new Map(p.logs.map((l) => [l.workerId, l]));
  const rows = p.model.workers.map((w) => {
    const bar = [...p.model.bars].reverse().find((b) => b.workerId === w);
    const busy = bar?.outcome === 'running';
    const log = logs.get(w);
    const lines =
      busy && log && log.lines.length > 0 ? `<pre class="log">${esc(log.lines.join('\n'))}</pre>` : '';
    const what = busy
      ? `${esc(bar.taskId)} (attempt ${bar.attempt}) for ${esc(formatDuration(p.now - bar.start))}`
      : 'idle';
    return `<tr data-worker="${esc(w)}"><td>${esc(w)}</td><td>${what}${lines}</td></tr>`;
  });
  if (rows.length === 0) return '<p class="meta">No task has started yet.</p>';
  return `<table class="workers"><thead><tr><th>worker</th><th>now</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function taskChips(model: ReportModel): string {
  const chips = model.tasks.map(
    (t) =>
      `<span class="chip ${t.status}" data-task="${esc(t.id)}" title="${esc(`${t.title}: ${t.status}`)}">${esc(t.id)}</span>`,
  );
  return `<div class="chips">${chips.join(' ')}</div>`;
}

export function renderRow(model: ReportModel, live: boolean, token: string): string {
  const status = statusText(model, live);
  return `<li class="session-row" id="${sessionDomId(model.runId)}" data-run="${esc(model.runId)}"><b>${esc(model.runId)}</b> <span class="status ${status}">${status}</span> ${esc(model.taskFile ?? '')} · ${esc(counts(model))} · ${reportLink(model.runId, token)}</li>`;
}
