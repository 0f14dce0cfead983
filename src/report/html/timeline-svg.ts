/**
 * The timeline: one lane per worker, one bar per task attempt coloured by its
 * outcome, an integration lane with test-gate runs and merges, and markers for
 * replaced workers, stops and resumes. Pure SVG text (shared by the report and
 * the dashboard); hovering a bar shows a summary, `data-i` keys its details.
 */
import type { AttemptBar, Marker } from './history.js';
import { esc, formatCost, formatMs, formatTokens, px, tokensOf } from './markup.js';
import type { ReportModel } from './report-model.js';
import { timeAxis } from './time-axis.js';

const LABEL_W = 84;
const AXIS_H = 22;
const LANE_H = 26;
const BAR_H = 18;
const MIN_BAR_W = 2;
/** Approximate width of a label character (11px bold): narrower bars carry no label, the tooltip still names them. */
const LABEL_CHAR_W = 7;

export interface TimelineOptions {
  /** Width of the drawing in px; default: wide enough for a label on a typical bar. */
  width?: number;
}

/** Busy lanes get a wider (scrolling) drawing rather than unreadable slivers. */
export function timelineWidth(model: ReportModel): number {
  const perLane = new Map<string, number>();
  for (const b of model.bars) perLane.set(b.workerId, (perLane.get(b.workerId) ?? 0) + 1);
  const busiest = Math.max(0, ...perLane.values());
  return LABEL_W + 8 + Math.min(16_000, Math.max(960, busiest * 44));
}

export function renderTimelineSvg(model: ReportModel, options: TimelineOptions = {}): string {
  const width = options.width ?? timelineWidth(model);
  const plotW = width - LABEL_W - 8;
  const axis = timeAxis(model.segments, plotW, { targetTicks: Math.max(4, Math.round(plotW / 130)) });
  const X = (t: number): number => LABEL_W + axis.x(t);
  const lanes = model.workers;
  const laneY = new Map(lanes.map((w, i) => [w, AXIS_H + i * LANE_H]));
  const integrationY = AXIS_H + lanes.length * LANE_H;
  const height = integrationY + LANE_H + 4;
  const critical = new Set(model.critical.taskIds);
  const out: string[] = [
    `<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="timeline of run ${esc(model.runId)}">`,
  ];
  for (const [i, w] of lanes.entries()) {
    const y = AXIS_H + i * LANE_H;
    out.push(
      `<g class="lane" data-worker="${esc(w)}"><rect class="lane-bg${i % 2 ? ' odd' : ''}" x="0" y="${y}" width="${width}" height="${LANE_H}"/>`,
      `<text class="lane-label" x="6" y="${y + LANE_H / 2 + 4}">${esc(w)}</text></g>`,
    );
  }
  out.push(
    `<rect class="lane-bg integ" x="0" y="${integrationY}" width="${width}" height="${LANE_H}"/>`,
    `<text class="lane-label" x="6" y="${integrationY + LANE_H / 2 + 4}">integration</text>`,
  );
  for (const t of axis.ticks) {
    const x = px(LABEL_W + t.x);
    out.push(`<line class="tick" x1="${x}" y1="${AXIS_H - 4}" x2="${x}" y2="${height - 4}"/>`);
    // A label centred on a tick at the right edge would be cut off.
    if (LABEL_W + t.x + 24 <= width)
      out.push(`<text class="tick-label" x="${x}" y="${AXIS_H - 8}">${esc(t.label)}</text>`);
  }
  for (const b of axis.breaks) {
    out.push(
      `<rect class="pause" x="${px(LABEL_W + b - 4)}" y="${AXIS_H}" width="8" height="${height - AXIS_H - 4}"><title>weft was not running here</title></rect>`,
    );
  }
  for (const bar of model.bars) {
    const y = laneY.get(bar.workerId);
    if (y === undefined) continue;
    out.push(barSvg(bar, X(bar.start), X(bar.end ?? model.end), y, critical.has(bar.taskId), model.agent));
  }
  for (const m of model.markers) out.push(markerSvg(m, X, laneY, integrationY));
  out.push('</svg>');
  return out.join('');
}

function barSvg(
  bar: AttemptBar,
  x1: number,
  x2: number,
  laneTop: number,
  critical: boolean,
  agent: string | undefined,
): string {
  const w = Math.max(MIN_BAR_W, x2 - x1);
  const y = laneTop + (LANE_H - BAR_H) / 2;
  const cls = `bar o-${bar.outcome}${critical ? ' crit' : ''}${bar.attempt > 1 ? ' retry' : ''}`;
  const label = bar.attempt > 1 ? `${bar.taskId} ↻${bar.attempt}` : bar.taskId;
  const text =
    w >= label.length * LABEL_CHAR_W + 6
      ? `<text class="bar-label" x="${px(x1 + 4)}" y="${y + BAR_H / 2 + 4}">${esc(label)}</text>`
      : '';
  return `<g class="${cls}" data-i="${bar.index}" data-task="${esc(bar.taskId)}"><rect x="${px(x1)}" y="${y}" width="${px(w)}" height="${BAR_H}" rx="3"/>${text}<title>${esc(barTitle(bar, agent))}</title></g>`;
}

export function barTitle(bar: AttemptBar, agent: string | undefined): string {
  const wall = bar.end === undefined ? undefined : bar.end - bar.start;
  const parts = [
    `${bar.taskId} attempt ${bar.attempt} on ${bar.workerId}: ${bar.outcome}`,
    `agent ${bar.agent ?? agent ?? '–'}, ${formatMs(wall)}${bar.end === undefined ? ' so far' : ''}`,
    `${formatTokens(tokensOf(bar.usage))} tokens, ${formatCost(bar.usage.costUsd)}`,
  ];
  if (bar.reason) parts.push(bar.reason.length > 160 ? `${bar.reason.slice(0, 157)}…` : bar.reason);
  return parts.join('\n');
}

function markerSvg(
  m: Marker,
  X: (t: number) => number,
  laneY: Map<string, number>,
  integrationY: number,
): string {
  switch (m.kind) {
    case 'replaced': {
      const y = laneY.get(m.workerId);
      if (y === undefined) return '';
      const x = X(m.time);
      return `<path class="mk-replaced" d="M${px(x)} ${y + LANE_H - 9}l5 9h-10z"><title>${esc(`${m.workerId} replaced: ${m.reason}`)}</title></path>`;
    }
    case 'merged': {
      const x = X(m.time);
      const y = integrationY + LANE_H / 2;
      return `<path class="mk-merged" data-task="${esc(m.taskId)}" d="M${px(x)} ${y - 6}l5 6l-5 6l-5-6z"><title>${esc(`${m.taskId} merged (${m.integrationCommit.slice(0, 10)})`)}</title></path>`;
    }
    case 'validation': {
      const x1 = X(m.start);
      const w = Math.max(MIN_BAR_W, X(m.end) - x1);
      const what = `${m.command} ${m.passed ? 'passed' : 'failed'}${m.taskId ? ` (${m.taskId})` : ''}, ${formatMs(m.end - m.start)}`;
      return `<rect class="mk-valid ${m.passed ? 'pass' : 'fail'}" x="${px(x1)}" y="${integrationY + 8}" width="${px(w)}" height="${LANE_H - 16}"><title>${esc(what)}</title></rect>`;
    }
    case 'reverted': {
      const x = X(m.time);
      return `<path class="mk-reverted" d="M${px(x - 5)} ${integrationY + 7}l10 12m0-12l-10 12"><title>${esc(`${m.taskId} reverted: ${m.reason}`)}</title></path>`;
    }
    case 'stopped':
    case 'resumed': {
      const x = px(X(m.time));
      const what = m.kind === 'stopped' ? `stopped: ${m.reason}` : 'resumed';
      return `<line class="mk-${m.kind}" x1="${x}" y1="${AXIS_H}" x2="${x}" y2="${integrationY + LANE_H}"><title>${esc(what)}</title></line>`;
    }
  }
}
