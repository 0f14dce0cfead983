import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../src/errors.js';
import { deps, parse, problems } from './support/parse.js';

describe('task-file problems, each located', () => {
  it('duplicate id: points at the second, names the first line', () => {
    const { taskFile, diagnostics } = parse(['## T001: a', 'x', '', '## T001: b', 'y']);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      'tasks.md:4:4: task id T001 is already used on line 1',
    ]);
    expect(taskFile.tasks.map((t) => t.title)).toEqual(['a']);
  });

  it('unknown and self dependencies: at the id in the Depends: line, and dropped', () => {
    const { taskFile, diagnostics } = parse(['## T001: a', 'Depends: T001, T404', 'x']);
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.kind} ${d.message}`)).toEqual([
      '2:10 self-dependency task T001 depends on itself',
      '2:16 unknown-dependency task T001 depends on T404, which is not defined',
    ]);
    expect(deps(taskFile.tasks[0]!)).toEqual([]);
  });

  it('unknown dependency in an inline note', () => {
    expect(problems(['- [ ] Write (depends: T9)'])).toEqual(['1:23 unknown-dependency']);
  });

  it('bad priority, in a field and in a tag', () => {
    expect(problems(['## T001: a', 'Priority: P7', 'x'])).toEqual(['2:11 bad-priority']);
    expect(problems(['## T001: a [P9]', 'x'])).toEqual(['1:13 bad-priority']);
    expect(problems(['## T001: a', 'Priority: urgent', 'x'])).toEqual(['2:11 bad-priority']);
  });

  it('bad estimate, timeout, agent and verify', () => {
    expect(
      problems(['## T001: a', 'Estimate: 0', 'Timeout: soon', 'Agent: two words', 'Verify:', 'Do it.']),
    ).toEqual(['2:11 bad-estimate', '3:10 bad-timeout', '4:8 bad-agent', '5:8 bad-verify']);
    expect(problems(['## T001: a', 'Estimate: -2', 'Timeout: 0s', 'x'])).toEqual([
      '2:11 bad-estimate',
      '3:10 bad-timeout',
    ]);
  });

  it('a field given twice', () => {
    expect(problems(['## T001: a', 'Agent: claude', 'Agent: codex', 'x'])).toEqual(['3:1 duplicate-field']);
    expect(problems(['## T001: a [P1]', 'Priority: P2', 'x'])).toEqual(['2:11 duplicate-field']);
    // Repeating the same priority is harmless; Depends: and Files: lines add up.
    expect(problems(['## T001: a [P1]', 'Priority: P1', 'Depends: none', 'Depends: none', 'x'])).toEqual([]);
  });

  it('a field outside any task', () => {
    expect(problems(['# Setup database', '', 'Depends: T001'])).toEqual(['1:1 no-tasks', '3:1 orphan-field']);
    expect(problems(['## T001: a', 'x', '# Notes', '**Files:** create db.sql'])).toEqual([
      '4:3 orphan-field',
    ]);
    expect(problems(['## T001: a', 'x', '# Notes', '- Depends: T001'])).toEqual(['4:3 orphan-field']);
  });

  it('no instructions: a section task needs prose or a script', () => {
    expect(problems(['## T001: Only a title', '', 'Priority: P1', '', '## T002: b', 'x'])).toEqual([
      '1:1 no-instructions',
    ]);
    expect(problems(['## T001: Title', '```sh', 'make', '```'])).toEqual([]);
  });

  it('no instructions: a checklist item with only tags', () => {
    expect(problems(['- [ ] [P] (depends: none)'])).toEqual(['1:1 no-instructions']);
  });

  it('bad task ids', () => {
    expect(problems(['## T#1: a', 'x'])).toEqual(['1:4 bad-id']);
    const long = `T${'1'.repeat(64)}`;
    expect(problems([`## ${long}: a`, 'x'])).toEqual(['1:4 bad-id']);
    expect(problems(['## T001: a', 'x', '## T002: b', 'Depends: T001, T/2', 'y'])).toEqual(['4:16 bad-id']);
  });

  it('file paths: absolute, escaping the repo, empty, NUL, inside .git', () => {
    expect(
      problems([
        '## T001: a',
        'Files: create /etc/passwd, modify ../outside.ts, read C:\\x.txt',
        'Files:',
        '- modify src/../../x.ts',
        '- create ``',
        '- read .git/config',
        '- create a\0b',
        '- modify .',
        'x',
      ]),
    ).toEqual([
      '2:15 absolute-path',
      '2:35 path-escapes-repo',
      '2:55 absolute-path',
      '4:10 path-escapes-repo',
      '5:11 bad-path',
      '6:8 bad-path',
      '7:10 bad-path',
      '8:10 bad-path',
    ]);
  });

  it('unknown file operation', () => {
    expect(problems(['## T001: a', 'Files: rename a.ts, b.ts (move)', 'x'])).toEqual([
      '2:8 bad-file-op',
      '2:25 bad-file-op',
    ]);
    // Names of the object prototype are not operations either.
    expect(problems(['## T001: a', 'Files: constructor a.ts, b.ts (toString)', 'x'])).toEqual([
      '2:8 bad-file-op',
      '2:30 bad-file-op',
    ]);
  });

  it('a file with no tasks', () => {
    expect(problems(['# Plan', '', '## Task: not an id', 'Do things.'])).toEqual(['1:1 no-tasks']);
    expect(problems(['---', 'workers: 2', '---', '# Nothing'])).toEqual(['4:1 no-tasks']);
    expect(problems('')).toEqual(['1:1 no-tasks']);
  });

  it('an unclosed code block', () => {
    expect(problems(['## T001: a', 'x', '  ```sh', 'make', '## T002: swallowed'])).toEqual([
      '3:3 unclosed-fence',
    ]);
  });

  it('reports every problem, in file order', () => {
    const { diagnostics } = parse([
      '---',
      'workers: 0',
      '---',
      '## T001: a',
      'Depends: T404',
      'Priority: P9',
      'x',
      '## T001: again',
      'Files: /abs',
      'y',
    ]);
    expect(diagnostics.map((d) => `${d.line} ${d.kind}`)).toEqual([
      '2 bad-setting',
      '5 unknown-dependency',
      '6 bad-priority',
      '8 duplicate-id',
      '9 absolute-path',
    ]);
    for (const d of diagnostics) expect(d.file).toBe('tasks.md');
  });

  it('problems at one place keep their order: the id, then dependencies, then instructions', () => {
    // The second item's generated id (step-2) repeats the first item's, which it follows.
    expect(problems(['- [ ] step-2 first', '- [ ] (branch: x)'])).toEqual([
      '2:1 duplicate-id',
      '2:1 self-dependency',
      '2:1 no-instructions',
    ]);
  });
});
