import { describe, expect, it } from 'vitest';
import { planFilePath, updatePlanMarkdown } from '../../../src/workers/plan-file.js';

describe('updatePlanMarkdown', () => {
  it('adds both sections when the plan has neither', () => {
    const out = updatePlanMarkdown('# Plan\n\nSome text.\n', {
      branch: 'worker/a',
      summary: 'Added the parser',
      doneSteps: ['Write parser'],
    });
    expect(out).toBe(
      '# Plan\n\nSome text.\n\n## Worker Branches\n- `worker/a`: Added the parser\n\n## Steps\n- [x] Write parser (branch: worker/a)\n',
    );
  });

  it('checks an existing open step in place and appends the branch to an existing list', () => {
    const text = [
      '# Plan',
      '',
      '## Worker Branches',
      '- `worker/old`: earlier work',
      '',
      '## Steps',
      '- [ ] Write   parser',
      '- [ ] Write tests',
      '',
      '## Notes',
      'keep me',
      '',
    ].join('\n');
    const out = updatePlanMarkdown(text, {
      branch: 'worker/a',
      summary: 'done',
      doneSteps: ['Write parser'],
    });
    expect(out).toBe(
      [
        '# Plan',
        '',
        '## Worker Branches',
        '- `worker/old`: earlier work',
        '- `worker/a`: done',
        '',
        '## Steps',
        '- [x] Write parser (branch: worker/a)',
        '- [ ] Write tests',
        '',
        '## Notes',
        'keep me',
        '',
      ].join('\n'),
    );
  });

  it("replaces the branch's own line when it reports again, and ignores headings inside code fences", () => {
    const text = '```\n## Steps\n```\n\n## Worker Branches\n- `w`: failed\n';
    const out = updatePlanMarkdown(text, { branch: 'w', summary: 'now done', doneSteps: [] });
    expect(out).toBe('```\n## Steps\n```\n\n## Worker Branches\n- `w`: now done\n');
  });

  it('keeps plan files inside .claude/plans/', () => {
    expect(planFilePath('/repo', 'feature/x')).toBe('/repo/.claude/plans/feature/x/plan.md');
    expect(planFilePath('/repo', '../../etc')).toBeUndefined();
  });
});
