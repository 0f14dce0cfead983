/** The README's main command: the bundled example, run with the built-in shell agent. */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { GIT_TEST_ENV } from '../support/repo.js';

const DEMO = fileURLToPath(new URL('../../scripts/demo.mjs', import.meta.url));

describe('the bundled example', () => {
  it('runs end to end and leaves an integration branch whose tests pass', async () => {
    const r = await execa(process.execPath, [DEMO], {
      env: { ...GIT_TEST_ENV, CI: 'true' },
      stdin: 'ignore',
      reject: false,
      timeout: 120_000,
    });
    const dir = /the example repository is (\S+)/.exec(r.stdout)?.[1];
    expect(dir, r.stdout + r.stderr).toBeDefined();
    try {
      expect(r.exitCode, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(/⚡ T001 started by worker-\d/);
      expect(r.stdout).toMatch(/Completed: 7 of 7 tasks/);
      const git = (...args: string[]): string =>
        execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
      const branch = git('branch', '--list', 'weft/*').replace('*', '').trim();
      git('checkout', '-q', branch);
      const greet = execFileSync(process.execPath, ['bin/greet.js', '  ada'], { cwd: dir, encoding: 'utf8' });
      expect(greet.trim()).toBe('Hello, Ada!');
      const tests = execFileSync(process.execPath, ['--test', 'test/'], { cwd: dir, encoding: 'utf8' });
      expect(tests).toMatch(/# pass 3/);
      expect(git('show', 'HEAD:docs/API.md')).toMatch(/farewell/);
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
