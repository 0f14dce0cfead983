/** The first line of a task: a `## T001: title` heading or a `- [ ] T010 [P] title` item. */
import type { Block, ListItem } from './blocks.js';
import type { DiagnosticList } from './diagnostics.js';
import { applyTags, leadingId, maskTags, newDraft, type TaskDraft, VALID_ID } from './draft.js';
import { addDependencies, applyField, type FieldKey, setPriority } from './fields.js';
import type { SrcLine } from './lines.js';
import type { SourcePos } from './types.js';

type Heading = Block & { kind: 'heading' };

/** A task for a heading that starts with an id, or undefined for any other heading. */
export function sectionHeading(h: Heading, line: SrcLine, diags: DiagnosticList): TaskDraft | undefined {
  const { masked, tags } = maskTags(h.text);
  const lead = leadingId(masked);
  if (lead === undefined) return undefined;
  const at = (offset: number): SourcePos => ({ line: line.line, column: h.textColumn + offset });
  const idPos = at(lead.offset);
  if (!VALID_ID.test(lead.id)) diags.add(idPos, 'bad-id', badIdMessage(lead.id));
  const indent = line.text.length - line.text.trimStart().length;
  const draft = newDraft({
    id: lead.id,
    idPos,
    title: oneLine(masked.slice(lead.restOffset)),
    position: { line: line.line, column: line.column + indent },
    form: 'section',
    done: false,
    parallel: false,
  });
  applyTags(tags, at, draft, diags, setPriority);
  // `[P]` orders checklist items; a section's order comes from Depends: and files alone.
  draft.parallel = false;
  return draft;
}

// `(depends: T001)`-style notes inside an item's first line; `branch:` is what a run records.
const ANNOTATION =
  /\((depends(?:[ \t]+on)?|priority|agent|timeout|estimate|verify|branch)[ \t]*:[ \t]*([^)]*)\)/gi;

/** A task for a checklist item; `ordinal` numbers generated ids (`step-3` is the third item). */
export function checklistHead(
  item: ListItem,
  position: SourcePos,
  ordinal: number,
  diags: DiagnosticList,
): TaskDraft {
  const head = item.content[0] as SrcLine;
  const at = (offset: number): SourcePos => ({ line: head.line, column: head.column + offset });
  const tagged = maskTags(head.text);
  const notes: { key: string; value: string; offset: number }[] = [];
  const masked = !tagged.masked.includes('(')
    ? tagged.masked
    : tagged.masked.replace(ANNOTATION, (whole, key: string, value: string, offset: number) => {
        notes.push({ key: key.toLowerCase(), value, offset: offset + whole.indexOf(value, key.length) });
        return ' '.repeat(whole.length);
      });
  // A lone id-like word (`- [ ] v2`) is the item's text, not its id.
  const found = leadingId(masked);
  const lead = found !== undefined && masked.slice(found.restOffset).trim() !== '' ? found : undefined;
  const id = lead?.id ?? `step-${ordinal}`;
  const idPos = lead === undefined ? position : at(lead.offset);
  if (lead !== undefined && !VALID_ID.test(lead.id)) diags.add(idPos, 'bad-id', badIdMessage(lead.id));
  const draft = newDraft({
    id,
    idPos,
    title: oneLine(masked.slice(lead?.restOffset ?? 0)),
    position,
    form: 'checklist',
    done: item.checkbox === 'x',
    parallel: false,
  });
  applyTags(tagged.tags, at, draft, diags, setPriority);
  for (const n of notes) {
    if (n.key.startsWith('depends')) addDependencies(n.value, at(n.offset), draft, diags);
    else if (n.key !== 'branch') {
      const key = n.key as FieldKey;
      applyField(
        { key, name: n.key, value: n.value, keyPos: at(n.offset), valuePos: at(n.offset) },
        draft,
        diags,
      );
    }
  }
  return draft;
}

function oneLine(text: string): string {
  const t = text.trim();
  return /\s\s|[\t\n]/.test(t) ? t.replace(/\s+/g, ' ') : t;
}

function badIdMessage(id: string): string {
  return `${JSON.stringify(id)} is not a valid task id: start with a letter, then up to 63 letters, digits, _ . or -`;
}
