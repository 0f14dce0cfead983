/**
 * Misbehaving agents in a whole run: crash, hang, no work, garbage, megabytes
 * of output, a child ignoring SIGTERM, deleting files outside the task,
 * checking out another branch (a new one, a detached HEAD, the integration
 * branch). Every task ends as the policy says, weft never hangs, the summary
 * accounts for every task, and nothing is lost or left behind. The 100-fault
 * campaign is bench/chaos.ts.
 */
import { describe, expect, it } from 'vitest';
import { describeDamage } from './harness/inspect.js';
import { type FaultTask, runFaultBatch } from './harness/worker-faults.js';

describe('worker faults', () => {
  it('every kind of fault: retried, replaced or skipped as the policy says; nothing lost or left running', async () => {
    const tasks: FaultTask[] = [
      { id: 'F01', faults: ['crash', 'hang'] },
      { id: 'F02', faults: ['no-work', 'garbage'] },
      { id: 'F03', faults: ['huge'] },
      { id: 'F04', faults: ['ignore-sigterm', 'delete-outside'] },
      { id: 'F05', faults: ['checkout-branch', 'checkout-detach', 'checkout-integration'] },
      { id: 'F06', faults: ['checkout-integration'] },
      { id: 'F07', faults: ['delete-outside', 'crash', 'no-work'] },
    ];
    const r = await runFaultBatch(tasks, { timeoutMs: 150_000 });
    expect(r.hung).toBe(false);
    expect(r.faults).toBe(14);
    expect(r.wrongOutcome, r.story).toEqual([]);
    expect(r.unclearReasons).toEqual([]);
    expect(r.damageCount, describeDamage(r.damage)).toBe(0);
    expect(r.exitCode).toBe(1); // F05 and F07 used every attempt: skipped
  }, 180_000);
});
