import { describe, expect, it } from 'vitest';
import { buildTaskPrompt } from '../../../src/run/prompt.js';
import type { Task } from '../../../src/tasks/types.js';

const task: Task = {
  id: 'T2',
  title: 'Greet with formatted names',
  priority: 'P1',
  dependsOn: [{ id: 'T1', position: { line: 1, column: 1 } }],
  files: [
    { path: 'src/greet.js', op: 'modify', position: { line: 1, column: 1 } },
    { path: 'src/format.js', op: 'read', position: { line: 1, column: 1 } },
  ],
  instructions: 'Use formatName in greet.',
  estimate: 1,
  verify: 'npm test',
  done: false,
  position: { line: 1, column: 1 },
};

describe('buildTaskPrompt', () => {
  it('gives the task, its files, what is merged, and how it is checked', () => {
    const p = buildTaskPrompt({
      task,
      workerId: 'worker-2',
      branch: 'weft/tasks/r/T2',
      integrationBranch: 'weft/r',
      mergedDependencies: [{ id: 'T1', title: 'Add a name formatter' }],
      context: '## Repository context\n- Test command: `npm test`',
    });
    expect(p).toContain('Your task is T2 (P1): Greet with formatted names');
    expect(p).toContain('- T1: Add a name formatter');
    expect(p).toContain('Use formatName in greet.');
    expect(p).toContain('- modify `src/greet.js`');
    expect(p).toContain('- read `src/format.js` (do not change it)');
    expect(p).toContain('`npm test` passes');
    expect(p).toContain('Test command');
    expect(p).not.toContain('previous attempt');
  });

  it('carries the previous attempt’s error or conflict (retry with refinement)', () => {
    const retry = buildTaskPrompt({
      task,
      workerId: 'worker-1',
      branch: 'b',
      integrationBranch: 'weft/r',
      mergedDependencies: [],
      previousFailure: { reason: 'Verify `npm test` failed: exit 1: 1 failing' },
    });
    expect(retry).toContain('Reason: Verify `npm test` failed: exit 1: 1 failing');
    const conflict = buildTaskPrompt({
      task,
      workerId: 'worker-1',
      branch: 'b',
      integrationBranch: 'weft/r',
      mergedDependencies: [],
      previousFailure: { reason: 'conflict', conflictFiles: ['src/greet.js'] },
    });
    expect(conflict).toContain('conflicted with work merged since it started, in: src/greet.js');
  });
});
