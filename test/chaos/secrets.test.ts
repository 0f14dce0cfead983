/**
 * Secrets from `.env` and the environment never appear in logs, progress
 * output, reports, the journal — nor in any branch weft commits.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeRepo, type TestRepo } from '../support/repo.js';
import { readJournal, sessionDirs } from '../support/run-helpers.js';
import { runSecretsCase } from './harness/secrets.js';
import { type CaseEnv, caseEnv, weft } from './harness/weft-process.js';

let repo: TestRepo | undefined;
let ce: CaseEnv | undefined;
afterEach(() => {
  repo?.cleanup();
  ce?.dispose();
  repo = undefined;
  ce = undefined;
});

describe('secrets', () => {
  it('an agent that prints secrets, logs them and fails with them: every value is redacted everywhere', async () => {
    const r = await runSecretsCase();
    expect(r.redactedSeen).toBe(true);
    expect(r.runExit).toBe(1); // T1 fails every attempt
    expect(r.leaks).toEqual([]);
  }, 120_000);

  it('the .env weft copies into a pooled worktree is never committed, and is there for every task', async () => {
    const tasks =
      '---\nworkers: 1\nagent: claude\n---\n# E\n\n## T1: One\nFiles: create one.txt\n\nx\n\n## T2: Two\nDepends: T1\nFiles: create two.txt\n\ny\n';
    repo = makeRepo({ 'tasks.md': tasks });
    writeFileSync(join(repo.dir, '.env'), 'API_SETTING=local-value-123\n');
    ce = caseEnv();
    const plan = join(ce.scratch, 'plan.json');
    // Each agent fails unless it finds the .env (as a real agent needing its key would).
    writeFileSync(
      plan,
      JSON.stringify({
        T1: [{ write: 'one.txt:1', require: '.env' }],
        T2: [{ write: 'two.txt:2', require: '.env' }],
      }),
    );
    const r = await weft(['run', 'tasks.md'], { cwd: repo.dir, env: { ...ce.env, FAKE_AGENT_PLAN: plan } });
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const events = readJournal(sessionDirs(repo.dir).at(-1)!);
    const branch = events.find((e) => e.type === 'run.started')!.integrationBranch as string;
    expect(repo.git('ls-tree', '-r', '--name-only', branch).split('\n').sort()).toEqual([
      'one.txt',
      'tasks.md',
      'two.txt',
    ]);
  }, 60_000);
});
