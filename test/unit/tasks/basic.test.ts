import { describe, expect, it } from 'vitest';
import { parseTaskFile } from '../../../src/tasks/parse.js';

describe('parseTaskFile basics', () => {
  it('reads a section task with its fields', () => {
    const { taskFile, diagnostics } = parseTaskFile(
      [
        '## T001: Create the user model',
        '',
        'Priority: P1',
        'Files: create src/user.ts',
        '',
        'Write it.',
        '',
      ].join('\n'),
      'tasks.md',
    );
    expect(diagnostics).toEqual([]);
    expect(taskFile.tasks).toMatchObject([
      {
        id: 'T001',
        title: 'Create the user model',
        priority: 'P1',
        instructions: 'Write it.',
        files: [{ path: 'src/user.ts', op: 'create', position: { line: 4, column: 15 } }],
        position: { line: 1, column: 1 },
      },
    ]);
  });

  it('reads a mini-plan checklist in order', () => {
    const { taskFile, diagnostics } = parseTaskFile('# Worker Tasks\n\n- [ ] One\n- [x] Two\n', 'plan.md');
    expect(diagnostics).toEqual([]);
    expect(taskFile.tasks.map((t) => [t.id, t.done, t.dependsOn.map((d) => d.id)])).toEqual([
      ['step-1', false, []],
      ['step-2', true, ['step-1']],
    ]);
  });
});
