import { describe, expect, it } from 'vitest';
import { deps, parse, problems, task } from './support/parse.js';

describe('checklist tasks (mini-plans)', () => {
  it("reads seed 000's mini-plan: each item a task, in order", () => {
    const { taskFile, diagnostics } = parse([
      '# Worker Tasks',
      '',
      '- [ ] Task 1 description',
      '- [ ] Task 2 description',
      '',
      'Complete each task sequentially. Commit after each logical change.',
    ]);
    expect(diagnostics).toEqual([]);
    expect(taskFile.tasks).toMatchObject([
      {
        id: 'step-1',
        title: 'Task 1 description',
        instructions: 'Task 1 description',
        form: 'checklist',
        position: { line: 3, column: 1 },
        dependsOn: [],
      },
      {
        id: 'step-2',
        dependsOn: [{ id: 'step-1', position: { line: 4, column: 1 }, implicit: true }],
      },
    ]);
  });

  it('keeps done items, which still satisfy dependencies', () => {
    const { taskFile } = parse(['- [x] Done already', '- [X] Also done', '- [ ] Still to do']);
    expect(taskFile.tasks.map((t) => [t.id, t.done, deps(t)])).toEqual([
      ['step-1', true, []],
      ['step-2', true, ['step-1']],
      ['step-3', false, ['step-2']],
    ]);
  });

  it('reads explicit ids, priority tags and [P] markers (spec-kit style)', () => {
    const { taskFile, diagnostics } = parse([
      '## Phase 1: Setup',
      '- [ ] T001 Create project structure',
      '- [ ] T002 [P] Initialize dependencies',
      '- [ ] T003 [P] [P1] Configure linting',
      '- [ ] T004 Write the first test',
    ]);
    expect(diagnostics).toEqual([]);
    expect(taskFile.tasks.map((t) => [t.id, t.title, t.parallel, t.priority, deps(t)])).toEqual([
      ['T001', 'Create project structure', false, 'P2', []],
      ['T002', 'Initialize dependencies', true, 'P2', []],
      ['T003', 'Configure linting', true, 'P1', []],
      ['T004', 'Write the first test', false, 'P2', ['T001', 'T002', 'T003']],
    ]);
    expect(taskFile.tasks[1]?.idPosition).toEqual({ line: 3, column: 7 });
  });

  it('runs a [P] item alongside the item before it', () => {
    const { taskFile } = parse([
      '- [ ] A1 a',
      '- [ ] B1 b',
      '- [ ] C1 [P] c',
      '- [ ] D1 [P] d',
      '- [ ] E1 e',
    ]);
    expect(Object.fromEntries(taskFile.tasks.map((t) => [t.id, deps(t)]))).toEqual({
      A1: [],
      B1: ['A1'],
      C1: ['A1'],
      D1: ['A1'],
      E1: ['B1', 'C1', 'D1'],
    });
  });

  it('numbers generated ids by position among all checklist items', () => {
    const ids = parse(['- [ ] a', '- [ ] T9 b', '- [ ] c']).taskFile.tasks.map((t) => t.id);
    expect(ids).toEqual(['step-1', 'T9', 'step-3']);
  });

  it('starts a new chain for each list', () => {
    const { taskFile } = parse([
      '# A',
      '- [ ] a1',
      '- [ ] a2',
      '# B',
      '- [ ] b1',
      '',
      'Text between.',
      '',
      '- [ ] b2',
    ]);
    expect(taskFile.tasks.map((t) => deps(t))).toEqual([[], ['step-1'], [], []]);
  });

  it('keeps one chain across blank lines, comments and plain bullets', () => {
    const { taskFile } = parse(['- [ ] a', '', '- a note, not a task', '<!-- - [ ] hidden -->', '- [ ] b']);
    expect(taskFile.tasks.map((t) => [t.id, deps(t)])).toEqual([
      ['step-1', []],
      ['step-2', ['step-1']],
    ]);
  });

  it('reads ordered checklists, and a change of bullet starts a new list', () => {
    const { taskFile } = parse(['1. [ ] one', '2. [ ] two', '* [ ] star']);
    expect(taskFile.tasks.map((t) => deps(t))).toEqual([[], ['step-1'], []]);
  });

  it('reads inline notes: (depends: …), (priority: …), and drops (branch: …)', () => {
    const { taskFile, diagnostics } = parse([
      '- [ ] T001 Base',
      '- [ ] T002 [P] Side job (depends: T001) (priority: P0)',
      '- [x] T003 Merged work (branch: worker/x)',
    ]);
    expect(diagnostics).toEqual([]);
    const [, side, merged] = taskFile.tasks;
    expect(side).toMatchObject({ title: 'Side job', priority: 'P0' });
    expect(side?.dependsOn).toEqual([{ id: 'T001', position: { line: 2, column: 35 } }]);
    expect(merged?.title).toBe('Merged work');
  });

  it('reads fields and prose on the lines under an item', () => {
    const t = task(
      [
        '- [ ] T001 First',
        '- [ ] T002 Write the docs',
        '  Files: create docs/a.md',
        '  Verify: npm run docs',
        '',
        '  Cover the **new** flags.',
        '',
        '  ```sh',
        '  npm run docs:gen',
        '  ```',
      ],
      'T002',
    );
    expect(t).toMatchObject({
      files: [{ op: 'create', path: 'docs/a.md', position: { line: 3, column: 17 } }],
      verify: 'npm run docs',
      instructions: 'Write the docs\n\nCover the **new** flags.',
      script: 'npm run docs:gen',
    });
    expect(deps(t)).toEqual(['T001']);
  });

  it('reads unindented field lines right under an item as its own', () => {
    const t = task(['- [ ] T001 a', '- [ ] T002 b', 'Depends: T001', 'Files:', '- create src/b.ts'], 'T002');
    expect(t.files.map((f) => f.path)).toEqual(['src/b.ts']);
    expect(
      problems(['- [ ] T001 a', '- [ ] T002 b', 'Depends: T001', 'Files:', '- create src/b.ts']),
    ).toEqual([]);
  });

  it('accepts the checkbox text on the next line', () => {
    expect(parse(['', '- [ ]', '  Write the docs']).taskFile.tasks[0]).toMatchObject({
      title: 'Write the docs',
      position: { line: 2, column: 1 },
    });
  });

  it('reads a field written as a bullet right under an item', () => {
    const t = task(['- [ ] T001 a', '- [ ] T002 b', '- Priority: P1', '- [ ] T003 c'], 'T002');
    expect(t.priority).toBe('P1');
    expect(deps(task(['- [ ] T001 a', '- [ ] T002 b', '- Priority: P1', '- [ ] T003 c'], 'T003'))).toEqual([
      'T002',
    ]);
  });

  it('finds checklists nested under plain bullets, each its own list', () => {
    const { taskFile } = parse(['- Backend', '  - [ ] api', '  - [ ] db', '- Frontend', '  - [ ] ui']);
    expect(taskFile.tasks.map((t) => [t.title, deps(t)])).toEqual([
      ['api', []],
      ['db', ['step-1']],
      ['ui', []],
    ]);
  });

  it('keeps sub-items of a task in its instructions', () => {
    const t = task(['- [ ] T001 Build it', '  - [ ] part one', '  - [ ] part two'], 'T001');
    expect(t.instructions).toBe('Build it\n\n- [ ] part one\n- [ ] part two');
    expect(parse(['- [ ] T001 Build it', '  - [ ] part one']).taskFile.tasks).toHaveLength(1);
  });

  it('mixes section tasks and checklists in one file', () => {
    const { taskFile, diagnostics } = parse([
      '## T001: Model',
      'Create it.',
      '',
      '# Follow-ups',
      '- [ ] Document it (depends: T001)',
      '- [ ] Announce it',
    ]);
    expect(diagnostics).toEqual([]);
    expect(taskFile.tasks.map((t) => [t.id, deps(t)])).toEqual([
      ['T001', []],
      ['step-1', ['T001']],
      ['step-2', ['step-1']],
    ]);
  });
});
