/**
 * `weft team` and `weft attach` through the built binary, driven through a
 * private tmux server (its own socket: a user's tmux is never touched) with
 * the fake interactive agent: send-keys types into a role's window,
 * capture-pane reads it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import type { TeamStatus } from '../../src/team/status.js';
import type { TeamSyncReport } from '../../src/team/sync.js';
import { runWeft, WEFT_BIN } from '../support/cli.js';
import { makeRepo, makeTempDir, type TestRepo } from '../support/repo.js';

const FAKES = fileURLToPath(new URL('../fakes', import.meta.url));

function config(idleSeconds?: number): string {
  return [
    'agent: command',
    'command:',
    '  command: interactive-agent',
    '  args: ["{prompt}"]',
    ...(idleSeconds === undefined ? [] : ['team:', `  idleSeconds: ${idleSeconds}`]),
    '',
  ].join('\n');
}

interface Team {
  repo: TestRepo;
  sock: string;
  env: Record<string, string>;
  session: string;
  project: string;
  weft(args: string[], extra?: Record<string, string>): ReturnType<typeof runWeft>;
  tmux(...args: string[]): string;
  /** Bounded poll of a window's screen (tmux offers no event for "this text appeared"). */
  waitForText(window: string, text: string): Promise<string>;
}

const teams: Team[] = [];
afterEach(async () => {
  for (const t of teams.splice(0)) {
    await t.weft(['team', 'stop']).catch(() => undefined);
    try {
      t.tmux('kill-server');
    } catch {
      // no server left: nothing to kill
    }
    t.repo.cleanup();
    rmSync(join(t.sock, '..'), { recursive: true, force: true });
  }
});

function team(idleSeconds?: number): Team {
  const repo = makeRepo({ '.weft/config.yaml': config(idleSeconds), 'README.md': '# demo\n' });
  const sock = join(makeTempDir('weft-tmux-'), 'sock');
  const env = { PATH: `${FAKES}:${process.env.PATH ?? ''}`, WEFT_TMUX_SOCKET: sock };
  const project = repo.dir.split('/').at(-1) as string;
  const tmux = (...args: string[]): string =>
    execFileSync('tmux', ['-S', sock, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  const t: Team = {
    repo,
    sock,
    env,
    project,
    session: `weft-${project}`,
    weft: (args, extra = {}) => runWeft(args, { cwd: repo.dir, env: { ...env, ...extra } }),
    tmux,
    async waitForText(window, text) {
      const target = `=weft-${project}:${project}-${window}`;
      let screen = '';
      for (let i = 0; i < 200; i++) {
        screen = tmux('capture-pane', '-p', '-J', '-t', target);
        if (screen.includes(text)) return screen;
        await delay(100);
      }
      throw new Error(`"${text}" never appeared in ${window}:\n${screen}`);
    },
  };
  teams.push(t);
  return t;
}

async function status(t: Team): Promise<TeamStatus> {
  const r = await t.weft(['team', 'status', '--json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as TeamStatus;
}

const stateOf = (s: TeamStatus, role: string): string | undefined =>
  s.roles.find((r) => r.role === role)?.state;

describe('weft team start', () => {
  it('opens one window per role, named by seed 004, each running the agent in its own worktree; testing waits for the features', async () => {
    const t = team();
    const r = await t.weft(['team', 'start', '--goal', 'Build user auth with OAuth']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`✓ team started in tmux session ${t.session} with command`);

    const windows = t.tmux(
      'list-windows',
      '-t',
      `=${t.session}`,
      '-F',
      '#{window_index} #{window_name} #{pane_current_path}',
    );
    expect(windows.split('\n')).toEqual([
      `1 ${t.project}-planning ${t.repo.dir}`,
      `2 ${t.project}-feature-auth ${join(t.repo.dir, '.trees/team/feature-auth')}`,
      `3 ${t.project}-feature-api ${join(t.repo.dir, '.trees/team/feature-api')}`,
      `4 ${t.project}-testing ${join(t.repo.dir, '.trees/team/testing')}`,
      `5 ${t.project}-docs ${join(t.repo.dir, '.trees/team/docs')}`,
    ]);
    expect(t.repo.git('branch', '--list', 'team/*', '--format=%(refname:short)').split('\n')).toEqual([
      'team/docs',
      'team/feature-api',
      'team/feature-auth',
      'team/integration',
      'team/testing',
    ]);

    // The agent runs interactively (a terminal), with its role's instructions, port and worker depth.
    const auth = await t.waitForText('feature-auth', 'waiting for input');
    expect(auth).toContain(
      `interactive-agent: feature-auth in ${join(t.repo.dir, '.trees/team/feature-auth')}`,
    );
    expect(auth).toContain(`brief: # ${t.project}-feature-auth`);
    expect(auth).toMatch(/env: PORT=\d+ DEPTH=1 TTY=true/);
    const planning = await t.waitForText('planning', 'waiting for input');
    expect(planning).toMatch(/env: PORT=\d+ DEPTH= TTY=true/); // the orchestrator may sync and spawn
    const brief = readFileSync(join(t.repo.dir, '.trees/team/feature-auth/.weft-role.md'), 'utf8');
    expect(brief).toContain('Goal: Build user auth with OAuth');
    expect(brief).toContain('You build the feature "auth"');
    expect(t.repo.git('status', '--porcelain')).toBe(''); // weft's files stay out of git

    // Testing waits until every feature role reports done.
    await t.waitForText('testing', 'waiting for feature-auth, feature-api to report done');
    expect(stateOf(await status(t), 'testing')).toBe('waiting');
    const first = await t.weft(['team', 'done', 'feature-auth']);
    expect(first.stdout).toBe('✓ feature-auth reported done\n  testing still waits for feature-api');
    // A role inside its window reports without naming itself (WEFT_TEAM_ROLE).
    const second = await t.weft(['team', 'done'], {
      WEFT_TEAM_ROLE: 'feature-api',
      PARALLEL_WORKER_DEPTH: '1',
    });
    expect(second.stdout).toBe('✓ feature-api reported done\n  testing starts now');
    await t.waitForText('testing', 'interactive-agent: testing');

    const s = await status(t);
    expect(s.running).toBe(true);
    expect(s.roles.map((x) => [x.tab, x.role, x.state, x.branch ?? '-'])).toEqual([
      [1, 'planning', 'running', '-'],
      [2, 'feature-auth', 'done', 'team/feature-auth'],
      [3, 'feature-api', 'done', 'team/feature-api'],
      [4, 'testing', 'running', 'team/testing'],
      [5, 'docs', 'running', 'team/docs'],
    ]);
    expect(s.roles[1]?.lastActivityAt).toBeDefined();
  }, 60_000);

  it('refuses a second team, nesting inside a worker, and a missing tmux — creating nothing; Enter starts a waiting role', async () => {
    const t = team();
    const nested = await t.weft(['team', 'start'], { PARALLEL_WORKER_DEPTH: '1' });
    expect(nested.exitCode).toBe(6);
    expect(nested.stderr).toContain('weft team start is disabled inside a worker');
    const noTmux = await t.weft(['team', 'start'], { PATH: FAKES });
    expect(noTmux.exitCode).toBe(6);
    expect(noTmux.stderr).toContain('weft team needs tmux, which is not on PATH');
    const badRole = await t.weft(['team', 'start', '--roles', 'planning,wizard']);
    expect(badRole.exitCode).toBe(2);
    expect(existsSync(join(t.repo.dir, '.trees'))).toBe(false);
    expect(t.repo.git('branch', '--list', 'team/*')).toBe('');

    expect((await t.weft(['team', 'start', '--roles', 'planning,feature:a,testing'])).exitCode).toBe(0);
    const again = await t.weft(['team', 'start', '--roles', 'planning,feature:a']);
    expect(again.exitCode).toBe(6);
    expect(again.stderr).toContain(`the team is already running in tmux session ${t.session}`);

    // Told not to wait: Enter in the testing window starts its agent at once.
    await t.waitForText('testing', 'press Enter to start now');
    t.tmux('send-keys', '-t', `=${t.session}:${t.project}-testing`, 'Enter');
    const screen = await t.waitForText('testing', 'interactive-agent: testing');
    expect(screen).toContain('starting now, without waiting');
  }, 60_000);
});

describe('weft team sync', () => {
  it('merges role branches in order, leaves a conflicting one out, and tells each role what changed', async () => {
    const t = team();
    expect(
      (await t.weft(['team', 'start', '--roles', 'planning,feature:auth,feature:api,docs'])).exitCode,
    ).toBe(0);
    for (const w of ['feature-auth', 'feature-api', 'docs']) await t.waitForText(w, 'waiting for input');
    const type = (w: string, line: string): void => {
      t.tmux('send-keys', '-t', `=${t.session}:${t.project}-${w}`, '-l', line);
      t.tmux('send-keys', '-t', `=${t.session}:${t.project}-${w}`, 'Enter');
    };
    type('feature-auth', 'commit shared.txt from-auth');
    type('feature-api', 'commit shared.txt from-api');
    await t.waitForText('feature-auth', 'committed shared.txt');
    await t.waitForText('feature-api', 'committed shared.txt');

    const r = await t.weft(['team', 'sync', '--json']);
    expect(r.exitCode, r.stderr).toBe(1); // a conflict
    const report = JSON.parse(r.stdout) as TeamSyncReport;
    expect(report.merges.map((m) => [m.role, m.status, m.files])).toEqual([
      ['feature-auth', 'merged', ['shared.txt']],
      ['feature-api', 'conflict', ['shared.txt']],
      ['docs', 'up-to-date', []],
    ]);
    expect(t.repo.git('show', 'team/integration:shared.txt')).toBe('from-auth');

    // The conflicting role is told in its window and in its worktree's notice file.
    const api = await t.waitForText('feature-api', 'you said: [weft team sync] your branch conflicts');
    expect(api).toContain('conflicts with team/integration in shared.txt');
    expect(readFileSync(join(t.repo.dir, '.trees/team/feature-api/.weft-team-sync.md'), 'utf8')).toContain(
      'Your branch team/feature-api conflicts with team/integration in:\n- shared.txt',
    );
    // docs lacks feature-auth's work: it learns which files and how to take them.
    const docs = await t.waitForText(
      'docs',
      'you said: [weft team sync] team/integration has 1 commit your branch lacks',
    );
    expect(docs).toContain('from feature-auth');
    // feature-auth's own work is all there is: nothing to tell it.
    expect(report.notices.find((n) => n.role === 'feature-auth')).toMatchObject({
      messaged: false,
      files: [],
    });
    expect(existsSync(join(t.repo.dir, '.trees/team/feature-auth/.weft-team-sync.md'))).toBe(false);
    // The planning role gets the summary.
    await t.waitForText(
      'planning',
      'you said: [weft team sync] merged into team/integration: feature-auth; conflicts: feature-api',
    );
  }, 60_000);
});

describe('weft attach', () => {
  it('prints the exact command without a terminal, and at one lands in the role window, in its worktree', async () => {
    const t = team();
    expect((await t.weft(['team', 'start', '--roles', 'planning,feature:auth'])).exitCode).toBe(0);
    const printed = await t.weft(['attach', 'feature-auth']);
    expect(printed.exitCode).toBe(0);
    expect(printed.stdout).toBe(
      `tmux -S ${t.sock} attach-session -t =${t.session}:${t.project}-feature-auth`,
    );
    expect(printed.stderr).toContain('not at a terminal');

    // At a terminal (a pseudo-terminal from `script`), weft attach runs tmux attach itself.
    // The command line for `script -c` is test-controlled text (temp paths), quoted for sh.
    const q = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;
    const cmd = [process.execPath, WEFT_BIN, 'attach', 'feature:auth'].map(q).join(' ');
    const client = execa('script', ['-qfec', cmd, '/dev/null'], {
      cwd: t.repo.dir,
      env: { ...t.env, TERM: 'xterm', CI: 'true' },
      reject: false,
      stdin: 'pipe',
    });
    let clients = '';
    for (let i = 0; i < 100 && clients === ''; i++) {
      clients = t.tmux('list-clients', '-F', '#{client_session} #{window_name} #{pane_current_path}');
      if (clients === '') await delay(100);
    }
    expect(clients).toBe(
      `${t.session} ${t.project}-feature-auth ${join(t.repo.dir, '.trees/team/feature-auth')}`,
    );
    t.tmux('detach-client', '-s', `=${t.session}`);
    const ended = await client;
    expect(ended.exitCode).toBe(0);
  }, 60_000);

  it('names the roles when asked for one the team does not have', async () => {
    const t = team();
    expect((await t.weft(['team', 'start', '--roles', 'planning,feature:auth'])).exitCode).toBe(0);
    const r = await t.weft(['attach', 'feature-ui']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('weft: the team has no role "feature-ui"\n  roles: 1 planning, 2 feature-auth');
  }, 60_000);
});

describe('weft team stop', () => {
  it('ends the session, commits what a role left uncommitted, keeps every branch; start picks them up again', async () => {
    const t = team();
    expect((await t.weft(['team', 'start', '--roles', 'planning,feature:auth,docs'])).exitCode).toBe(0);
    await t.waitForText('docs', 'waiting for input');
    t.tmux('send-keys', '-t', `=${t.session}:${t.project}-docs`, '-l', 'write guide.md draft');
    t.tmux('send-keys', '-t', `=${t.session}:${t.project}-docs`, 'Enter');
    await t.waitForText('docs', 'wrote guide.md');

    const r = await t.weft(['team', 'stop', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const stopped = JSON.parse(r.stdout) as {
      wasRunning: boolean;
      roles: { role: string; committedLeftovers: boolean }[];
    };
    expect(stopped.wasRunning).toBe(true);
    expect(stopped.roles.find((x) => x.role === 'docs')?.committedLeftovers).toBe(true);
    expect(() => t.tmux('has-session', '-t', `=${t.session}`)).toThrow();
    expect(t.repo.git('show', 'team/docs:guide.md')).toBe('draft');
    expect(t.repo.git('show', 'team/docs', '--name-only', '--format=')).toBe('guide.md'); // not the brief, not .env
    expect(existsSync(join(t.repo.dir, '.trees/team/docs'))).toBe(false);
    expect(existsSync(join(t.repo.dir, '.weft/team/roles/docs.launch.json'))).toBe(false);
    expect(stateOf(await status(t), 'docs')).toBe('stopped');

    const again = await t.weft(['team', 'start', '--roles', 'planning,feature:auth,docs']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).toContain('docs: .trees/team/docs on team/docs (checked out)');
    expect(readFileSync(join(t.repo.dir, '.trees/team/docs/guide.md'), 'utf8')).toBe('draft\n');
  }, 60_000);
});

describe('notifications', () => {
  it('reports a role that has gone quiet as needing input, once per quiet spell', async () => {
    const t = team(1);
    expect((await t.weft(['team', 'start', '--roles', 'planning,feature:auth'])).exitCode).toBe(0);
    await t.waitForText('feature-auth', 'waiting for input');
    const file = join(t.repo.dir, '.weft/team/notifications.jsonl');
    const notices = (): { role: string; type: string }[] =>
      existsSync(file)
        ? readFileSync(file, 'utf8')
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as { role: string; type: string })
            .filter((n) => n.role === 'feature-auth')
        : [];
    /** Bounded poll: the notice is written by the window's process. */
    const waitForNotices = async (n: number): Promise<void> => {
      // Up to 45 s: under CI load the role's process and tmux answer slowly.
      for (let i = 0; i < 450 && notices().length < n; i++) await delay(100);
      expect(notices().length).toBeGreaterThanOrEqual(n);
    };
    await waitForNotices(1);
    expect(notices()[0]).toMatchObject({ type: 'team.role.needs-input' });
    expect(stateOf(await status(t), 'feature-auth')).toBe('needs-input');
    const text = await t.weft(['team', 'status']);
    expect(text.stdout).toContain('feature-auth may need you');
    // Still one notice for this quiet spell, however long it lasts (the status calls above took seconds).
    expect(notices()).toHaveLength(1);
    // Typing into the window is activity: the agent answers. (The re-arm after activity is covered by the
    // idleStep unit tests; end to end it was not reliable under CI load and is followed up separately.)
    t.tmux('send-keys', '-t', `=${t.session}:${t.project}-feature-auth`, '-l', 'hello');
    t.tmux('send-keys', '-t', `=${t.session}:${t.project}-feature-auth`, 'Enter');
    await t.waitForText('feature-auth', 'you said: hello');
  }, 150_000);
});
