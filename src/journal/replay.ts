/**
 * Reading the journal back. A torn last line (weft killed mid-write) is
 * ignored with a warning: the event it held never counted as written. A bad
 * line anywhere else means the file was damaged or edited: that is an error
 * naming the line, because events after it cannot be trusted to be complete.
 */
import { readFile } from 'node:fs/promises';
import { SessionError } from '../errors.js';
import { looksLikeRunEvent, type RunEvent } from '../run/events.js';

export interface ReplayResult {
  events: RunEvent[];
  /** Problems that did not stop the replay (a torn last line, out-of-order seq). */
  warnings: string[];
  /** Highest seq seen (0 for an empty journal): continue numbering from here. */
  lastSeq: number;
}

export async function replay(path: string): Promise<ReplayResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SessionError(
      code === 'ENOENT' ? `no journal at ${path}` : `cannot read journal ${path} (${code ?? 'error'})`,
      { cause: err },
    );
  }
  return parseJournal(text, path);
}

/** `file` is only used in messages. */
export function parseJournal(text: string, file: string): ReplayResult {
  const lines = text.split('\n');
  const events: RunEvent[] = [];
  const warnings: string[] = [];
  let lastSeq = 0;
  let lastContent = lines.length - 1;
  while (lastContent >= 0 && isBlank(lines[lastContent]!)) lastContent--;
  for (let i = 0; i <= lastContent; i++) {
    const line = lines[i]!;
    if (isBlank(line)) continue;
    const event = parseLine(line);
    if (typeof event === 'string') {
      if (i === lastContent) {
        warnings.push(
          `${file}:${i + 1}: ignoring a torn last line (${event}); weft stopped while writing it`,
        );
        break;
      }
      throw new SessionError(`${file}:${i + 1}: corrupt journal line: ${event}`, {
        details: [
          `the journal is damaged before its end (line ${i + 1} of ${lastContent + 1}), so the run cannot be rebuilt from it`,
          `excerpt: ${JSON.stringify(line.slice(0, 120))}`,
        ],
      });
    }
    if (event.seq <= lastSeq) {
      warnings.push(`${file}:${i + 1}: event seq ${event.seq} does not follow ${lastSeq}`);
    }
    lastSeq = Math.max(lastSeq, event.seq);
    events.push(event);
  }
  return { events, warnings, lastSeq };
}

/** The event, or why the line is not one. */
function parseLine(line: string): RunEvent | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return err instanceof Error ? err.message : 'not JSON';
  }
  return looksLikeRunEvent(value) ? value : 'not an event (needs seq, time and type)';
}

/** Blank, or the zero bytes a crash can leave at the end of a file. */
function isBlank(line: string): boolean {
  return /^[\s\0]*$/.test(line);
}
