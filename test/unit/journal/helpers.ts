/** Events and temp dirs for the journal tests. */
import { rmSync } from 'node:fs';
import { EventStamper, type RunEvent, type RunEventInput } from '../../../src/run/events.js';
import { makeTempDir } from '../../support/repo.js';

export function tempDirs(): { make(): string; cleanup(): void } {
  const dirs: string[] = [];
  return {
    make: () => {
      const d = makeTempDir('weft-journal-');
      dirs.push(d);
      return d;
    },
    cleanup: () => {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}

export const PLAN_STARTED: RunEventInput = {
  type: 'run.started',
  runId: '20261121-193012-ab12',
  taskFile: 'tasks.md',
  base: 'main',
  baseCommit: 'b'.repeat(40),
  integrationBranch: 'weft/20261121-193012-ab12',
  workers: 3,
  plan: {
    tasks: [
      { id: 'T001', title: 'Add parser', priority: 'P0', dependsOn: [], files: ['src/parse.ts'] },
      { id: 'T002', title: 'Add lexer', priority: 'P1', dependsOn: [], files: ['src/lex.ts'] },
      { id: 'T003', title: 'Wire CLI', priority: 'P1', dependsOn: ['T001', 'T002'], files: ['src/cli.ts'] },
      { id: 'T004', title: 'Docs', priority: 'P2', dependsOn: ['T003'], files: ['README.md'] },
      { id: 'T005', title: 'Old task', priority: 'P3', dependsOn: [], files: [], done: true },
    ],
    groups: [
      { id: 'G1', taskIds: ['T001', 'T002', 'T005'] },
      { id: 'G2', taskIds: ['T003'] },
      { id: 'G3', taskIds: ['T004'] },
    ],
  },
};

/** The first attempts of T001 (holding its file's lock) and T002, on two workers. */
export const T001_STARTED: RunEventInput = {
  type: 'task.started',
  taskId: 'T001',
  workerId: 'worker-1',
  attempt: 1,
  branch: 'weft/r/T001-1',
  baseCommit: 'b',
  locks: ['src/parse.ts'],
};
export const T002_STARTED: RunEventInput = {
  type: 'task.started',
  taskId: 'T002',
  workerId: 'worker-2',
  attempt: 1,
  branch: 'weft/r/T002-1',
  baseCommit: 'b',
};

/** Stamp inputs with seq 1.. and times one second apart from a fixed start. */
export function stampAll(inputs: RunEventInput[], startSeq = 0): RunEvent[] {
  let t = Date.parse('2026-11-21T19:30:12Z') + startSeq * 1000;
  const stamper = new EventStamper(startSeq, () => {
    t += 1000;
    return new Date(t);
  });
  return inputs.map((i) => stamper.stamp(i));
}
