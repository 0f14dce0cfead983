import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { branchNameProblem } from '../../../src/git/branch-name.js';
import { makeRepo } from '../../support/repo.js';

const repo = makeRepo();
afterAll(() => repo.cleanup());

function gitAccepts(name: string): boolean {
  try {
    execFileSync('git', ['check-ref-format', '--branch', name], { cwd: repo.dir, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const SHORTHAND = (name: string): boolean => name === '@' || name.includes('@{');

describe('branchNameProblem agrees with git check-ref-format --branch', () => {
  const examples = [
    ['worker/demo', true],
    ['feature/x-1_2', true],
    ['é/ü', true],
    ['a@b', true],
    ['@/a', true],
    ['a{b}', true],
    ['a..b', false],
    ['--upload-pack=x', false],
    ['a b', false],
    ['a.lock', false],
    ['a/.b', false],
    ['a/', false],
    ['a//b', false],
    ['a.', false],
    ['HEAD', false],
    ['@', false],
    ['@{-1}', false],
    ['a\\b', false],
    ['a\x7f', false],
  ] as const;
  for (const [name, valid] of examples) {
    it(`${JSON.stringify(name)} is ${valid ? 'valid' : 'refused'}`, () => {
      expect(branchNameProblem(name) === undefined).toBe(valid);
    });
  }

  it('matches git on generated names (git may only accept more: the shorthands weft refuses)', () => {
    const chars = [...'ab./@{}-~^:?*[\\ lockHEAD', '\x01', '\x7f', 'é'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars), { maxLength: 8 }), (parts) => {
        const name = parts.join('');
        const ours = branchNameProblem(name) === undefined;
        const git = gitAccepts(name);
        if (ours) expect(git).toBe(true);
        else if (git) expect(SHORTHAND(name)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
