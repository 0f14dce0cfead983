/**
 * TEST-ONLY fault injection. `WEFT_CHAOS_KILL_AT=<point>[@n]` makes weft kill
 * itself with SIGKILL the n-th time (default: the first) it reaches the named
 * point, so test/chaos and bench/chaos.ts can crash a run at an exact moment
 * (while writing the journal, between a merge and its journal event, …) and
 * check that `weft resume` loses nothing. Unset — always, outside those
 * tests — a point costs one environment lookup. The points are listed in
 * docs/reliability.md.
 */

const reached = new Map<string, number>();

/** Whether the next `chaosPoint(name)` call would kill weft (for points that first tear a write). */
export function chaosWillKill(name: string): boolean {
  const spec = process.env.WEFT_CHAOS_KILL_AT;
  if (spec === undefined || spec === '') return false;
  const at = spec.lastIndexOf('@');
  const point = at === -1 ? spec : spec.slice(0, at);
  if (point !== name) return false;
  const nth = at === -1 ? 1 : Number(spec.slice(at + 1));
  return (reached.get(name) ?? 0) + 1 === nth;
}

/** Count a pass through `name`; SIGKILL this process when WEFT_CHAOS_KILL_AT names this pass. */
export function chaosPoint(name: string): void {
  if (process.env.WEFT_CHAOS_KILL_AT === undefined) return;
  const kill = chaosWillKill(name);
  reached.set(name, (reached.get(name) ?? 0) + 1);
  if (kill) process.kill(process.pid, 'SIGKILL');
}
