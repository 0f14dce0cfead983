/**
 * Two `weft run` (or a `weft resume`) in one repository at once: the second
 * refuses with exit 6 naming the running session and its pid; the first run
 * finishes with nothing lost; the repository stays whole.
 */
import { describe, expect, it } from 'vitest';
import { secondRunWhileBusy, twoRunsAtOnce } from './harness/concurrent-runs.js';
import { describeDamage } from './harness/inspect.js';

describe('two runs in one repository', () => {
  it('a run or resume started while a run is busy refuses, naming it, at every moment tried', async () => {
    const r = await secondRunWhileBusy(5);
    expect(r.wrong).toEqual([]);
    expect(r.refusedClearly).toBeGreaterThanOrEqual(3);
    expect(r.damageCount, describeDamage(r.damage)).toBe(0);
  }, 120_000);

  it('two runs started at the same instant: one runs, the other refuses naming it', async () => {
    const r = await twoRunsAtOnce();
    expect(r.wrong).toEqual([]);
    expect(r.damageCount, describeDamage(r.damage)).toBe(0);
  }, 120_000);
});
