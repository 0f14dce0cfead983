/**
 * Walks a task file's blocks once: `## T001: …` headings open section tasks, checkbox
 * items outside sections are checklist tasks, everything else is prose or ignored.
 */
import { type Block, BlockScanner } from './blocks.js';
import { reportUnclosedFence, TaskBody } from './body.js';
import type { DiagnosticList } from './diagnostics.js';
import type { TaskDraft } from './draft.js';
import { fieldName, matchField, newFieldLine } from './field-line.js';
import { applyField } from './fields.js';
import { addFile } from './file-entry.js';
import { checklistHead, sectionHeading } from './heads.js';
import { ContentLines, type Lines, type SrcLine } from './lines.js';
import { DraftList } from './validate.js';

type Item = Block & { kind: 'item' };

/** How deep checklists nested under plain bullets are looked for (bounds work and stack). */
const MAX_NESTING = 16;

interface Section {
  draft: TaskDraft;
  level: number;
  body: TaskBody;
}

/**
 * Items of one list run in order: an item waits for the previous one and for every
 * `[P]` item running alongside it; a `[P]` item waits for what its predecessor waits for.
 */
interface Chain {
  marker: string;
  group: TaskDraft[];
  groupDeps: TaskDraft[];
}

export class TaskFileReader {
  readonly drafts: DraftList;
  private ordinal = 0;
  private depth = 0;
  /**
   * The last checklist task and where it ended: unindented field lines right under an
   * item (and the `Files:` list after them) still belong to it.
   */
  private last: { draft: TaskDraft; lines: Lines; end: number; expectFiles: boolean } | undefined;

  private readonly field = newFieldLine();

  constructor(private readonly diags: DiagnosticList) {
    this.drafts = new DraftList(diags);
  }

  /** Reads the blocks as they are scanned: a section's body is read as it goes, so no block is kept. */
  read(lines: Lines): void {
    let section: Section | undefined;
    let chain: Chain | undefined;
    const scanner = new BlockScanner(lines);
    for (let b = scanner.next(); b !== undefined; b = scanner.next()) {
      if (b.kind === 'heading') {
        const draft = sectionHeading(b, lines, this.diags);
        if (draft === undefined && section !== undefined && b.level > section.level) {
          section.body.add(lines, b);
          continue;
        }
        if (section !== undefined) this.drafts.settle(section.draft);
        section = undefined;
        chain = undefined;
        if (draft !== undefined) {
          section = { draft, level: b.level, body: new TaskBody(draft, this.diags, this.field) };
          this.drafts.add(draft);
        }
        continue;
      }
      if (section !== undefined) {
        section.body.add(lines, b);
        continue;
      }
      chain = this.outside(lines, b, chain);
    }
    if (section !== undefined) this.drafts.settle(section.draft);
  }

  /** A block outside any section task; returns the checklist chain that continues after it. */
  private outside(lines: Lines, b: Block, chain: Chain | undefined): Chain | undefined {
    switch (b.kind) {
      case 'blank':
      case 'comment':
        return chain;
      case 'item':
        if (b.checkbox === undefined && this.last !== undefined && this.follows(lines, b.start)) {
          // A file entry of the item's unindented `Files:` line, or a field written as a bullet.
          const head = b.content[0] as SrcLine;
          const isField = this.matchField(lines, b.start);
          if (this.last.expectFiles)
            addFile(head.text.trim(), head.line, head.column, this.last.draft, this.diags);
          else if (isField) this.last.expectFiles = applyField(this.field, this.last.draft, this.diags);
          if (this.last.expectFiles || isField) {
            this.last.end = b.end;
            return chain;
          }
        }
        return this.item(lines, b, chain);
      case 'fence':
        if (!b.closed) reportUnclosedFence(lines, b.start, this.diags);
        return undefined;
      case 'text': {
        // Each line in turn; the chain goes on only while every line is a field of the last item.
        let next = chain;
        for (let k = b.start; k < b.end; k++) next = this.textLine(lines, k, next);
        return next;
      }
      case 'heading':
        return undefined;
    }
  }

  private textLine(lines: Lines, k: number, chain: Chain | undefined): Chain | undefined {
    if (!this.matchField(lines, k)) return undefined;
    const field = this.field;
    if (this.last !== undefined && this.follows(lines, k)) {
      this.last.expectFiles = applyField(field, this.last.draft, this.diags);
      this.last.end = k + 1;
      return chain;
    }
    this.diags.add(
      { line: field.line, column: field.keyColumn },
      'orphan-field',
      `${fieldName(field)}: is not inside a task; a task starts with a heading such as "## T001: title" or an item "- [ ] …"`,
    );
    return undefined;
  }

  private matchField(lines: Lines, k: number): boolean {
    return matchField(lines.text(k), lines.line(k), lines.column(k), this.field);
  }

  private follows(lines: Lines, start: number): boolean {
    return this.last !== undefined && this.last.lines === lines && this.last.end === start;
  }

  private item(lines: Lines, b: Item, chain: Chain | undefined): Chain | undefined {
    if (chain === undefined || chain.marker !== b.marker)
      chain = { marker: b.marker, group: [], groupDeps: [] };
    if (b.checkbox === undefined) {
      // A plain bullet may hold a nested checklist: that is a list of its own.
      this.nested(b.content);
      return chain;
    }
    const position = { line: lines.line(b.start), column: b.markerColumn };
    const draft = checklistHead(b, position, ++this.ordinal, this.diags);
    const deps = draft.parallel ? chain.groupDeps : chain.group;
    if (draft.parallel) {
      chain.group.push(draft);
    } else {
      chain.groupDeps = chain.group;
      chain.group = [draft];
    }
    for (const d of deps) draft.dependsOn.push({ id: d.id, position, implicit: true });
    draft.prose.add(draft.title);
    draft.prose.add('');
    const rest = new ContentLines(b.content.slice(1));
    const body = new TaskBody(draft, this.diags, this.field);
    const scanner = new BlockScanner(rest);
    for (let r = scanner.next(); r !== undefined; r = scanner.next()) body.add(rest, r);
    this.drafts.add(draft);
    this.drafts.settle(draft);
    this.last = { draft, lines, end: b.end, expectFiles: false };
    return chain;
  }

  private nested(content: SrcLine[]): void {
    if (this.depth >= MAX_NESTING) return;
    this.depth++;
    const lines = new ContentLines(content);
    let chain: Chain | undefined;
    const scanner = new BlockScanner(lines);
    for (let b = scanner.next(); b !== undefined; b = scanner.next()) {
      if (b.kind !== 'heading') chain = this.outside(lines, b, chain);
    }
    this.depth--;
  }
}
