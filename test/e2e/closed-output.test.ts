/**
 * A reader that goes away early (`weft status | head -1`): weft neither dies
 * with an EPIPE stack trace nor drops a run half-way.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { WEFT_BIN } from '../support/cli.js';
import { GIT_TEST_ENV, makeRepo, type TestRepo } from '../support/repo.js';
import { eventsOf, readJournal, sessionDirs } from '../support/run-helpers.js';

let repo: TestRepo | undefined;
afterEach(() => repo?.cleanup());

/** Run weft with its stdout closed by the reader as soon as the first chunk arrives. */
async function withReaderGone(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [WEFT_BIN, ...args], {
    cwd,
    env: { ...process.env, ...GIT_TEST_ENV, CI: 'true', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdout.once('data', () => child.stdout.destroy());
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr };
}

describe('a reader that closes weft’s output early', () => {
  it('lets a short command finish with its own exit code, and a run reach its end', async () => {
    repo = makeRepo({
      'tasks.md': '---\nagent: shell\n---\n- [ ] sleep 0.3; echo a > a.txt\n- [ ] echo b > b.txt\n',
    });
    const status = await withReaderGone(['plan', 'tasks.md'], repo.dir);
    expect(status.stderr).not.toMatch(/EPIPE|Error/);
    expect(status.code).toBe(0);

    const run = await withReaderGone(['run', 'tasks.md'], repo.dir);
    expect(run.stderr).not.toMatch(/EPIPE|Error/);
    expect(run.code).toBe(0);
    const events = readJournal(sessionDirs(repo.dir)[0]!);
    expect(eventsOf(events, 'task.merged')).toHaveLength(2);
    expect(eventsOf(events, 'run.finished')).toHaveLength(1);
  }, 60_000);
});
