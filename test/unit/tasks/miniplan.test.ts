import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMiniPlan, renderMiniPlan } from '../../../src/tasks/miniplan.js';

const SEED_000 = `# Worker Tasks

- [ ] Task 1 description
- [ ] Task 2 description

Complete each task sequentially. Commit after each logical change.
`;

describe('mini-plans', () => {
  it("renders seed 000's format exactly", () => {
    expect(renderMiniPlan(['Task 1 description', 'Task 2 description'])).toBe(SEED_000);
  });

  it('parses it back', () => {
    expect(parseMiniPlan(SEED_000)).toEqual({
      title: 'Worker Tasks',
      steps: [
        { text: 'Task 1 description', done: false },
        { text: 'Task 2 description', done: false },
      ],
    });
  });

  it('reads done steps and renders them checked', () => {
    const plan = parseMiniPlan('## Steps\n- [x] Task description (branch: worker/a)\n- [ ] Next');
    expect(plan.steps).toEqual([
      { text: 'Task description (branch: worker/a)', done: true },
      { text: 'Next', done: false },
    ]);
    expect(renderMiniPlan(plan.steps, { title: 'Steps', footer: 'Go.' })).toBe(
      '# Steps\n\n- [x] Task description (branch: worker/a)\n- [ ] Next\n\nGo.\n',
    );
  });

  it('reads a plan given on one command line with no heading', () => {
    expect(parseMiniPlan('- [ ] Do X\n- [ ] Test X')).toEqual({
      steps: [
        { text: 'Do X', done: false },
        { text: 'Test X', done: false },
      ],
    });
  });

  it('falls back to a plain list when there are no checkboxes', () => {
    expect(parseMiniPlan('# Tasks\n1. Do X\n2. Test X\n').steps.map((s) => s.text)).toEqual([
      'Do X',
      'Test X',
    ]);
    expect(parseMiniPlan('Just prose.').steps).toEqual([]);
  });

  it('keeps a step of several lines inside its item', () => {
    const text = renderMiniPlan(['Write the parser\nwith tests\n\nand docs', 'Ship it']);
    expect(text).toContain('- [ ] Write the parser\n  with tests\n\n  and docs\n- [ ] Ship it');
    expect(parseMiniPlan(text).steps.map((s) => s.text)).toEqual([
      'Write the parser\nwith tests\n\nand docs',
      'Ship it',
    ]);
  });

  it('round-trips any steps', () => {
    const line = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ,.()`'-]{0,30}$/).map((s) => s.trim());
    const step = fc.record({
      text: fc.array(line, { minLength: 1, maxLength: 3 }).map((ls) => ls.join('\n')),
      done: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 8 }), (steps) => {
        const wanted = steps.map((s) => ({
          text: s.text
            .split('\n')
            .filter((l) => l !== '')
            .join('\n'),
          done: s.done,
        }));
        const kept = wanted.filter((s) => s.text !== '');
        expect(parseMiniPlan(renderMiniPlan(kept)).steps).toEqual(kept);
      }),
      { numRuns: 200 },
    );
  });
});
