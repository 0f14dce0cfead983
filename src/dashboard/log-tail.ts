/** The last lines of an agent's log, for the dashboard: read from the end, never the whole file. */
import { open } from 'node:fs/promises';

const TAIL_BYTES = 8192;

export async function lastLines(path: string, count: number, maxLineLength = 240): Promise<string[]> {
  let fh: Awaited<ReturnType<typeof open>>;
  try {
    fh = await open(path, 'r');
  } catch {
    return [];
  }
  try {
    const size = (await fh.stat()).size;
    const start = Math.max(0, size - TAIL_BYTES);
    const buf = Buffer.alloc(size - start);
    await fh.read(buf, 0, buf.length, start);
    const lines = buf.toString('utf8').split(/\r?\n/);
    if (start > 0) lines.shift(); // probably cut in the middle
    return lines
      .map((l) => stripControls(l).trimEnd())
      .filter((l) => l !== '')
      .slice(-count)
      .map((l) => (l.length > maxLineLength ? `${l.slice(0, maxLineLength - 1)}…` : l));
  } finally {
    await fh.close();
  }
}

/** Terminal colour codes and other control characters mean nothing in a web page. */
function stripControls(line: string): string {
  return line.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}
