/** Collects located problems for one task file. */
import type { Diagnostic } from '../errors.js';
import type { SourcePos } from './types.js';

/** Stable `kind` values of task-file diagnostics (documented in docs/task-file.md). */
export type TaskFileProblem =
  | 'front-matter'
  | 'unknown-setting'
  | 'bad-setting'
  | 'bad-id'
  | 'duplicate-id'
  | 'unknown-dependency'
  | 'self-dependency'
  | 'bad-priority'
  | 'bad-estimate'
  | 'bad-timeout'
  | 'bad-agent'
  | 'bad-verify'
  | 'duplicate-field'
  | 'orphan-field'
  | 'no-instructions'
  | 'bad-file-op'
  | 'bad-path'
  | 'absolute-path'
  | 'path-escapes-repo'
  | 'unclosed-fence'
  | 'no-tasks';

export class DiagnosticList {
  readonly items: Diagnostic[] = [];

  constructor(readonly file: string) {}

  add(pos: SourcePos, kind: TaskFileProblem, message: string): void {
    this.items.push({
      file: this.file,
      line: Math.max(1, pos.line),
      column: Math.max(1, pos.column),
      message,
      kind,
    });
  }
}
