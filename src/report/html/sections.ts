/** The report's text sections: the run header, the summary figures and the task table. */
import type { TaskSnapshot } from '../../journal/run-state.js';
import { formatDuration } from '../../util/duration.js';
import { esc, formatCost, formatTokens, shortSha, tokensOf } from './markup.js';
import type { ReportModel } from './report-model.js';

const STATUS_TEXT: Record<ReportModel['status'], string> = {
  'not-started': 'not started',
  running: 'running (or weft was killed)',
  stopped: 'stopped',
  finished: 'finished',
};

export function renderRunHeader(model: ReportModel): string {
  const first = model.segments[0]?.start;
  const meta = [
    model.taskFile && `task file <code>${esc(model.taskFile)}</code>`,
    model.base && `base <code>${esc(model.base)}</code>`,
    model.integrationBranch &&
      `result on <code>${esc(model.integrationBranch)}</code> (${esc(shortSha(model.integrationHead))})`,
    model.agent && `default agent <code>${esc(model.agent)}</code>`,
    first !== undefined && `started ${esc(new Date(first).toISOString().replace('T', ' ').slice(0, 19))} UTC`,
  ].filter(Boolean);
  return `<header><h1>weft run ${esc(model.runId)} <span class="status ${model.status}">${esc(STATUS_TEXT[model.status])}</span></h1><div class="meta">${meta.join(' · ')}</div></header>`;
}

export function renderFigures(model: ReportModel): string {
  const f = model.figures;
  const ratio = f.lowerBoundMs > 0 ? `${(f.makespanMs / f.lowerBoundMs).toFixed(2)}× the bound` : '–';
  const u = f.usage;
  const cards: [string, string, string][] = [
    [
      'tasks',
      `${f.merged} / ${f.tasks}`,
      `merged · ${f.failed + f.skipped} failed or skipped · ${f.conflicted} conflicted${f.unfinished ? ` · ${f.unfinished} unfinished` : ''}`,
    ],
    ['makespan', formatDuration(f.makespanMs), `wall time weft ran · ${ratio}`],
    [
      'lower bound',
      formatDuration(f.lowerBoundMs),
      `max(critical path ${formatDuration(f.criticalPathMs)}, work ${formatDuration(f.workMs)} / ${f.workers})`,
    ],
    ['parallelism', `${f.parallelism.toFixed(2)}×`, `attempt time / wall time, ${f.workers} workers`],
    ['workers used', `${f.workersUsed} of ${f.workers}`, `${f.replacements} replaced`],
    ['attempts', String(f.attempts), f.retries === 1 ? '1 retry' : `${f.retries} retries`],
    [
      'tokens',
      formatTokens(tokensOf(u)),
      `in ${formatTokens(u.inputTokens ?? 0)} · out ${formatTokens(u.outputTokens ?? 0)}`,
    ],
    ['cost', formatCost(u.costUsd), 'as the agents reported it'],
    [
      'test gate',
      `${f.validations.passed} passed`,
      `${f.validations.failed} failed · ${formatDuration(f.validations.ms)}`,
    ],
  ];
  return `<section class="figures">${cards
    .map(
      ([k, v, sub]) =>
        `<div class="figure" data-figure="${k}"><span>${k}</span><b>${esc(v)}</b><span>${esc(sub)}</span></div>`,
    )
    .join('')}</section>`;
}

export function renderTaskTable(model: ReportModel): string {
  const wall = new Map<string, number>();
  for (const b of model.bars) wall.set(b.taskId, (wall.get(b.taskId) ?? 0) + (b.end ?? model.end) - b.start);
  const rows = model.tasks.map((t) =>
    [
      `<tr data-task="${esc(t.id)}"><td>${esc(t.id)}</td><td>${esc(t.title)}</td>`,
      `<td><span class="chip ${t.status}">${esc(t.status)}</span></td>`,
      `<td class="num">${t.attempts}</td><td>${esc(t.workerId ?? '–')}</td>`,
      `<td class="num">${wall.has(t.id) ? esc(formatDuration(wall.get(t.id)!)) : '–'}</td>`,
      `<td class="num">${formatTokens(tokensOf(t.usage))}</td><td class="num">${formatCost(t.usage.costUsd)}</td>`,
      `<td>${esc((t.changedFiles.length ? t.changedFiles : t.files).join(', ') || '–')}</td>`,
      `<td>${esc(result(t))}</td></tr>`,
    ].join(''),
  );
  return `<div class="scroll"><table><thead><tr><th>task</th><th>title</th><th>status</th><th>attempts</th><th>worker</th><th>time</th><th>tokens</th><th>cost</th><th>files</th><th>result</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function result(t: TaskSnapshot): string {
  switch (t.status) {
    case 'merged':
      return t.integrationCommit ? `merged as ${shortSha(t.integrationCommit)}` : 'done before the run';
    case 'skipped':
      return t.skipReason ?? 'skipped';
    case 'conflicted':
      return `conflicts in ${(t.conflictFiles ?? []).join(', ')}; branch ${t.branch ?? ''} kept`;
    case 'failed':
      return t.lastError ?? 'failed';
    case 'finished':
      return `finished, not merged (${shortSha(t.commit)})`;
    default:
      return t.status;
  }
}
