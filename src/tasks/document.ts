/**
 * Walks a task file's blocks once: `## T001: …` headings open section tasks, checkbox
 * items outside sections are checklist tasks, everything else is prose or ignored.
 */
import type { Block } from './blocks.js';
import { scanBlocks } from './blocks.js';
import { readBody, reportUnclosedFence } from './body.js';
import type { DiagnosticList } from './diagnostics.js';
import type { TaskDraft } from './draft.js';
import { addFile, applyField, matchField } from './fields.js';
import { checklistHead, sectionHeading } from './heads.js';
import type { SrcLine } from './lines.js';

type Item = Block & { kind: 'item' };

/** How deep checklists nested under plain bullets are looked for (bounds work and stack). */
const MAX_NESTING = 16;

interface Section {
  draft: TaskDraft;
  level: number;
  blocks: Block[];
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
  readonly drafts: TaskDraft[] = [];
  private ordinal = 0;
  private depth = 0;
  /**
   * The last checklist task and where it ended: unindented field lines right under an
   * item (and the `Files:` list after them) still belong to it.
   */
  private last: { draft: TaskDraft; lines: SrcLine[]; end: number; expectFiles: boolean } | undefined;

  constructor(private readonly diags: DiagnosticList) {}

  read(lines: SrcLine[]): void {
    let section: Section | undefined;
    let chain: Chain | undefined;
    const close = (): void => {
      if (section !== undefined) readBody(lines, section.blocks, section.draft, this.diags);
      section = undefined;
    };
    for (const b of scanBlocks(lines)) {
      if (b.kind === 'heading') {
        const line = lines[b.start] as SrcLine;
        const draft = sectionHeading(b, line, this.diags);
        if (draft === undefined && section !== undefined && b.level > section.level) {
          section.blocks.push(b);
          continue;
        }
        close();
        chain = undefined;
        if (draft !== undefined) {
          section = { draft, level: b.level, blocks: [] };
          this.drafts.push(draft);
        }
        continue;
      }
      if (section !== undefined) {
        section.blocks.push(b);
        continue;
      }
      chain = this.outside(lines, b, chain);
    }
    close();
  }

  /** A block outside any section task; returns the checklist chain that continues after it. */
  private outside(lines: SrcLine[], b: Block, chain: Chain | undefined): Chain | undefined {
    switch (b.kind) {
      case 'blank':
      case 'comment':
        return chain;
      case 'item':
        if (b.checkbox === undefined && this.last !== undefined && this.follows(lines, b)) {
          // A file entry of the item's unindented `Files:` line, or a field written as a bullet.
          const head = b.content[0] as SrcLine;
          const field = matchField(lines[b.start] as SrcLine);
          if (this.last.expectFiles) addFile(head.text.trim(), head, this.last.draft, this.diags);
          else if (field !== undefined)
            this.last.expectFiles = applyField(field, this.last.draft, this.diags);
          if (this.last.expectFiles || field !== undefined) {
            this.last.end = b.end;
            return chain;
          }
        }
        return this.item(lines, b, chain);
      case 'fence':
        if (!b.closed) reportUnclosedFence(lines[b.start] as SrcLine, this.diags);
        return undefined;
      case 'text': {
        const field = matchField(lines[b.start] as SrcLine);
        if (field !== undefined && this.last !== undefined && this.follows(lines, b)) {
          this.last.expectFiles = applyField(field, this.last.draft, this.diags);
          this.last.end = b.end;
          return chain;
        }
        if (field !== undefined) {
          this.diags.add(
            field.keyPos,
            'orphan-field',
            `${field.name}: is not inside a task; a task starts with a heading such as "## T001: title" or an item "- [ ] …"`,
          );
        }
        return undefined;
      }
      case 'heading':
        return undefined;
    }
  }

  private follows(lines: SrcLine[], b: Block): boolean {
    return this.last !== undefined && this.last.lines === lines && this.last.end === b.start;
  }

  private item(lines: SrcLine[], b: Item, chain: Chain | undefined): Chain | undefined {
    if (chain === undefined || chain.marker !== b.marker)
      chain = { marker: b.marker, group: [], groupDeps: [] };
    if (b.checkbox === undefined) {
      // A plain bullet may hold a nested checklist: that is a list of its own.
      this.nested(b.content);
      return chain;
    }
    const position = { line: (lines[b.start] as SrcLine).line, column: b.markerColumn };
    const draft = checklistHead(b, position, ++this.ordinal, this.diags);
    const deps = draft.parallel ? chain.groupDeps : chain.group;
    if (draft.parallel) {
      chain.group.push(draft);
    } else {
      chain.groupDeps = chain.group;
      chain.group = [draft];
    }
    for (const d of deps) draft.dependsOn.push({ id: d.id, position, implicit: true });
    draft.prose.push(draft.title, '');
    const rest = b.content.slice(1);
    readBody(rest, scanBlocks(rest), draft, this.diags);
    this.drafts.push(draft);
    this.last = { draft, lines, end: b.end, expectFiles: false };
    return chain;
  }

  private nested(lines: SrcLine[]): void {
    if (this.depth >= MAX_NESTING) return;
    this.depth++;
    let chain: Chain | undefined;
    for (const b of scanBlocks(lines)) {
      if (b.kind !== 'heading') chain = this.outside(lines, b, chain);
    }
    this.depth--;
  }
}
