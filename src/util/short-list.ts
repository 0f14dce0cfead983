/** `a, b, c and 9,997 more`: a list a person can read, however long the real one is. */
export function shortList(items: readonly string[], max = 10, separator = ', '): string {
  if (items.length <= max) return items.join(separator);
  return `${items.slice(0, max).join(separator)} and ${(items.length - max).toLocaleString('en-US')} more`;
}
