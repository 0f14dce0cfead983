/** Entry points: parse a task file's text, or read one from disk. */
import { readFile } from 'node:fs/promises';
import { type Diagnostic, TaskFileNotFoundError } from '../errors.js';
import { DiagnosticList } from './diagnostics.js';
import { TaskFileReader } from './document.js';
import { readSettings, splitFrontMatter } from './frontmatter.js';
import { FileLines, splitText } from './lines.js';
import type { TaskFile } from './types.js';
import { finishTasks } from './validate.js';

export interface ParsedTaskFile {
  taskFile: TaskFile;
  /** Every problem found, in file order; empty when the file is valid. */
  diagnostics: Diagnostic[];
}

/**
 * Parses a task file. Never throws for bad content: every problem becomes a located
 * diagnostic, and `taskFile.tasks` holds the tasks that could be read.
 */
export function parseTaskFile(text: string, path: string): ParsedTaskFile {
  const diags = new DiagnosticList(path);
  const lines = splitText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const front = splitFrontMatter(lines, diags);
  const settings = front.yaml === undefined ? {} : readSettings(front.yaml, diags);
  const reader = new TaskFileReader(diags);
  const body = front.bodyStart === 0 ? lines : lines.slice(front.bodyStart);
  reader.read(new FileLines(body, front.bodyStart + 1));
  const tasks = finishTasks(reader.drafts, diags);
  if (reader.drafts.length === 0) {
    diags.add(
      { line: Math.min(front.bodyStart + 1, lines.length), column: 1 },
      'no-tasks',
      'no tasks found: a task is a heading that starts with an id ("## T001: title") or a checklist item ("- [ ] …")',
    );
  }
  const diagnostics = diags.items.sort((a, b) => a.line - b.line || a.column - b.column);
  return { taskFile: { path, settings, tasks }, diagnostics };
}

/** Reads and parses a task file; throws TaskFileNotFoundError when it cannot be read. */
export async function readTaskFile(path: string): Promise<ParsedTaskFile> {
  let text: string;
  try {
    // Decoding the whole buffer at once gives one flat string; reading with an encoding
    // decodes in chunks and the joined string is copied again on first use.
    text = (await readFile(path)).toString('utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' || code === 'ENOTDIR'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a directory, not a task file'
          : `cannot be read (${code ?? String(e)})`;
    throw new TaskFileNotFoundError(`task file ${path} ${why}`, { cause: e });
  }
  return parseTaskFile(text, path);
}
