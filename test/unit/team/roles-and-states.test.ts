/** The pure parts of weft team: role lists, names, instructions, role states, the idle rule, finding a role. */
import { describe, expect, it } from 'vitest';
import { findTeamRole } from '../../../src/team/find.js';
import { idleStep } from '../../../src/team/idle-watch.js';
import { roleInstructions } from '../../../src/team/instructions.js';
import {
  DEFAULT_TEAM_ROLES,
  parseTeamRoles,
  projectNameOf,
  roleBranch,
  sessionName,
  windowName,
} from '../../../src/team/roles.js';
import { roleState } from '../../../src/team/status.js';
import type { TeamRecord } from '../../../src/team/store.js';

describe('parseTeamRoles', () => {
  it("reads seed 004's five tabs; testing waits for every feature role", () => {
    const roles = parseTeamRoles(DEFAULT_TEAM_ROLES);
    expect(roles.map((r) => [r.tab, r.name, r.kind, r.waitsFor])).toEqual([
      [1, 'planning', 'planning', []],
      [2, 'feature-auth', 'feature', []],
      [3, 'feature-api', 'feature', []],
      [4, 'testing', 'testing', ['feature-auth', 'feature-api']],
      [5, 'docs', 'docs', []],
    ]);
    expect(roles.map((r) => roleBranch(r))).toEqual([
      undefined,
      'team/feature-auth',
      'team/feature-api',
      'team/testing',
      'team/docs',
    ]);
  });

  it('takes feature-x as feature:x, ignores blanks and case', () => {
    expect(parseTeamRoles(' Feature-UI , ,docs').map((r) => r.name)).toEqual(['feature-ui', 'docs']);
  });

  it('refuses unknown, repeated and unusable roles', () => {
    expect(() => parseTeamRoles('planning,wizard')).toThrow('unknown team role "wizard"');
    expect(() => parseTeamRoles('feature:a,feature-a')).toThrow('team role "feature-a" is listed twice');
    expect(() => parseTeamRoles('feature:../x')).toThrow('"../x" is not a usable feature name');
    expect(() => parseTeamRoles(' , ')).toThrow('no team roles given');
  });
});

describe('names', () => {
  it('session and windows follow <project>-<role>, with what tmux cannot hold replaced', () => {
    const project = projectNameOf('/home/me/my.app:v2/');
    expect(project).toBe('my-app-v2');
    expect(sessionName(project)).toBe('weft-my-app-v2');
    expect(windowName(project, { name: 'feature-auth' })).toBe('my-app-v2-feature-auth');
    expect(projectNameOf('/')).toBe('project');
  });
});

describe('roleInstructions', () => {
  const roles = parseTeamRoles('planning,feature:auth,testing').map((r) => ({ ...r, branch: roleBranch(r) }));
  const ctx = {
    project: 'demo',
    goal: 'Build user auth',
    integrationBranch: 'team/integration',
    planFile: '/repo/.weft/team/plan.md',
    weft: 'weft',
    roles,
  };

  it('tells planning to distribute the work and sync; the others to report done', () => {
    const planning = roleInstructions(roles[0]!, ctx);
    expect(planning).toContain('You are the orchestrator (tab 1)');
    expect(planning).toContain('run `weft team sync`');
    expect(planning).not.toContain('weft team done');
    const testing = roleInstructions(roles[2]!, ctx);
    expect(testing).toContain('You write and run the tests for the features (feature-auth)');
    expect(testing).toContain('run `weft team done` to tell the team');
    expect(testing).toContain('- tab 2: feature-auth — branch team/feature-auth');
    expect(testing).toContain('Goal: Build user auth');
  });
});

describe('roleState', () => {
  const runtime = (state: 'waiting' | 'running' | 'exited', extra = {}) => ({
    state,
    pid: 1,
    updatedAt: '2026-01-01T00:00:00Z',
    ...extra,
  });
  it('done wins; then a stopped session, a closed window, what the window reports', () => {
    const done = { at: '2026-01-01T00:00:00Z' };
    expect(roleState({ sessionAlive: false, windowAlive: false, done })).toBe('done');
    expect(roleState({ sessionAlive: false, windowAlive: false, runtime: runtime('running') })).toBe(
      'stopped',
    );
    expect(roleState({ sessionAlive: true, windowAlive: false })).toBe('gone');
    expect(roleState({ sessionAlive: true, windowAlive: true })).toBe('starting');
    expect(roleState({ sessionAlive: true, windowAlive: true, runtime: runtime('waiting') })).toBe('waiting');
    expect(roleState({ sessionAlive: true, windowAlive: true, runtime: runtime('running') })).toBe('running');
    expect(
      roleState({
        sessionAlive: true,
        windowAlive: true,
        runtime: runtime('running', { needsInputSince: '2026-01-01T00:00:00Z' }),
      }),
    ).toBe('needs-input');
    expect(roleState({ sessionAlive: true, windowAlive: true, runtime: runtime('exited') })).toBe('exited');
  });
});

describe('idleStep', () => {
  it('notifies once the window has been quiet for the threshold', () => {
    expect(idleStep({}, 10_000, 14_999, 5000)).toBe('none');
    expect(idleStep({}, 10_000, 15_000, 5000)).toBe('notify');
  });

  it("re-arms only on activity after the notice's own second (its bell is output too)", () => {
    const state = { notifiedAt: 20_400 };
    expect(idleStep(state, 20_000, 30_000, 5000)).toBe('none'); // the bell, same second
    expect(idleStep(state, 21_000, 30_000, 5000)).toBe('rearm');
  });
});

describe('findTeamRole', () => {
  const team = {
    roles: parseTeamRoles('planning,feature:auth').map((r) => ({
      ...r,
      window: `demo-${r.name}`,
      cwd: '/x',
      port: 1,
    })),
  } as unknown as TeamRecord;

  it('by name, feature:x spelling, window name or tab number', () => {
    for (const name of ['feature-auth', 'feature:auth', 'demo-feature-auth', '2', ' Feature-Auth ']) {
      expect(findTeamRole(team, name).name).toBe('feature-auth');
    }
    expect(() => findTeamRole(team, 'docs')).toThrow('the team has no role "docs"');
  });
});
