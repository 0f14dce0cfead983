import { describe, expect, it } from 'vitest';
import { MergeHold } from '../../../src/run/merge-hold.js';

describe('MergeHold', () => {
  it('keeps back as many free workers as tasks the merge will make ready, then lets them go and wakes the loop', async () => {
    let woken = 0;
    const hold = new MergeHold(() => woken++, 40);
    expect(hold.held(3, 0)).toBe(0);
    expect(hold.held(3, 1)).toBe(1);
    expect(hold.held(1, 5)).toBe(1);
    await new Promise((r) => setTimeout(r, 60));
    expect(woken).toBe(1);
    expect(hold.held(3, 1)).toBe(0); // the hold ran out
    expect(hold.held(3, 0)).toBe(0); // nothing awaited: a later hold starts afresh
    expect(hold.held(2, 2)).toBe(2);
    hold.dispose();
    await new Promise((r) => setTimeout(r, 60));
    expect(woken).toBe(1);
  });
});
