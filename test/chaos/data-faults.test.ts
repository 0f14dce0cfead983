/**
 * Damaged state on disk — a torn or corrupt journal, corrupt message files, a
 * worktree or branch deleted by hand mid-run, a journal write failing as on a
 * full disk: weft says what is wrong and where, and the run can be finished
 * wherever the data allows, with nothing lost.
 */
import { describe, expect, it } from 'vitest';
import { DATA_FAULTS, formatDataFault, runDataFault } from './harness/data-faults.js';

describe('damaged session data', () => {
  it.each(Object.keys(DATA_FAULTS))(
    '%s: a clear message, resumable where the data allows, nothing lost',
    async (name) => {
      const r = await runDataFault(name);
      expect(r.clear, formatDataFault(r)).toBe(true);
      expect(r.recovered, formatDataFault(r)).toBe(true);
      expect(r.damageCount, formatDataFault(r)).toBe(0);
    },
    90_000,
  );
});
