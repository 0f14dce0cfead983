/** The first line of a task: a `## T001: title` heading or a `- [ ] T010 [P] title` item. */
import { takeAnnotations } from './annotations.js';
import type { Block, ListItem } from './blocks.js';
import { trimmedLead, trimmedSlice } from './chars.js';
import type { DiagnosticList } from './diagnostics.js';
import { isValidId, newDraft, type TaskDraft } from './draft.js';
import type { FieldKey, FieldLine } from './field-line.js';
import { addDependencies, applyField, setPriority } from './fields.js';
import { leadingId, maskTags, type Tag } from './leading-id.js';
import type { Lines, SrcLine } from './lines.js';
import type { SourcePos } from './types.js';

type Heading = Block & { kind: 'heading' };

/** A task for a heading that starts with an id, or undefined for any other heading. */
export function sectionHeading(h: Heading, lines: Lines, diags: DiagnosticList): TaskDraft | undefined {
  const { masked, tags } = maskTags(h.text);
  const lead = leadingId(masked);
  if (lead === undefined) return undefined;
  const line = lines.line(h.start);
  const idPos = { line, column: h.textColumn + lead.offset };
  if (!isValidId(lead.id)) diags.add(idPos, 'bad-id', badIdMessage(lead.id));
  const position = { line, column: lines.column(h.start) + trimmedLead(lines.text(h.start)) };
  const draft = newDraft(lead.id, idPos, oneLine(masked, lead.restOffset), position, 'section', false);
  applyTags(tags, line, h.textColumn, draft, diags);
  // `[P]` orders checklist items; a section's order comes from Depends: and files alone.
  draft.parallel = false;
  return draft;
}

/** A task for a checklist item; `ordinal` numbers generated ids (`step-3` is the third item). */
export function checklistHead(
  item: ListItem,
  position: SourcePos,
  ordinal: number,
  diags: DiagnosticList,
): TaskDraft {
  const head = item.content[0] as SrcLine;
  const tagged = maskTags(head.text);
  const { masked, notes } = takeAnnotations(tagged.masked);
  // A lone id-like word (`- [ ] v2`) is the item's text, not its id.
  const found = leadingId(masked);
  const lead = found !== undefined && masked.slice(found.restOffset).trim() !== '' ? found : undefined;
  const id = lead?.id ?? `step-${ordinal}`;
  const idPos = lead === undefined ? position : { line: head.line, column: head.column + lead.offset };
  if (lead !== undefined && !isValidId(lead.id)) diags.add(idPos, 'bad-id', badIdMessage(lead.id));
  const title = oneLine(masked, lead?.restOffset ?? 0);
  const draft = newDraft(id, idPos, title, position, 'checklist', item.checkbox === 'x');
  applyTags(tagged.tags, head.line, head.column, draft, diags);
  for (const n of notes) {
    const column = head.column + n.offset;
    if (n.key.startsWith('depends')) addDependencies(n.value, head.line, column, draft, diags);
    else if (n.key !== 'branch') {
      const key = n.key as FieldKey;
      const field: FieldLine = {
        key,
        text: n.key,
        keyStart: 0,
        keyEnd: n.key.length,
        value: n.value,
        line: head.line,
        keyColumn: column,
        valueColumn: column,
      };
      applyField(field, draft, diags);
    }
  }
  return draft;
}

/** `[P]` runs alongside the previous item; `[P1]` is a priority. `column` is the text's. */
function applyTags(tags: Tag[], line: number, column: number, task: TaskDraft, diags: DiagnosticList): void {
  for (const t of tags) {
    if (t.tag.length === 1) task.parallel = true;
    else setPriority(t.tag, line, column + t.offset + 1, task, diags);
  }
}

const SPACE_RUN = /\s\s|[\t\n]/;
const SPACES = /\s+/g;

/** The text from `from` on, trimmed, with runs of whitespace made single spaces. */
function oneLine(text: string, from: number): string {
  const t = trimmedSlice(text, from, text.length);
  return SPACE_RUN.test(t) ? t.replace(SPACES, ' ') : t;
}

function badIdMessage(id: string): string {
  return `${JSON.stringify(id)} is not a valid task id: start with a letter, then up to 63 letters, digits, _ . or -`;
}
