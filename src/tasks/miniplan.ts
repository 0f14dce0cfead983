/**
 * Mini-plans: the short checklist a worker gets in its worktree (seed 000's format):
 *
 *   # Worker Tasks
 *
 *   - [ ] Task 1 description
 *   - [ ] Task 2 description
 *
 *   Complete each task sequentially. Commit after each logical change.
 */
import { type Block, scanBlocks } from './blocks.js';
import { FileLines, type SrcLine, splitText } from './lines.js';

export interface MiniPlanStep {
  text: string;
  done: boolean;
}

export interface MiniPlan {
  /** The first heading's text, if the plan has one. */
  title?: string;
  steps: MiniPlanStep[];
}

export const DEFAULT_MINI_PLAN_TITLE = 'Worker Tasks';
export const DEFAULT_MINI_PLAN_FOOTER = 'Complete each task sequentially. Commit after each logical change.';

type Item = Block & { kind: 'item' };

/**
 * Reads the steps of a mini-plan: its checkbox items in order (`- [x]` is done). A plan
 * with no checkboxes at all may be a plain `-` or `1.` list; its items are open steps.
 */
export function parseMiniPlan(text: string): MiniPlan {
  const lines = new FileLines(splitText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text), 1);
  let title: string | undefined;
  const items: Item[] = [];
  for (const b of scanBlocks(lines)) {
    if (b.kind === 'heading' && title === undefined && b.text !== '') title = b.text;
    if (b.kind === 'item') items.push(b);
  }
  const checked = items.filter((i) => i.checkbox !== undefined);
  const steps = (checked.length > 0 ? checked : items)
    .map((i) => ({ text: itemText(i.content), done: i.checkbox === 'x' }))
    .filter((s) => s.text !== '');
  return title === undefined ? { steps } : { title, steps };
}

/** The item's text: first line, then its continuation lines as written (dedented). */
function itemText(content: SrcLine[]): string {
  const lines = content.map((l) => l.text.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n').trim();
}

export interface RenderMiniPlanOptions {
  /** Heading text; default `Worker Tasks`. */
  title?: string;
  /** Closing line; default `Complete each task sequentially. Commit after each logical change.` */
  footer?: string;
}

/** Writes steps in seed 000's format; a step of several lines stays inside its item. */
export function renderMiniPlan(
  steps: readonly (string | Readonly<MiniPlanStep>)[],
  opts: RenderMiniPlanOptions = {},
): string {
  const title = opts.title ?? DEFAULT_MINI_PLAN_TITLE;
  const footer = opts.footer ?? DEFAULT_MINI_PLAN_FOOTER;
  const items = steps.map((s) => {
    const step = typeof s === 'string' ? { text: s, done: false } : s;
    const [first = '', ...rest] = step.text.trim().split(/\r\n|\r|\n/);
    const body = rest.map((l) => (l.trim() === '' ? '' : `  ${l}`));
    return [`- [${step.done ? 'x' : ' '}] ${first.trim()}`, ...body].join('\n');
  });
  return `# ${title}\n\n${items.join('\n')}\n\n${footer}\n`;
}
