/** A task's own text: field lines, the `Files:` list, shell scripts, and the prose that remains. */
import type { Block } from './blocks.js';
import type { DiagnosticList } from './diagnostics.js';
import type { TaskDraft } from './draft.js';
import { addFile, applyField, matchField } from './fields.js';
import type { SrcLine } from './lines.js';

/** Fenced blocks in these languages are the task's script, run by the built-in shell agent. */
export const SCRIPT_LANGS: ReadonlySet<string> = new Set(['sh', 'bash', 'shell']);

export function readBody(lines: SrcLine[], blocks: Block[], task: TaskDraft, diags: DiagnosticList): void {
  // After an empty `Files:` line, the list that follows holds the entries.
  let expectFiles = false;
  for (const b of blocks) {
    switch (b.kind) {
      case 'blank':
        if (!expectFiles) task.prose.push('');
        break;
      case 'comment':
        break;
      case 'text': {
        const line = lines[b.start] as SrcLine;
        const field = matchField(line);
        if (field !== undefined) {
          expectFiles = applyField(field, task, diags);
        } else {
          expectFiles = false;
          task.prose.push(line.text);
        }
        break;
      }
      case 'item': {
        const head = b.content[0] as SrcLine;
        if (expectFiles && b.checkbox === undefined) {
          addFile(head.text.trim(), head, task, diags);
          // Lines under a file entry (a note, or a paragraph that carried on) are prose.
          for (let i = 1; i < b.content.length; i++) task.prose.push((b.content[i] as SrcLine).text);
          break;
        }
        const field = b.checkbox === undefined ? matchField(lines[b.start] as SrcLine) : undefined;
        if (field !== undefined) {
          expectFiles = applyField(field, task, diags);
          for (let i = 1; i < b.content.length; i++) task.prose.push((b.content[i] as SrcLine).text);
          break;
        }
        expectFiles = false;
        for (let i = b.start; i < b.end; i++) task.prose.push((lines[i] as SrcLine).text);
        break;
      }
      case 'fence': {
        expectFiles = false;
        if (!b.closed) reportUnclosedFence(lines[b.start] as SrcLine, diags);
        if (SCRIPT_LANGS.has(b.lang)) {
          if (b.body.some((l) => l.trim() !== '')) task.scripts.push(b.body.join('\n'));
        } else {
          for (let i = b.start; i < b.end; i++) task.prose.push((lines[i] as SrcLine).text);
        }
        break;
      }
      case 'heading':
        expectFiles = false;
        for (let i = b.start; i < b.end; i++) task.prose.push((lines[i] as SrcLine).text);
        break;
    }
  }
}

export function reportUnclosedFence(line: SrcLine, diags: DiagnosticList): void {
  const indent = line.text.length - line.text.trimStart().length;
  diags.add(
    { line: line.line, column: line.column + indent },
    'unclosed-fence',
    'code block is never closed, so everything after it is code; close it with the same fence',
  );
}
