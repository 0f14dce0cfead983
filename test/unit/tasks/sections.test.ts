import { describe, expect, it } from 'vitest';
import { deps, parse, problems, task } from './support/parse.js';

describe('section tasks: headings', () => {
  it.each([
    ['## T001: Create the user model', 'T001', 'Create the user model'],
    ['## T001 — Create the user model', 'T001', 'Create the user model'],
    ['## T001 – Create the user model', 'T001', 'Create the user model'],
    ['## T001 - Create the user model', 'T001', 'Create the user model'],
    ['### T001 Create the user model', 'T001', 'Create the user model'],
    ['# auth-2: Create the user model', 'auth-2', 'Create the user model'],
    ['## Task 3: Create the user model', 'task-3', 'Create the user model'],
    ['## Task T007: Create the user model', 'T007', 'Create the user model'],
    ['## T001: Create the user model ##', 'T001', 'Create the user model'],
  ])('%s', (heading, id, title) => {
    const { taskFile, diagnostics } = parse([heading, '', 'Do it.']);
    expect(diagnostics).toEqual([]);
    expect(taskFile.tasks).toMatchObject([{ id, title, form: 'section', position: { line: 1, column: 1 } }]);
  });

  it('reads a setext heading too', () => {
    expect(task(['T001: Create it', '---------------', '', 'Do it.'], 'T001').title).toBe('Create it');
  });

  it('ignores headings that do not start with an id', () => {
    const { taskFile } = parse([
      '# Plan for the user feature',
      '## Phase 1: Setup',
      '## Overview',
      '## Write docs for v2',
      '## E2E tests',
    ]);
    expect(taskFile.tasks).toEqual([]);
  });

  it('takes the priority from a [P1] tag anywhere in the heading', () => {
    expect(task(['## T001: Create it [P1]', 'Do it.'], 'T001').priority).toBe('P1');
    expect(task(['## [P0] T001: Create it', 'Do it.'], 'T001')).toMatchObject({
      priority: 'P0',
      title: 'Create it',
    });
    expect(task(['## T001 [P3] Create it', 'Do it.'], 'T001')).toMatchObject({
      priority: 'P3',
      title: 'Create it',
    });
  });

  it('records where the id is', () => {
    expect(task(['### T001: x', 'y'], 'T001').idPosition).toEqual({ line: 1, column: 5 });
  });
});

describe('section tasks: fields', () => {
  const file = [
    '## T001: First',
    'Do the first thing.',
    '',
    '## T002: Second',
    '',
    'Priority: P1',
    'Depends: T001',
    'Files: create src/a.ts, modify `src/b.ts`, src/c.ts (read), src/d.ts',
    'Estimate: 2.5',
    'Agent: codex',
    'Timeout: 1h30m',
    'Verify: `npm test -- a`',
    '',
    'Write *a* and **b**.',
  ];

  it('reads every field and defaults', () => {
    const { taskFile, diagnostics } = parse(file);
    expect(diagnostics).toEqual([]);
    const [first, second] = taskFile.tasks;
    expect(first).toMatchObject({ priority: 'P2', estimate: 1, dependsOn: [], files: [], done: false });
    expect(first).not.toHaveProperty('agent');
    expect(second).toMatchObject({
      priority: 'P1',
      dependsOn: [{ id: 'T001', position: { line: 7, column: 10 } }],
      files: [
        { op: 'create', path: 'src/a.ts', position: { line: 8, column: 15 } },
        { op: 'modify', path: 'src/b.ts', position: { line: 8, column: 33 } },
        { op: 'read', path: 'src/c.ts', position: { line: 8, column: 44 } },
        { op: 'modify', path: 'src/d.ts', position: { line: 8, column: 61 } },
      ],
      estimate: 2.5,
      agent: 'codex',
      timeoutMs: 5_400_000,
      verify: 'npm test -- a',
      instructions: 'Write *a* and **b**.',
    });
  });

  it('matches keys case-insensitively, in bold, or as bullets', () => {
    const t = task(
      [
        '## T001: a',
        'x',
        '## T002: b',
        '**Depends:** T001',
        '**PRIORITY**: p0',
        '- depends on: `T001`',
        '* Verify: make check',
        '__Agent:__ claude',
        'dependencies: none',
        'Keep going.',
      ],
      'T002',
    );
    expect(t).toMatchObject({
      priority: 'P0',
      verify: 'make check',
      agent: 'claude',
      instructions: 'Keep going.',
    });
    expect(deps(t)).toEqual(['T001']);
  });

  it('accepts none and - for no dependencies, and several separators', () => {
    expect(deps(task(['## T001: a', 'Depends: none', 'x'], 'T001'))).toEqual([]);
    expect(deps(task(['## T001: a', 'Depends: -', 'x'], 'T001'))).toEqual([]);
    const many = [
      '## A1: a',
      'x',
      '## B1: b',
      'x',
      '## C1: c',
      'x',
      '## D1: d',
      'Depends: A1 B1; C1 and A1',
      'x',
    ];
    expect(deps(task(many, 'D1'))).toEqual(['A1', 'B1', 'C1']);
  });

  it('reads a Files: list with every operation and alias', () => {
    const t = task(
      [
        '## T001: a',
        'Files:',
        '- create: src/new.ts',
        '- modify `src/old.ts`',
        '- delete src/gone.ts',
        '- read: docs/spec.md',
        '- add src/added.ts',
        '- edit ./src/x/../edited.ts',
        '- update: src/updated.ts',
        '- remove src/removed.ts',
        '- `src/with space.ts` (create)',
        '',
        'Then the instructions.',
      ],
      'T001',
    );
    expect(t.files.map((f) => `${f.op} ${f.path}`)).toEqual([
      'create src/new.ts',
      'modify src/old.ts',
      'delete src/gone.ts',
      'read docs/spec.md',
      'create src/added.ts',
      'modify src/edited.ts',
      'modify src/updated.ts',
      'delete src/removed.ts',
      'create src/with space.ts',
    ]);
    expect(t.files[0]?.position).toEqual({ line: 3, column: 11 });
    expect(t.instructions).toBe('Then the instructions.');
  });

  it('does not let a file bullet swallow the field line after it', () => {
    const t = task(['## T001: a', 'Files:', '- create src/a.ts', 'Priority: P0', 'Go.'], 'T001');
    expect(t.priority).toBe('P0');
    expect(t.files).toHaveLength(1);
  });

  it('reads a Verify command and the timeout as a bare number of seconds', () => {
    const t = task(['## T001: a', 'Verify: npm run lint && npm test', 'Timeout: 90', 'x'], 'T001');
    expect(t).toMatchObject({ verify: 'npm run lint && npm test', timeoutMs: 90_000 });
  });
});

describe('section tasks: instructions and scripts', () => {
  it('keeps the prose as Markdown, without the field lines', () => {
    const t = task(
      [
        '## T001: Add login',
        '',
        'Priority: P1',
        '',
        'Add a **login** form.',
        '',
        '',
        '- it posts to `/api/login`',
        '- it shows errors',
        '',
        '### Notes',
        '',
        '```ts',
        'const x = 1;',
        '```',
        '',
        'Depends: none',
        '',
      ],
      'T001',
    );
    expect(t.instructions).toBe(
      [
        'Add a **login** form.',
        '',
        '- it posts to `/api/login`',
        '- it shows errors',
        '',
        '### Notes',
        '',
        '```ts',
        'const x = 1;',
        '```',
      ].join('\n'),
    );
  });

  it('takes a sh, bash or shell block as the script', () => {
    for (const lang of ['sh', 'bash', 'shell', 'SH']) {
      const t = task(
        ['## T001: Generate', `\`\`\`${lang}`, 'npm run gen', '\techo "tab kept"', '```'],
        'T001',
      );
      expect(t.script).toBe('npm run gen\n\techo "tab kept"');
      expect(t.instructions).toBe('Generate');
    }
  });

  it('keeps prose beside a script and joins several scripts', () => {
    const t = task(
      ['## T001: Format', 'Run the formatter.', '```sh', 'a', '```', '~~~bash', 'b', '~~~'],
      'T001',
    );
    expect(t).toMatchObject({ instructions: 'Run the formatter.', script: 'a\nb' });
  });

  it('ends a section at the next heading of the same or a higher level', () => {
    const { taskFile } = parse([
      '## T001: a',
      'one',
      '### Details',
      'two',
      '## Appendix',
      'not a task',
      '- [ ] Checklist after the section',
    ]);
    expect(taskFile.tasks.map((t) => [t.id, t.instructions])).toEqual([
      ['T001', 'one\n### Details\ntwo'],
      ['step-1', 'Checklist after the section'],
    ]);
  });

  it('starts a new task at a deeper task heading', () => {
    const { taskFile } = parse(['## T001: a', 'one', '### T002: b', 'two']);
    expect(taskFile.tasks.map((t) => [t.id, t.instructions])).toEqual([
      ['T001', 'one'],
      ['T002', 'two'],
    ]);
  });

  it('treats a checklist inside a section as part of its instructions', () => {
    const { taskFile } = parse(['## T001: a', '- [ ] first', '- [x] second']);
    expect(taskFile.tasks).toHaveLength(1);
    expect(taskFile.tasks[0]?.instructions).toBe('- [ ] first\n- [x] second');
  });

  it('ignores commented-out text and tasks', () => {
    const { taskFile } = parse(['## T001: a', 'kept', '<!-- hidden', '## T002: b', '-->', 'also kept']);
    expect(taskFile.tasks.map((t) => [t.id, t.instructions])).toEqual([['T001', 'kept\nalso kept']]);
  });

  it('does not read headings inside code blocks', () => {
    const { taskFile } = parse(['## T001: a', '```md', '## T002: not a task', '```']);
    expect(taskFile.tasks.map((t) => t.id)).toEqual(['T001']);
  });

  it('reports no problems for a realistic file', () => {
    expect(
      problems([
        '# Tasks',
        '',
        'Some intro that is not a task.',
        '',
        '## T001: Create the user model',
        'Priority: P1',
        'Files: create src/models/user.ts',
        'Create the model.',
        '',
        '## T002: Add routes',
        'Depends: T001',
        'Files:',
        '- create src/routes/user.ts',
        '- modify src/app.ts',
        'Add the routes.',
        '',
        '## T003: Regenerate the client',
        'Depends: T002',
        '```sh',
        'npm run codegen',
        '```',
      ]),
    ).toEqual([]);
  });
});
