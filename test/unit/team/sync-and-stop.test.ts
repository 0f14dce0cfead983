/** sync and stop on a real repository and real worktrees, without a tmux session (the team's is not running). */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RefusedError } from '../../../src/errors.js';
import { resolveRepo } from '../../../src/git/repo-paths.js';
import { markRoleDone } from '../../../src/team/done.js';
import { parseTeamRoles, roleBranch } from '../../../src/team/roles.js';
import { stopTeam } from '../../../src/team/stop.js';
import { type TeamRecord, teamPaths, writeJson } from '../../../src/team/store.js';
import { syncTeam } from '../../../src/team/sync.js';
import { ensureRoleWorktree } from '../../../src/team/worktrees.js';
import { GIT_TEST_ENV, makeRepo, type TestRepo } from '../../support/repo.js';

let repo: TestRepo;
let team: TeamRecord;

function commitIn(cwd: string, file: string, text: string): void {
  writeFileSync(join(cwd, file), text);
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd, env: { ...process.env, ...GIT_TEST_ENV } });
  git('add', '--', file);
  git('commit', '-q', '-m', `add ${file}`);
}

beforeEach(async () => {
  repo = makeRepo({ 'README.md': '# demo\n' });
  const base = repo.git('rev-parse', 'HEAD');
  repo.git('branch', 'team/integration', base);
  const r = await resolveRepo(repo.dir);
  const specs = parseTeamRoles('planning,feature:a,feature:b,docs');
  const roles = [];
  for (const s of specs) {
    const branch = roleBranch(s);
    const cwd = branch === undefined ? repo.dir : (await ensureRoleWorktree(r, branch, base)).path;
    roles.push({
      ...s,
      window: `demo-${s.name}`,
      ...(branch === undefined ? {} : { branch }),
      cwd,
      port: 4000 + s.tab,
    });
  }
  team = {
    version: 1,
    project: 'demo',
    session: 'weft-demo-not-running',
    socket: join(repo.dir, '.weft', 'no-such-sock'),
    base: { ref: 'main', commit: base },
    integrationBranch: 'team/integration',
    agent: 'shell',
    createdAt: new Date().toISOString(),
    state: 'running',
    roles,
  };
  await writeJson(teamPaths(repo.dir).team, team);
});
afterEach(() => {
  repo.cleanup();
});

const cwdOf = (role: string): string => team.roles.find((r) => r.name === role)!.cwd;

describe('syncTeam', () => {
  it('merges in tab order, leaves a conflict out, and writes each role what it lacks', async () => {
    commitIn(cwdOf('feature-a'), 'a.txt', 'a\n');
    commitIn(cwdOf('feature-a'), 'shared.txt', 'from a\n');
    commitIn(cwdOf('feature-b'), 'shared.txt', 'from b\n');
    const report = await syncTeam({ cwd: repo.dir, message: false });
    expect(report.merges.map((m) => [m.role, m.status, m.files])).toEqual([
      ['feature-a', 'merged', ['a.txt', 'shared.txt']],
      ['feature-b', 'conflict', ['shared.txt']],
      ['docs', 'up-to-date', []],
    ]);
    expect(repo.git('log', '-1', '--format=%s', 'team/integration')).toBe('weft team: merge feature-a');
    const docs = readFileSync(join(cwdOf('docs'), '.weft-team-sync.md'), 'utf8');
    expect(docs).toContain(
      'team/integration has 2 commits your branch lacks (merged now: feature-a), touching:\n- a.txt\n- shared.txt',
    );
    const b = readFileSync(join(cwdOf('feature-b'), '.weft-team-sync.md'), 'utf8');
    expect(b).toContain('Your branch team/feature-b conflicts with team/integration in:\n- shared.txt');
    expect(existsSync(join(cwdOf('feature-a'), '.weft-team-sync.md'))).toBe(false);
    expect(readFileSync(join(repo.dir, '.weft-team-sync.md'), 'utf8')).toContain(
      'Merged this time: feature-a (2 files)',
    );
    expect(report.notices.every((n) => !n.messaged)).toBe(true);

    // Syncing again changes nothing: everything merged is contained.
    const again = await syncTeam({ cwd: repo.dir, message: false });
    expect(again.after).toBe(report.after);
    expect(again.merges[0]?.status).toBe('up-to-date');
  });

  it('refuses while the integration branch is checked out somewhere', async () => {
    repo.git('checkout', '-q', 'team/integration');
    const err = await syncTeam({ cwd: repo.dir }).catch((e: unknown) => e);
    expect((err as RefusedError).code).toBe('E_INTEGRATION_CHECKED_OUT');
  });
});

describe('stopTeam', () => {
  it('commits what a role left uncommitted (not weft files), removes worktrees, keeps branches', async () => {
    writeFileSync(join(cwdOf('docs'), 'guide.md'), 'draft\n');
    writeFileSync(join(cwdOf('docs'), '.weft-role.md'), 'brief\n');
    const report = await stopTeam({ cwd: repo.dir, graceMs: 100 });
    expect(report.wasRunning).toBe(false);
    expect(report.roles.find((r) => r.role === 'docs')).toMatchObject({
      committedLeftovers: true,
      worktreeRemoved: true,
      commitsAhead: 1,
    });
    expect(repo.git('show', '--name-only', '--format=', 'team/docs')).toBe('guide.md');
    expect(existsSync(cwdOf('docs'))).toBe(false);
    expect(repo.git('branch', '--list', 'team/*', '--format=%(refname:short)').split('\n')).toHaveLength(4);
    expect(report.team.state).toBe('stopped');
  });
});

describe('markRoleDone', () => {
  it('records the role and says who is released', async () => {
    const withTesting: TeamRecord = {
      ...team,
      roles: [
        ...team.roles,
        { ...team.roles[1]!, name: 'testing', kind: 'testing', tab: 5, waitsFor: ['feature-a', 'feature-b'] },
      ],
    };
    await writeJson(teamPaths(repo.dir).team, withTesting);
    expect(await markRoleDone({ cwd: repo.dir, role: 'feature:a' })).toEqual({
      role: 'feature-a',
      released: [],
      stillWaiting: [{ role: 'testing', pending: ['feature-b'] }],
    });
    expect(await markRoleDone({ cwd: repo.dir, env: { WEFT_TEAM_ROLE: 'feature-b' } })).toMatchObject({
      released: ['testing'],
    });
    await expect(markRoleDone({ cwd: repo.dir, env: {} })).rejects.toThrow('which role is done?');
  });
});
