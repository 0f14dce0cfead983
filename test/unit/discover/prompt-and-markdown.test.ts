/** The pure parts of discovery: prompts, heading demotion, report status. */
import { describe, expect, it } from 'vitest';
import { demoteHeadings } from '../../../src/discover/markdown.js';
import { refinePrompt, rolePrompt, synthesisPrompt } from '../../../src/discover/prompt.js';
import { type RoleResult, reportStatus, sumUsage } from '../../../src/discover/report.js';
import { BUILTIN_ROLES, knownRoles, parseRoleList, selectRoles } from '../../../src/discover/roles.js';

const [explorer, curator] = BUILTIN_ROLES as [(typeof BUILTIN_ROLES)[0], (typeof BUILTIN_ROLES)[0]];

describe('prompts', () => {
  it('a role prompt names the role, its focus, the question and the read-only rule', () => {
    const p = rolePrompt('how is auth done?', explorer);
    expect(p).toContain('Your role: explorer — structure.');
    expect(p).toContain('Question: how is auth done?');
    expect(p).toMatch(/Read only: do not create, edit, delete or move files/);
  });

  it('a refined prompt says what failed and keeps the original prompt whole', () => {
    const original = rolePrompt('q', curator);
    const refined = refinePrompt(original, 'timed out after 15m');
    expect(refined.startsWith('A first attempt at this failed: timed out after 15m')).toBe(true);
    expect(refined.endsWith(original)).toBe(true);
  });

  it('the synthesis prompt carries each finding and names the failed roles', () => {
    const p = synthesisPrompt(
      'q',
      [{ role: explorer, findings: 'E1' }],
      [{ role: curator, reason: 'crashed' }],
    );
    expect(p).toContain('### explorer — structure\n\nE1');
    expect(p).toContain('- curator (patterns and conventions): crashed');
    expect(p).toContain('## Conflicts');
    expect(p).toContain('## Trade-offs');
  });
});

describe('demoteHeadings', () => {
  it('pushes headings one level down, leaving fenced code alone', () => {
    const text = '## Findings\n- a\n```md\n## not a heading\n```\n# Top\n###### six stays';
    expect(demoteHeadings(text)).toBe(
      '### Findings\n- a\n```md\n## not a heading\n```\n## Top\n###### six stays',
    );
  });
});

describe('roles', () => {
  it('config overrides a built-in field by field and adds its own roles', () => {
    const roles = knownRoles({
      name: '.weft/config.yaml',
      data: {
        roles: { curator: { focus: 'style' }, security: { focus: 'secrets', commands: ['git grep -n KEY'] } },
      },
    });
    expect(roles.map((r) => [r.name, r.focus])).toEqual([
      ['explorer', 'structure'],
      ['curator', 'style'],
      ['researcher', 'external docs and dependencies'],
      ['security', 'secrets'],
    ]);
    expect(roles[1]?.instructions).toBe(curator.instructions);
    expect(roles[3]?.commands).toEqual(['git grep -n KEY']);
  });

  it('refuses the reserved name and bad names, naming the config path', () => {
    expect(() => knownRoles({ name: 'c.yaml', data: { roles: { synthesis: { focus: 'x' } } } })).toThrow(
      'c.yaml: invalid `roles` settings',
    );
    expect(() => knownRoles({ data: { roles: { 'Bad Name': { focus: 'x' } } } })).toThrow(/invalid `roles`/);
  });

  it('selects in the order given and refuses repeats', () => {
    expect(selectRoles(BUILTIN_ROLES, parseRoleList(' researcher ,explorer,')).map((r) => r.name)).toEqual([
      'researcher',
      'explorer',
    ]);
    expect(() => selectRoles(BUILTIN_ROLES, ['explorer', 'explorer'])).toThrow(
      'role "explorer" is listed twice',
    );
  });
});

describe('report status and usage', () => {
  const role = (status: 'succeeded' | 'failed'): RoleResult => ({
    role: 'r',
    focus: 'f',
    status,
    attempts: [],
  });

  it('complete, partial, failed, interrupted', () => {
    expect(reportStatus([role('succeeded'), role('succeeded')], undefined, false)).toBe('complete');
    expect(reportStatus([role('succeeded'), role('failed')], undefined, false)).toBe('partial');
    expect(reportStatus([role('succeeded')], role('failed'), false)).toBe('partial');
    expect(reportStatus([role('failed')], undefined, false)).toBe('failed');
    expect(reportStatus([role('succeeded')], undefined, true)).toBe('interrupted');
  });

  it('sums only what agents reported', () => {
    expect(sumUsage([{ inputTokens: 3, costUsd: 0.5 }, { inputTokens: 2 }, {}])).toEqual({
      inputTokens: 5,
      costUsd: 0.5,
    });
  });
});
