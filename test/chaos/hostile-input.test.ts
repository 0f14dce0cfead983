/**
 * Hostile branch names, task ids, file paths, prompts and flag values through
 * `weft plan`, `weft run` and `weft spawn`: no command runs that the user did
 * not ask for, nothing is written outside the repository and `.trees/`, and
 * every refusal is a message, never a crash. (bench/chaos.ts runs the whole
 * corpus in every context; this is a subset.)
 */
import { describe, expect, it } from 'vitest';
import { branchNameProblem } from '../../src/git/branch-name.js';
import { runHostileCorpus } from './harness/hostile.js';

describe('hostile input', () => {
  it('shell metacharacters, option-like, `..`, absolute, unicode and very long values in every context', async () => {
    const r = await runHostileCorpus({ values: [0, 2, 5, 10, 12, 14, 18, 25] });
    expect(r.commandsRun).toEqual([]);
    expect(r.writtenOutside).toEqual([]);
    expect(r.crashes).toEqual([]);
    expect(r.refused).toBeGreaterThan(0);
    expect(r.accepted).toBeGreaterThan(0);
  }, 180_000);

  it('a branch name with a component too long for a file name is refused before anything is made', () => {
    expect(branchNameProblem('x'.repeat(300))).toMatch(/longer than 255 bytes/);
    expect(branchNameProblem(`feature/${'é'.repeat(128)}`)).toMatch(/longer than 255 bytes/);
    expect(branchNameProblem(`feature/${'x'.repeat(255)}`)).toBeUndefined();
  });
});
