import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { layoutGraph } from '../../../src/report/html/graph-layout.js';
import { renderReportHtml } from '../../../src/report/html/render-report.js';
import { buildReportModel } from '../../../src/report/html/report-model.js';
import { timeAxis } from '../../../src/report/html/time-axis.js';
import { writeRunReport } from '../../../src/report/html/write-report.js';
import { JournalBuilder } from './journal-builder.js';

function twoWorkerRun(title = 'Task A'): JournalBuilder {
  return new JournalBuilder()
    .started([{ id: 'A', title }, { id: 'B' }, { id: 'C', dependsOn: ['A', 'B'] }])
    .at(0)
    .start('A', 'worker-1')
    .start('B', 'worker-2')
    .at(1000)
    .fail('A', 'worker-1', 1, 'exit 1')
    .start('A', 'worker-1', 2)
    .at(2000)
    .finish('A', 'worker-1', 2)
    .finish('B', 'worker-2')
    .merge('A')
    .merge('B')
    .start('C', 'worker-2')
    .at(3000)
    .finish('C', 'worker-2')
    .merge('C');
}

const count = (html: string, re: RegExp): number => html.match(re)?.length ?? 0;

describe('the HTML report', () => {
  it('draws one lane per worker and one bar per attempt', () => {
    const html = renderReportHtml(buildReportModel(twoWorkerRun().events));
    expect(count(html, /<g class="lane" data-worker="/g)).toBe(2);
    expect(count(html, /<g class="bar /g)).toBe(4);
    expect(count(html, /<g class="bar o-failed/g)).toBe(1);
    expect(html).toContain('data-task="A"');
    expect(count(html, /<g class="node /g)).toBe(3);
  });

  it('is self-contained: no URL is fetched, and a policy forbids fetching', () => {
    const html = renderReportHtml(buildReportModel(twoWorkerRun().events));
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:|\/\/)/i);
    expect(html).not.toMatch(/@import|url\(http/i);
    expect(html).toContain("default-src 'none'");
  });

  it('escapes task text from the task file everywhere', () => {
    const evil = '</script><img src=x onerror=alert(1)> & "quoted"';
    const html = renderReportHtml(buildReportModel(twoWorkerRun(evil).events));
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('</script><img');
    expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    const json = html.match(/<script type="application\/json" id="bar-data">(.*?)<\/script>/s)![1]!;
    expect(JSON.parse(json).titles.A).toBe(evil);
  });

  it('highlights the critical path in the graph and the timeline', () => {
    const html = renderReportHtml(buildReportModel(twoWorkerRun().events));
    expect(count(html, /<path class="edge crit"/g)).toBe(1);
    expect(count(html, /<g class="node s-merged crit"/g)).toBe(2);
    expect(html).toContain('A → C');
  });
});

describe('drawing helpers', () => {
  it('collapses a pause between segments into a narrow break', () => {
    const axis = timeAxis(
      [
        { start: 0, end: 1000 },
        { start: 1_000_000, end: 1_001_000 },
      ],
      212,
      { gap: 12 },
    );
    expect(axis.x(0)).toBe(0);
    expect(axis.x(1000)).toBe(100);
    expect(axis.x(1_000_000)).toBe(112);
    expect(axis.x(1_001_000)).toBe(212);
    expect(axis.breaks).toEqual([106]);
    expect(axis.ticks[0]).toEqual({ x: 0, label: '0s' });
  });

  it('puts each task one column past its deepest dependency and drops implied edges', () => {
    const layout = layoutGraph([
      { id: 'A', dependsOn: [] },
      { id: 'B', dependsOn: ['A'] },
      { id: 'C', dependsOn: ['A', 'B'] },
    ]);
    expect(layout.nodes.map((n) => [n.id, n.column])).toEqual([
      ['A', 0],
      ['B', 1],
      ['C', 2],
    ]);
    expect(layout.edges).toEqual([
      ['A', 'B'],
      ['B', 'C'],
    ]);
  });
});

describe('writeRunReport', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes report.html from the journal of a crashed run, torn last line included', async () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-report-'));
    const lines = twoWorkerRun().events.map((e) => JSON.stringify(e));
    writeFileSync(join(dir, 'events.jsonl'), `${lines.join('\n')}\n{"seq":99,"ti`);
    const path = await writeRunReport(dir);
    expect(path).toBe(join(dir, 'report.html'));
    const html = readFileSync(path, 'utf8');
    expect(html).toContain('weft run 20260102-100000-abcd');
    expect(html).toContain('ignoring a torn last line');
  });

  it('fails with a SessionError when the folder has no journal', async () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-report-'));
    await expect(writeRunReport(dir)).rejects.toMatchObject({ code: 'E_SESSION' });
  });
});

describe('a 1,000-task run', () => {
  it('makes a report under 2 MB', async () => {
    const { syntheticRun } = await import('./synthetic-run.js');
    const events = syntheticRun({ tasks: 1000, workers: 8 });
    const html = renderReportHtml(buildReportModel(events));
    expect(count(html, /<g class="bar /g)).toBe(events.filter((e) => e.type === 'task.started').length);
    expect(Buffer.byteLength(html)).toBeLessThan(2 * 1024 * 1024);
  });
});
