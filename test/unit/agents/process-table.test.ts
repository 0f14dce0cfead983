import { describe, expect, it } from 'vitest';
import { descendantsOf, type ProcessEntry, readProcessTable } from '../../../src/agents/process-table.js';

const entry = (pid: number, ppid: number, pgrp = ppid): ProcessEntry => ({
  pid,
  ppid,
  pgrp,
  state: 'S',
  startTime: '1',
});

describe('process table', () => {
  it('finds descendants across process groups by parent links', () => {
    const table = [
      entry(10, 1, 10),
      entry(11, 10, 10),
      entry(12, 11, 12),
      entry(13, 12, 12),
      entry(20, 1, 20),
    ];
    expect(descendantsOf(10, table).map((e) => e.pid)).toEqual([11, 12, 13]);
    expect(descendantsOf(20, table)).toEqual([]);
  });

  it('reads this process with its parent and group', () => {
    const table = readProcessTable();
    if (table === undefined) return; // no /proc on this platform
    const self = table.find((e) => e.pid === process.pid);
    expect(self).toMatchObject({ ppid: process.ppid, state: expect.stringMatching(/[RS]/) });
    expect(self?.startTime).toMatch(/^\d+$/);
  });
});
