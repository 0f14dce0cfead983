/**
 * The run report and the live dashboard in a real browser (Debian's chromium
 * through playwright-core), on a real `weft run` of the built binary with the
 * fake claude: one attempt fails, one crashes, two tasks conflict, one breaks
 * the test gate. Screenshots go to a temp folder whose path is printed.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWeft, startWeft } from '../support/cli.js';
import { makeRepo, type TestRepo } from '../support/repo.js';
import { eventsOf, fakePlan, type JournalEvent, readJournal, sessionDirs } from '../support/run-helpers.js';
import { type LaunchedBrowser, launchChromium, skipBrowserTests } from './chromium.js';

// Code passed to page.evaluate runs in chromium; the project's TypeScript lib has no DOM,
// so the few browser globals it uses are declared here, for this file only.
declare const document: { querySelector(selector: string): unknown; body: unknown };
declare const window: { shown?: Promise<number> };
declare class MutationObserver {
  constructor(callback: () => void);
  observe(target: unknown, options: { childList: boolean; subtree: boolean }): void;
  disconnect(): void;
}

/** Overwritten by each run, so they do not pile up. */
const SHOTS = join(tmpdir(), 'weft-browser-shots');
mkdirSync(SHOTS, { recursive: true });

const task = (id: string, title: string, extra = ''): string =>
  `## ${id}: ${title}\nAgent: claude\n${extra}\n${title}.\n`;

let repo: TestRepo;
let browser: LaunchedBrowser;
let session: string;
let events: JournalEvent[];
let reportPath: string;

describe.skipIf(skipBrowserTests)('run views in chromium', () => {
  beforeAll(async () => {
    const tasks = [
      '---\nworkers: 3\nvalidate: test ! -e broken.txt\n---\n# Tasks\n',
      task('T001', 'Create a', 'Priority: P0\nFiles: create a.txt'),
      task('T002', 'Create b after a', 'Depends: T001\nFiles: create b.txt'),
      task('T003', 'Create c', 'Files: create c.txt'),
      task('T004', 'Shared four'),
      task('T005', 'Shared five'),
      task('T006', 'Create e', 'Files: create e.txt'),
      task('T007', 'Create f', 'Depends: T002, T003\nFiles: create f.txt'),
    ].join('\n');
    repo = makeRepo({ 'README.md': '# demo\n', 'tasks.md': tasks });
    const slow = (write: string) => ({ mode: 'slow', sleepMs: 120, write });
    const env = fakePlan(repo.dir, {
      T001: [slow('a.txt:a')],
      T002: [{ mode: 'fail' }, slow('b.txt:b')],
      T003: [{ mode: 'crash' }, slow('c.txt:c')],
      T004: [slow('shared.txt:four')],
      T005: [slow('shared.txt:five')],
      T006: [slow('e.txt:e\nbroken.txt:x'), slow('e.txt:e')],
      T007: [slow('f.txt:f')],
    });
    const [run, launched] = await Promise.all([
      runWeft(['run', 'tasks.md'], { cwd: repo.dir, env, timeoutMs: 60_000 }),
      launchChromium(),
    ]);
    browser = launched;
    expect(run.stderr).not.toMatch(/internal error/);
    session = sessionDirs(repo.dir).at(-1)!;
    events = readJournal(session);
    const report = await runWeft(['report'], { cwd: repo.dir });
    expect(report.exitCode, report.stderr).toBe(0);
    reportPath = report.stdout.trim();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    repo?.cleanup();
    process.stdout.write(`browser screenshots: ${SHOTS}\n`);
  });

  it('writes the report into the session folder', () => {
    expect(reportPath).toBe(join(session, 'report.html'));
  });

  it('draws one lane per worker and one bar per attempt, as the journal says', async () => {
    const page = await browser.context.newPage();
    await page.goto(`file://${reportPath}`);
    const started = eventsOf(events, 'task.started');
    const workers = [...new Set(started.map((e) => e.workerId as string))].sort();
    const lanes = await page.$$eval('g.lane', (els) => els.map((e) => e.getAttribute('data-worker')));
    expect(lanes).toEqual(workers);

    const bars = await barsOnPage(page);
    expect(bars.map((b) => b.task)).toEqual(started.map((e) => e.taskId));
    for (const [i, b] of bars.entries()) expect(b.lane, `bar ${i}`).toBe(started[i]!.workerId);
    const retried = started.filter((e) => (e.attempt as number) > 1).length;
    expect(bars.filter((b) => b.classes.includes('retry'))).toHaveLength(retried);
    expect(retried).toBeGreaterThanOrEqual(3); // T002 failed, T003 crashed, T006 broke the gate

    // The last attempt of every task merged in the end shows as merged.
    const mergedTasks = new Set(eventsOf(events, 'task.merged').map((e) => e.taskId));
    for (const reverted of eventsOf(events, 'merge.reverted')) {
      const later = events.some(
        (e) => e.type === 'task.merged' && e.taskId === reverted.taskId && e.seq > reverted.seq,
      );
      if (!later) mergedTasks.delete(reverted.taskId);
    }
    const lastBar = new Map(bars.map((b) => [b.task, b]));
    for (const t of mergedTasks) expect(lastBar.get(t!)!.classes, t).toContain('o-merged');
    const failedFirst = bars.find((b) => b.task === 'T002')!;
    expect(failedFirst.classes).toContain('o-failed');
    expect(await page.$$('path.mk-replaced')).toHaveLength(eventsOf(events, 'worker.replaced').length);
    expect(await page.$$('g.node')).toHaveLength(7);
    await page.close();
  });

  it('shows an attempt’s details on click', async () => {
    const page = await browser.context.newPage();
    await page.goto(`file://${reportPath}`);
    await page.click('g.bar.o-failed[data-task="T002"]');
    const details = await page.textContent('#details');
    expect(details).toContain('T002: Create b after a');
    // The agent the journal names for the attempt, else the run's default agent.
    const attempt = events.find((e) => e.type === 'task.started' && e.taskId === 'T002')!;
    const agent = (attempt.agent as string | undefined) ?? (events[0]!.agent as string);
    expect(details).toContain(`agent${agent}`);
    expect(details).toMatch(/outcomefailed/);
    await page.click('g.bar.o-merged[data-task="T001"]');
    const merged = await page.textContent('#details');
    expect(merged).toContain('a.txt');
    expect(merged).toMatch(/merged into weft\/\S+ as [0-9a-f]{10}/);
    expect(merged).toMatch(/tokens\d+/);
    await page.screenshot({ path: join(SHOTS, 'report.png'), fullPage: true });
    await page.close();
  });

  it('the dashboard follows a new run live; each appended event reaches the page promptly', async () => {
    const dashboard = startWeft(['dashboard', '--port', '0'], { cwd: repo.dir });
    try {
      const url = await printedUrl(dashboard);
      expect((await fetch(url.replace(/\?token=.*/, ''))).status).toBe(403);
      const page = await browser.context.newPage();
      await page.goto(url);
      await page.waitForSelector('#conn.on');
      // The finished run is on the page with its lanes.
      const first = `#s-${basename(session)}`;
      expect(await page.$$eval(`${first} g.lane`, (l) => l.length)).toBeGreaterThan(0);

      // A new run appears by itself.
      const runId = '20991231-235959-beef';
      const dir = join(repo.dir, '.weft', 'sessions', runId);
      mkdirSync(join(dir, 'logs'), { recursive: true });
      let seq = 0;
      const append = (e: Record<string, unknown>): void =>
        appendFileSync(
          join(dir, 'events.jsonl'),
          `${JSON.stringify({ seq: ++seq, time: new Date().toISOString(), ...e })}\n`,
        );
      const ids = Array.from({ length: 10 }, (_, i) => `T1${String(i).padStart(2, '0')}`);
      for (const id of ids)
        writeFileSync(join(dir, 'logs', `${id}.1.log`), `reading the code\nwriting a test for ${id}\n`);
      append({
        type: 'run.started',
        runId,
        taskFile: 'live.md',
        base: 'main',
        baseCommit: 'a'.repeat(40),
        integrationBranch: `weft/${runId}`,
        workers: 3,
        agent: 'claude',
        plan: {
          tasks: ids.map((id) => ({ id, title: `Live ${id}`, priority: 'P1', dependsOn: [], files: [] })),
        },
      });
      const panel = `#s-${runId}`;
      await page.waitForSelector(panel, { timeout: 10_000 });

      const latencies: number[] = [];
      for (const [i, id] of ids.entries()) {
        await page.evaluate(
          ({ sel }) => {
            window.shown = new Promise((resolve) => {
              const seen = () => document.querySelector(sel) !== null;
              const obs = new MutationObserver(() => {
                if (seen()) {
                  obs.disconnect();
                  resolve(Date.now());
                }
              });
              obs.observe(document.body, { childList: true, subtree: true });
              setTimeout(() => {
                obs.disconnect();
                resolve(-1);
              }, 5000);
            });
          },
          { sel: `${panel} g.bar[data-task="${id}"]` },
        );
        const sent = Date.now();
        append({
          type: 'task.started',
          taskId: id,
          workerId: `worker-${(i % 3) + 1}`,
          attempt: 1,
          branch: `b/${id}`,
          baseCommit: 'c',
        });
        const shown = await page.evaluate(() => window.shown!);
        expect(shown, `${id} never reached the page`).toBeGreaterThan(0);
        latencies.push(shown - sent);
      }
      const sorted = [...latencies].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)]!;
      process.stdout.write(
        `dashboard: appended event → visible in the page: median ${median} ms, max ${sorted.at(-1)} ms over ${latencies.length} events (back to back) [${latencies.join(', ')}]\n`,
      );
      // The figure is bench/dashboard.ts's to report (< 200 ms); under a loaded CI this only checks it is prompt.
      expect(median).toBeLessThan(1000);
      // worker-1 runs T109 now (T100, T103, T106 are still open on it too, as far as this journal says).
      expect(await page.textContent(`${panel} tr[data-worker="worker-1"]`)).toContain(
        'writing a test for T109',
      );
      await page.screenshot({ path: join(SHOTS, 'dashboard.png'), fullPage: true });
      await page.close();
    } finally {
      dashboard.kill('SIGINT');
      const r = await dashboard;
      expect(r.exitCode).toBe(0);
    }
  });
});

interface BarOnPage {
  task: string;
  lane: string;
  classes: string;
}

/** Each bar with the lane its rectangle sits in (by vertical position). */
function barsOnPage(page: Page): Promise<BarOnPage[]> {
  return page.$$eval('svg.timeline', ([svg]) => {
    const lanes = [...svg!.querySelectorAll('g.lane')].map((g) => {
      const r = g.querySelector('rect')!;
      return {
        id: g.getAttribute('data-worker')!,
        y: Number(r.getAttribute('y')),
        h: Number(r.getAttribute('height')),
      };
    });
    return [...svg!.querySelectorAll('g.bar')].map((g) => {
      const y = Number(g.querySelector('rect')!.getAttribute('y'));
      return {
        task: g.getAttribute('data-task')!,
        lane: lanes.find((l) => y >= l.y && y < l.y + l.h)?.id ?? '?',
        classes: g.getAttribute('class') ?? '',
      };
    });
  });
}

/** The URL `weft dashboard` prints on its first line. */
function printedUrl(child: ReturnType<typeof startWeft>): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /https?:\/\/\S+/.exec(out);
      if (m) resolve(m[0]);
    });
    child.once('exit', () => reject(new Error(`weft dashboard exited: ${out}`)));
  });
}
