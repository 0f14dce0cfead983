import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/util/duration.js';

describe('parseDuration', () => {
  it('reads the units people write', () => {
    expect(parseDuration('1500ms')).toBe(1500);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('45')).toBe(45_000);
  });
  it('refuses what it cannot read', () => {
    expect(parseDuration('')).toBeUndefined();
    expect(parseDuration('ten minutes')).toBeUndefined();
    expect(parseDuration('10x')).toBeUndefined();
    expect(parseDuration('10m junk')).toBeUndefined();
  });
  it('formats short and long durations', () => {
    expect(formatDuration(250)).toBe('250ms');
    expect(formatDuration(4200)).toBe('4.2s');
    expect(formatDuration(125_000)).toBe('2m05s');
  });
});
