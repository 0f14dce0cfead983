/**
 * The dashboard's event-to-browser latency, on the server side: a line is
 * appended to a session's events.jsonl and the time until the re-rendered
 * panel arrives over SSE is measured (fs.watch → read new bytes → fold →
 * render → send). For a small run and a 1,000-task run; events spaced (the
 * first after a quiet moment) and back to back (the refresh pause applies).
 * The in-browser figure (to the page's DOM) is printed by test/browser.
 * Goal: < 200 ms. Run: npx tsx bench/dashboard.ts
 */
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { startDashboard } from '../src/dashboard/server.js';
import type { RunEvent } from '../src/run/events.js';
import { syntheticRun } from '../test/unit/report-html/synthetic-run.js';
import { median, range } from './lib/stats.js';

const RUN_ID = '20260301-090000-beef';
const EVENTS = 15;

/** The journal so far, cut just before its end so new task starts make sense. */
function journalOf(tasks: number): RunEvent[] {
  const events = syntheticRun({ tasks, workers: 8, start: Date.now() - 3_600_000 });
  return events.filter((e) => e.type !== 'run.finished');
}

class SseReader {
  private buffer = '';
  private waiters: { match: string; resolve: (t: number) => void }[] = [];

  private readonly abort = new AbortController();

  constructor(url: string) {
    void fetch(url, { signal: this.abort.signal })
      .then(async (res) => {
        const reader = res.body!.getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          this.buffer += Buffer.from(value).toString('utf8');
          const now = performance.now();
          for (const w of [...this.waiters]) {
            if (this.buffer.includes(w.match)) {
              this.waiters.splice(this.waiters.indexOf(w), 1);
              w.resolve(now);
            }
          }
          const cut = this.buffer.lastIndexOf('\n\n');
          if (cut > 0 && this.waiters.length === 0) this.buffer = this.buffer.slice(cut + 2);
        }
      })
      .catch(() => undefined); // closed by close() or by the server
  }

  close(): void {
    this.abort.abort();
  }

  next(match: string): Promise<number> {
    return new Promise((resolve) => {
      if (this.buffer.includes(match)) resolve(performance.now());
      else this.waiters.push({ match, resolve });
    });
  }
}

async function measure(tasks: number, spacedMs: number): Promise<number[]> {
  const top = mkdtempSync(join(tmpdir(), 'weft-bench-dash-'));
  const dir = join(top, '.weft', 'sessions', RUN_ID);
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const events = journalOf(tasks);
  writeFileSync(join(dir, 'events.jsonl'), `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
  const dashboard = await startDashboard({ repoTop: top });
  const closers: (() => void)[] = [];
  try {
    const sse = new SseReader(`http://127.0.0.1:${dashboard.port}/events?token=${dashboard.token}`);
    closers.push(() => sse.close());
    await sse.next('event: ready');
    let seq = events.at(-1)!.seq;
    const latencies: number[] = [];
    for (let i = 0; i < EVENTS; i++) {
      if (spacedMs > 0) await delay(spacedMs);
      const id = `X${String(i).padStart(3, '0')}`;
      const arrived = sse.next(`data-task=\\"${id}\\"`);
      const sent = performance.now();
      appendFileSync(
        join(dir, 'events.jsonl'),
        `${JSON.stringify({ seq: ++seq, time: new Date().toISOString(), type: 'task.started', taskId: id, workerId: 'worker-1', attempt: 1, branch: id, baseCommit: 'c' })}\n`,
      );
      latencies.push((await arrived) - sent);
    }
    return latencies;
  } finally {
    for (const c of closers) c();
    await dashboard.close();
    rmSync(top, { recursive: true, force: true });
  }
}

console.log(
  `weft dashboard: appended journal line → panel received over SSE, ${EVENTS} events each (goal < 200 ms)`,
);
for (const tasks of [10, 1000]) {
  for (const [label, spaced] of [
    ['spaced 300 ms', 300],
    ['back to back ', 0],
  ] as const) {
    const l = await measure(tasks, spaced);
    console.log(
      `${String(tasks).padStart(5)}-task run, ${label}: median ${median(l).toFixed(1)} ms ${range(l, 1)}`,
    );
  }
}
