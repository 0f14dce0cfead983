/**
 * A binary min-heap keyed by string id, with O(log n) removal of any entry.
 * The scheduler needs removal because `start(id)` may take a task that is not
 * at the top (a worker skips tasks it already failed, or whose files are locked).
 */
export class IndexedHeap<T> {
  private readonly items: { key: string; value: T }[] = [];
  private readonly position = new Map<string, number>();

  /** `before(a, b)` is true when `a` must come out first. */
  constructor(private readonly before: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  has(key: string): boolean {
    return this.position.has(key);
  }

  push(key: string, value: T): void {
    if (this.position.has(key)) throw new Error(`heap already holds ${key}`);
    this.items.push({ key, value });
    this.position.set(key, this.items.length - 1);
    this.up(this.items.length - 1);
  }

  peek(): T | undefined {
    return this.items[0]?.value;
  }

  pop(): T | undefined {
    const top = this.items[0];
    if (top === undefined) return undefined;
    this.removeAt(0);
    return top.value;
  }

  remove(key: string): boolean {
    const i = this.position.get(key);
    if (i === undefined) return false;
    this.removeAt(i);
    return true;
  }

  values(): T[] {
    return this.items.map((e) => e.value);
  }

  private removeAt(i: number): void {
    this.position.delete(this.items[i]!.key);
    const last = this.items.pop()!;
    if (i === this.items.length) return; // the removed entry was the last one
    this.items[i] = last;
    this.position.set(last.key, i);
    this.down(i);
    this.up(i);
  }

  private up(i: number): void {
    const items = this.items;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(items[i]!.value, items[parent]!.value)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const items = this.items;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < items.length && this.before(items[l]!.value, items[best]!.value)) best = l;
      if (r < items.length && this.before(items[r]!.value, items[best]!.value)) best = r;
      if (best === i) return;
      this.swap(i, best);
      i = best;
    }
  }

  private swap(a: number, b: number): void {
    const items = this.items;
    const ea = items[a]!;
    const eb = items[b]!;
    items[a] = eb;
    items[b] = ea;
    this.position.set(eb.key, a);
    this.position.set(ea.key, b);
  }
}
