/**
 * Free workers kept back for a merge in progress (docs/run.md, Scheduling): a
 * finished task frees its dependents only once merged, tens of milliseconds
 * after its worker is free. When that merge is about to make ready tasks that
 * outrank everything startable now, that many free workers wait for it rather
 * than take lesser work — for at most `limitMs`, then they take what there is.
 */

/**
 * The longest a free worker waits. A plain merge takes tens of milliseconds; a
 * test gate may take minutes, and then the worker takes other work after this.
 */
export const HOLD_FOR_MERGE_MS = 500;

export class MergeHold {
  private since: number | undefined;
  private timer: NodeJS.Timeout | undefined;

  /** `wake` is called when a hold runs out, to look for work again. */
  constructor(
    private readonly wake: () => void,
    private readonly limitMs = HOLD_FOR_MERGE_MS,
  ) {}

  /** How many of `free` workers to keep back, given `wanted` (the tasks the awaited merges would make ready). */
  held(free: number, wanted: number): number {
    if (free === 0 || wanted === 0) {
      this.since = undefined;
      return 0;
    }
    const now = Date.now();
    this.since ??= now;
    if (now - this.since >= this.limitMs) return 0;
    this.timer ??= setTimeout(
      () => {
        this.timer = undefined;
        this.wake();
      },
      this.limitMs - (now - this.since),
    );
    return Math.min(free, wanted);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
