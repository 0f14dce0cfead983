/**
 * The dependency graph as SVG: one box per task coloured by its final state,
 * arrows from a dependency to its dependent, the critical path (by measured
 * time) drawn heavier on top.
 */
import type { TaskSnapshot } from '../../journal/run-state.js';
import { layoutGraph } from './graph-layout.js';
import { esc, px } from './markup.js';
import type { ReportModel } from './report-model.js';

const NODE_W = 128;
const NODE_H = 34;
const GAP_X = 44;
const GAP_Y = 10;
const PAD = 8;
const TITLE_CHARS = 19;

export function renderGraphSvg(model: ReportModel): string {
  const layout = layoutGraph(model.tasks);
  const tasks = new Map(model.tasks.map((t) => [t.id, t]));
  const colSize = new Map<number, number>();
  for (const n of layout.nodes) colSize.set(n.column, (colSize.get(n.column) ?? 0) + 1);
  const pos = new Map<string, { x: number; y: number }>();
  for (const n of layout.nodes) {
    const offset = ((layout.rows - colSize.get(n.column)!) * (NODE_H + GAP_Y)) / 2;
    pos.set(n.id, { x: PAD + n.column * (NODE_W + GAP_X), y: PAD + offset + n.row * (NODE_H + GAP_Y) });
  }
  const width = Math.max(NODE_W, PAD * 2 + layout.columns * (NODE_W + GAP_X) - GAP_X);
  const height = Math.max(NODE_H, PAD * 2 + layout.rows * (NODE_H + GAP_Y) - GAP_Y);
  const path = model.critical.taskIds;
  const criticalEdges = new Set(path.slice(1).map((id, i) => `${path[i]}\u0001${id}`));
  const criticalNodes = new Set(path);
  const out: string[] = [
    `<svg class="graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="dependency graph">`,
    '<defs><marker id="arrow" viewBox="0 0 8 8" refX="8" refY="4" markerUnits="userSpaceOnUse" markerWidth="8" markerHeight="8" orient="auto"><path d="M0 0L8 4L0 8z" class="arrowhead"/></marker></defs>',
  ];
  const edgeSvg = (from: string, to: string, crit: boolean): string => {
    const a = pos.get(from)!;
    const b = pos.get(to)!;
    const x1 = a.x + NODE_W;
    const y1 = a.y + NODE_H / 2;
    const x2 = b.x;
    const y2 = b.y + NODE_H / 2;
    const mx = (x1 + x2) / 2;
    return `<path class="edge${crit ? ' crit' : ''}" d="M${px(x1)} ${px(y1)}C${px(mx)} ${px(y1)} ${px(mx)} ${px(y2)} ${px(x2)} ${px(y2)}"/>`;
  };
  const later: string[] = [];
  const drawn = new Set(layout.edges.map(([f, t]) => `${f}\u0001${t}`));
  for (const [from, to] of layout.edges) {
    const crit = criticalEdges.has(`${from}\u0001${to}`);
    (crit ? later : out).push(edgeSvg(from, to, crit));
  }
  // A critical step that the drawing left out as implied is still drawn.
  for (const key of criticalEdges) {
    const [from, to] = key.split('\u0001') as [string, string];
    if (!drawn.has(key)) later.push(edgeSvg(from, to, true));
  }
  out.push(...later);
  for (const n of layout.nodes) {
    const t = tasks.get(n.id)!;
    out.push(nodeSvg(t, pos.get(n.id)!, criticalNodes.has(n.id)));
  }
  out.push('</svg>');
  return out.join('');
}

function nodeSvg(t: TaskSnapshot, p: { x: number; y: number }, critical: boolean): string {
  const title = t.title.length > TITLE_CHARS ? `${t.title.slice(0, TITLE_CHARS - 1)}…` : t.title;
  const tip = `${t.id}: ${t.title}\n${t.status}${t.attempts > 1 ? `, ${t.attempts} attempts` : ''}`;
  return `<g class="node s-${t.status}${critical ? ' crit' : ''}" data-task="${esc(t.id)}"><rect x="${px(p.x)}" y="${px(p.y)}" width="${NODE_W}" height="${NODE_H}" rx="5"/><text class="node-id" x="${px(p.x + 6)}" y="${px(p.y + 14)}">${esc(t.id)}</text><text class="node-title" x="${px(p.x + 6)}" y="${px(p.y + 27)}">${esc(title)}</text><title>${esc(tip)}</title></g>`;
}
