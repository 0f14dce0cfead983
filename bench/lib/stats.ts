/** Small statistics for benchmark output. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function range(values: readonly number[], digits = 0): string {
  return `[${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}]`;
}
