/**
 * `<session>/report.html` from the session's journal alone, so a crashed,
 * stopped or resumed run gets its report as well as a finished one.
 */
import { basename, join, resolve } from 'node:path';
import { writeFileAtomic } from '../../journal/atomic-write.js';
import { replay } from '../../journal/replay.js';
import { renderReportHtml } from './render-report.js';
import { buildReportModel } from './report-model.js';

export const REPORT_FILE = 'report.html';

/** Write the report into the session folder and return its absolute path. Throws SessionError. */
export async function writeRunReport(sessionDir: string): Promise<string> {
  const dir = resolve(sessionDir);
  const { events, warnings } = await replay(join(dir, 'events.jsonl'));
  const model = buildReportModel(events, { runId: basename(dir) });
  const path = join(dir, REPORT_FILE);
  await writeFileAtomic(path, renderReportHtml(model, { warnings }));
  return path;
}
