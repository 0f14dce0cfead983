/** `weft discover` through the built binary, with the fake `claude` on PATH. */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { DiscoveryReport } from '../../src/discover/report.js';
import { runWeft } from '../support/cli.js';
import { makeRepo, makeTempDir, type TestRepo } from '../support/repo.js';

const FAKES = fileURLToPath(new URL('../fakes', import.meta.url));

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function repo(files?: Record<string, string>): TestRepo {
  const r = makeRepo(files);
  cleanups.push(r.cleanup);
  return r;
}

function fakeEnv(plan: Record<string, object[]>): Record<string, string> {
  const dir = makeTempDir('weft-discover-plan-');
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'plan.json');
  writeFileSync(
    file,
    JSON.stringify(Object.fromEntries(Object.entries(plan).map(([k, v]) => [`discover-${k}`, v]))),
  );
  return { PATH: `${FAKES}:${process.env.PATH ?? ''}`, ANTHROPIC_API_KEY: 'test', FAKE_AGENT_PLAN: file };
}

describe('weft discover', () => {
  it('prints one report with a section per role (claude is the default agent)', async () => {
    const r = repo();
    const env = fakeEnv({
      explorer: [{ message: 'login goes through src/auth.ts' }],
      curator: [{ message: 'handlers are one file each' }],
      researcher: [{ message: 'passport 0.7' }],
    });
    const res = await runWeft(['discover', 'how is auth done?'], { cwd: r.dir, env });
    expect(res.exitCode, res.stderr).toBe(0);
    const sections = res.stdout.split('\n').filter((l) => l.startsWith('## '));
    expect(sections).toEqual([
      '## explorer — structure',
      '## curator — patterns and conventions',
      '## researcher — external docs and dependencies',
    ]);
    expect(res.stdout).toMatch(/^# Discovery: how is auth done\?\n\n3 of 3 roles answered · agent claude · /);
    expect(res.stdout).toContain('login goes through src/auth.ts');
    expect(res.stderr).toMatch(
      /▸ discover \d{8}-\d{6}-[0-9a-f]{4}: explorer, curator, researcher with claude, read-only/,
    );
    expect(res.stderr).toContain('✓ curator answered in');
  });

  it('--json prints the report; a role failing twice makes it partial (exit 1) with the others kept', async () => {
    const r = repo();
    const env = fakeEnv({ explorer: [{ message: 'E' }], researcher: [{ mode: 'fail' }] });
    const res = await runWeft(['discover', 'q', '--roles', 'explorer,researcher', '--json'], {
      cwd: r.dir,
      env,
    });
    expect(res.exitCode).toBe(1);
    const report = JSON.parse(res.stdout) as DiscoveryReport;
    expect(report.status).toBe('partial');
    expect(report.roles.map((x) => x.status)).toEqual(['succeeded', 'failed']);
    expect(report.roles[1]?.attempts).toHaveLength(2);
    expect(res.stderr).toContain('↻ researcher: retrying once with a refined prompt');
    expect(readFileSync(report.files.markdown, 'utf8')).toContain('**Failed** after 2 attempts');
  });

  it('--no-retry leaves a failed role failed after one attempt', async () => {
    const r = repo();
    const env = fakeEnv({ explorer: [{ message: 'E' }], curator: [{ mode: 'fail' }, { message: 'late' }] });
    const res = await runWeft(['discover', 'q', '--roles', 'explorer,curator', '--no-retry', '--json'], {
      cwd: r.dir,
      env,
    });
    const report = JSON.parse(res.stdout) as DiscoveryReport;
    expect(report.roles[1]).toMatchObject({ status: 'failed', attempts: [{ attempt: 1 }] });
    expect(report.notes).toEqual(['curator not retried: retries are off']);
  });

  it('runs inside a worker (it does not write) but refuses the shell agent there', async () => {
    const r = repo({ '.weft/config.yaml': 'roles:\n  explorer:\n    commands: ["git ls-files"]\n' });
    const env = { ...fakeEnv({ explorer: [{ message: 'E' }] }), PARALLEL_WORKER_DEPTH: '1' };
    const ok = await runWeft(['discover', 'q', '--roles', 'explorer', '--agent', 'claude'], {
      cwd: r.dir,
      env,
    });
    expect(ok.exitCode, ok.stderr).toBe(0);
    const refused = await runWeft(['discover', 'q', '--roles', 'explorer', '--agent', 'shell'], {
      cwd: r.dir,
      env,
    });
    expect(refused.exitCode).toBe(6);
    expect(refused.stderr).toContain('weft: inside a worker, discovery runs only in read-only modes');
  });

  it('refuses an unknown role with exit 2, before anything starts', async () => {
    const r = repo();
    const res = await runWeft(['discover', 'q', '--roles', 'explorer,wizard'], {
      cwd: r.dir,
      env: fakeEnv({}),
    });
    expect(res.exitCode).toBe(2);
    expect(res.stderr).toBe(
      'weft: unknown role "wizard"\n  known roles: explorer, curator, researcher\n  define your own under `roles:` in .weft/config.yaml',
    );
  });
});
