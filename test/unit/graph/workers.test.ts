import { describe, expect, it } from 'vitest';
import { assertNotNested, maxWorkersFromEnv, workerDepth } from '../../../src/cli/nesting.js';
import { RefusedError, UsageError } from '../../../src/errors.js';
import { resolveWorkerCount } from '../../../src/graph/workers.js';

describe('resolveWorkerCount', () => {
  it('takes the option, else the front matter, else 5', () => {
    expect(resolveWorkerCount({ requested: 2, settings: { workers: 4 } })).toEqual({
      workers: 2,
      source: 'option',
    });
    expect(resolveWorkerCount({ settings: { workers: 4 } })).toEqual({ workers: 4, source: 'front matter' });
    expect(resolveWorkerCount({})).toEqual({ workers: 5, source: 'default' });
  });

  it('caps by the maximum and remembers what was asked', () => {
    expect(resolveWorkerCount({ requested: 8, max: 3 })).toEqual({
      workers: 3,
      source: 'option',
      requested: 8,
    });
    expect(resolveWorkerCount({ requested: 2, max: 3 })).toEqual({ workers: 2, source: 'option' });
  });
});

describe('the PARALLEL_* environment', () => {
  it('refuses inside a worker with E_NESTED, naming the command', () => {
    expect(() => assertNotNested('plan', { PARALLEL_WORKER_DEPTH: '1' })).toThrow(RefusedError);
    try {
      assertNotNested('plan', { PARALLEL_WORKER_DEPTH: '2' });
    } catch (e) {
      expect((e as RefusedError).code).toBe('E_NESTED');
      expect((e as RefusedError).message).toContain('weft plan is disabled inside a worker');
    }
    expect(() => assertNotNested('plan', {})).not.toThrow();
    expect(() => assertNotNested('plan', { PARALLEL_WORKER_DEPTH: '0' })).not.toThrow();
    expect(() => assertNotNested('plan', { PARALLEL_WORKER_DEPTH: ' ' })).not.toThrow();
  });

  it('treats a garbled depth as nested rather than letting nesting through', () => {
    expect(workerDepth({ PARALLEL_WORKER_DEPTH: 'yes' })).toBe(1);
  });

  it('reads PARALLEL_MAX_WORKERS as a positive integer', () => {
    expect(maxWorkersFromEnv({})).toBeUndefined();
    expect(maxWorkersFromEnv({ PARALLEL_MAX_WORKERS: '4' })).toBe(4);
    expect(() => maxWorkersFromEnv({ PARALLEL_MAX_WORKERS: '0' })).toThrow(UsageError);
    expect(() => maxWorkersFromEnv({ PARALLEL_MAX_WORKERS: 'many' })).toThrow(/not "many"/);
  });
});
