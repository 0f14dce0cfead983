/**
 * Fuzzing the task-file parser, validator and graph with hostile input: no
 * exception escapes, every rejection names file:line:column inside the file,
 * and no accepted file declares a path outside the repository. (bench/chaos.ts
 * runs 10,000 inputs; this is a fast subset.)
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { TaskFileError } from '../../../src/errors.js';
import { loadPlan } from '../../../src/graph/load.js';
import { makeTempDir } from '../../support/repo.js';
import { checkPipeline, HOSTILE_VALUES, mutatedValid, rawText, taskFileDoc } from './task-file-inputs.js';

const dir = makeTempDir('weft-fuzz-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function assertSound(text: string): void {
  const verdict = checkPipeline(text);
  expect(verdict.faults).toEqual([]);
}

describe('task-file fuzzing', () => {
  it('structure-aware hostile documents', () => {
    fc.assert(fc.property(taskFileDoc, assertSound), { numRuns: 600 });
  });

  it('mutations of a valid file', () => {
    fc.assert(fc.property(mutatedValid, assertSound), { numRuns: 400 });
  });

  it('raw unicode text', () => {
    fc.assert(fc.property(rawText, assertSound), { numRuns: 300 });
  });

  it('through the file system, as weft plan reads it: a TaskFileError whose every line is file:line:column', async () => {
    const samples = fc.sample(taskFileDoc, { numRuns: 40, seed: 42 });
    const path = join(dir, 'tasks.md');
    let rejected = 0;
    for (const text of samples) {
      writeFileSync(path, text);
      try {
        await loadPlan(path, { workers: 3 });
      } catch (err) {
        expect(err).toBeInstanceOf(TaskFileError);
        rejected++;
        for (const line of (err as TaskFileError).details)
          expect(line).toMatch(/^\/.+\/tasks\.md:\d+:\d+: \S/);
      }
    }
    expect(rejected).toBeGreaterThan(0);
  });

  it('every hostile value as a file path is refused with its location', () => {
    for (const value of HOSTILE_VALUES) {
      const v = checkPipeline(`# T\n\n## T1: x\nFiles: create ${value}\n`);
      expect(v.faults, JSON.stringify(value)).toEqual([]);
    }
  });
});
