import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkHost } from '../../../src/dashboard/access.js';
import { type Dashboard, startDashboard } from '../../../src/dashboard/server.js';

const RUN = '20260101-000000-abcd';
let top: string;
let dashboard: Dashboard | undefined;

const event = (seq: number, e: Record<string, unknown>): string =>
  `${JSON.stringify({ seq, time: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(), ...e })}\n`;

function writeSession(runId: string): string {
  const dir = join(top, '.weft', 'sessions', runId);
  mkdirSync(join(dir, 'logs'), { recursive: true });
  writeFileSync(
    join(dir, 'events.jsonl'),
    event(1, {
      type: 'run.started',
      runId,
      taskFile: 'tasks.md',
      base: 'main',
      baseCommit: 'a'.repeat(40),
      integrationBranch: `weft/${runId}`,
      workers: 2,
      agent: 'shell',
      plan: { tasks: [{ id: 'T001', title: 'First <b>bold</b>', priority: 'P1', dependsOn: [], files: [] }] },
    }),
  );
  return dir;
}

/** Reads SSE messages until `until` says stop. */
async function readEvents(url: string, until: (data: string) => boolean): Promise<string[]> {
  const res = await fetch(url);
  const reader = res.body!.getReader();
  const seen: string[] = [];
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += Buffer.from(value).toString('utf8');
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const data = buffer
        .slice(0, end)
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      buffer = buffer.slice(end + 2);
      seen.push(data);
      if (until(data)) {
        await reader.cancel();
        return seen;
      }
      end = buffer.indexOf('\n\n');
    }
  }
  return seen;
}

beforeEach(() => {
  top = mkdtempSync(join(tmpdir(), 'weft-dash-'));
});
afterEach(async () => {
  await dashboard?.close();
  dashboard = undefined;
  rmSync(top, { recursive: true, force: true });
});

describe('the dashboard server', () => {
  it('listens on 127.0.0.1 and refuses requests without the token', async () => {
    writeSession(RUN);
    dashboard = await startDashboard({ repoTop: top });
    expect(dashboard.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{24}$/);
    const base = `http://127.0.0.1:${dashboard.port}`;
    expect((await fetch(`${base}/`)).status).toBe(403);
    expect((await fetch(`${base}/?token=wrong`)).status).toBe(403);
    expect((await fetch(`${base}/events`)).status).toBe(403);
    const page = await fetch(dashboard.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`run ${RUN}`);
    expect(html).not.toContain('<b>bold</b>');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('refuses another host unless remote access is allowed', () => {
    expect(() => checkHost('0.0.0.0', false)).toThrow(/refusing to listen on 0\.0\.0\.0/);
    expect(() => checkHost('0.0.0.0', true)).not.toThrow();
    expect(() => checkHost('127.0.0.1', false)).not.toThrow();
    expect(() => checkHost('::1', false)).not.toThrow();
  });

  it('sends a session again over SSE when its journal grows, with the worker log', async () => {
    const dir = writeSession(RUN);
    dashboard = await startDashboard({ repoTop: top });
    const url = `http://127.0.0.1:${dashboard.port}/events?token=${dashboard.token}`;
    let appended = false;
    const messages = await readEvents(url, (data) => {
      if (!appended && data === '{}') {
        appended = true; // the snapshot was sent: now grow the journal
        writeFileSync(join(dir, 'logs', 'T001.1.log'), 'compiling\nrunning tests\n');
        appendFileSync(
          join(dir, 'events.jsonl'),
          event(2, {
            type: 'task.started',
            taskId: 'T001',
            workerId: 'worker-1',
            attempt: 1,
            branch: 'b',
            baseCommit: 'c',
          }),
        );
        return false;
      }
      return data.includes('data-task=\\"T001\\"') && data.includes('running tests');
    });
    const last = JSON.parse(messages.at(-1)!) as { runId: string; active: boolean; html: string };
    expect(last).toMatchObject({ runId: RUN, active: true });
    expect(last.html).toContain('worker-1');
  });

  it('picks up a session started after it, in a repository that had no .weft yet', async () => {
    dashboard = await startDashboard({ repoTop: top });
    const url = `http://127.0.0.1:${dashboard.port}/events?token=${dashboard.token}`;
    const later = '20260101-000100-beef';
    const messages = await readEvents(url, (data) => {
      if (data === '{}') writeSession(later); // connected, and nothing to show yet
      return data.includes(later);
    });
    expect(messages.at(-1)).toContain(`"active":true`);
  });
});
