import { describe, expect, it } from 'vitest';
import { shortList } from '../../../src/util/short-list.js';

describe('shortList', () => {
  it('lists a short list whole and says how many more a long one has', () => {
    expect(shortList(['a', 'b'])).toBe('a, b');
    const ids = Array.from({ length: 10_002 }, (_, i) => `T${i}`);
    expect(shortList(ids, 3)).toBe('T0, T1, T2 and 9,999 more');
    expect(shortList(['x (1)', 'y (2)', 'z'], 2, '; ')).toBe('x (1); y (2) and 1 more');
  });
});
