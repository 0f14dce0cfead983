/**
 * The notifier as an observer of a real run (library `run()`, real git, the
 * fake claude): a blocked agent and the end of the run reach a fake
 * notify-send and the --on-event hook.
 */
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createNotifier } from '../../../src/notify/notifier.js';
import { run } from '../../../src/run/run.js';
import { GIT_TEST_ENV, makeRepo, makeTempDir, type TestRepo } from '../../support/repo.js';
import { fakePlan } from '../../support/run-helpers.js';

let repo: TestRepo | undefined;
let dir: string | undefined;
afterEach(() => {
  repo?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('notifications from a run', () => {
  it('tells a person when an agent is blocked and when the run ends', async () => {
    repo = makeRepo({
      'README.md': '# demo\n',
      'tasks.md':
        '---\nworkers: 2\n---\n# Tasks\n\n## T001: Ask first\nAgent: claude\nFiles: create a.txt\n\nAsk.\n\n## T002: Just do it\nAgent: claude\nFiles: create b.txt\n\nDo.\n',
    });
    dir = makeTempDir('weft-notify-run-');
    mkdirSync(join(dir, 'bin'));
    const calls = join(dir, 'notify.log');
    writeFileSync(join(dir, 'bin', 'notify-send'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${calls}'\n`);
    chmodSync(join(dir, 'bin', 'notify-send'), 0o755);
    const planEnv = fakePlan(repo.dir, {
      T001: [{ mode: 'blocked', write: 'a.txt:a' }],
      T002: [{ write: 'b.txt:b' }],
    });
    const env = { ...process.env, ...GIT_TEST_ENV, ...planEnv, PATH: `${join(dir, 'bin')}:${planEnv.PATH}` };
    const hookOut = join(dir, 'hook.jsonl');
    const notifier = createNotifier({ notify: true, onEventCmd: `cat >> '${hookOut}'`, env });
    const handle = run({
      cwd: repo.dir,
      taskFile: 'tasks.md',
      env: planEnv,
      maxAttempts: 1,
      observers: [notifier],
    });
    await handle.result;
    await notifier.idle();
    const notes = readFileSync(calls, 'utf8');
    expect(notes).toMatch(/--urgency=critical -- weft: worker-\d needs you T001: /);
    expect(notes).toMatch(/weft: run finished/);
    const hook = readFileSync(hookOut, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; taskId?: string });
    expect(hook.map((h) => h.type).sort()).toEqual(['run.finished', 'worker.blocked']);
    expect(hook.find((h) => h.type === 'worker.blocked')!.taskId).toBe('T001');
  });
});
