/** Checks shared by the spawn tests (library and CLI). */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { TestRepo } from './repo.js';

/** Nothing left of a refused spawn: no worktree, no branch, no registry entry. */
export function expectNothingCreated(r: TestRepo): void {
  expect(r.branches()).toEqual(['main']);
  expect(r.git('worktree', 'list').split('\n')).toHaveLength(1);
  expect(existsSync(join(r.dir, '.trees'))).toBe(false);
  const dir = join(r.dir, '.weft', 'workers');
  expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
}
