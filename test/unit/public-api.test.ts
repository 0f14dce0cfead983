import { describe, expect, it } from 'vitest';
import * as weft from '../../src/index.js';

describe('the public library API', () => {
  it('exports the documented entry points', () => {
    for (const name of [
      'parseTaskFile',
      'buildTaskGraph',
      'planExecution',
      'loadPlan',
      'run',
      'resume',
      'spawnWorker',
      'runAgent',
      'Scheduler',
      'integrateBranch',
      'TaskFileError',
      'UsageError',
    ]) {
      expect(typeof (weft as Record<string, unknown>)[name], name).toBe('function');
    }
  });

  it('gives every error class a stable code and an exit code', () => {
    const e = new weft.UsageError('bad flag');
    expect(e.code).toBe('E_USAGE');
    expect(e.exitCode).toBe(2);
    expect(weft.isWeftError(e)).toBe(true);
  });
});
