/** A task's own text: field lines, the `Files:` list, shell scripts, and the prose that remains. */
import type { Block } from './blocks.js';
import type { DiagnosticList } from './diagnostics.js';
import { addScript, type TaskDraft } from './draft.js';
import { type FieldLine, matchField } from './field-line.js';
import { applyField } from './fields.js';
import { addFile } from './file-entry.js';
import type { Lines, SrcLine } from './lines.js';

/** Fenced blocks in these languages are the task's script, run by the built-in shell agent. */
export const SCRIPT_LANGS: ReadonlySet<string> = new Set(['sh', 'bash', 'shell']);

/** Reads a task's body block by block, as the scanner hands them out. */
export class TaskBody {
  // After an empty `Files:` line, the list that follows holds the entries.
  private expectFiles = false;

  /** `field` is the reader's record for field lines, filled and applied line by line. */
  constructor(
    private readonly task: TaskDraft,
    private readonly diags: DiagnosticList,
    private readonly field: FieldLine,
  ) {}

  add(lines: Lines, b: Block): void {
    const task = this.task;
    switch (b.kind) {
      case 'blank':
        if (!this.expectFiles) for (let k = b.start; k < b.end; k++) task.prose.add('');
        break;
      case 'comment':
        break;
      case 'text':
        for (let k = b.start; k < b.end; k++) this.textLine(lines, k);
        break;
      case 'item': {
        const head = b.content[0] as SrcLine;
        if (this.expectFiles && b.checkbox === undefined) {
          addFile(head.text.trim(), head.line, head.column, task, this.diags);
          // Lines under a file entry (a note, or a paragraph that carried on) are prose.
          this.contentProse(b.content);
          break;
        }
        if (b.checkbox === undefined && this.matchField(lines, b.start)) {
          this.expectFiles = applyField(this.field, task, this.diags);
          this.contentProse(b.content);
          break;
        }
        this.expectFiles = false;
        this.linesProse(lines, b);
        break;
      }
      case 'fence': {
        this.expectFiles = false;
        if (!b.closed) reportUnclosedFence(lines, b.start, this.diags);
        if (SCRIPT_LANGS.has(b.lang)) {
          if (b.body.some((l) => l.trim() !== '')) addScript(task, b.body.join('\n'));
        } else {
          this.linesProse(lines, b);
        }
        break;
      }
      case 'heading':
        this.expectFiles = false;
        this.linesProse(lines, b);
        break;
    }
  }

  private textLine(lines: Lines, k: number): void {
    if (this.matchField(lines, k)) {
      this.expectFiles = applyField(this.field, this.task, this.diags);
    } else {
      this.expectFiles = false;
      this.task.prose.add(lines.text(k));
    }
  }

  private matchField(lines: Lines, k: number): boolean {
    return matchField(lines.text(k), lines.line(k), lines.column(k), this.field);
  }

  /** An item's lines after its first, as prose. */
  private contentProse(content: SrcLine[]): void {
    for (let i = 1; i < content.length; i++) this.task.prose.add((content[i] as SrcLine).text);
  }

  /** The block's lines as written, as prose. */
  private linesProse(lines: Lines, b: Block): void {
    for (let i = b.start; i < b.end; i++) this.task.prose.add(lines.text(i));
  }
}

export function reportUnclosedFence(lines: Lines, index: number, diags: DiagnosticList): void {
  const text = lines.text(index);
  const indent = text.length - text.trimStart().length;
  diags.add(
    { line: lines.line(index), column: lines.column(index) + indent },
    'unclosed-fence',
    'code block is never closed, so everything after it is code; close it with the same fence',
  );
}
