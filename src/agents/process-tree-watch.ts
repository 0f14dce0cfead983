/**
 * Remembers the agent's descendants while it runs, once a second, so that
 * children living in process groups of their own can still be found and
 * stopped after the agent itself has exited (they lose their parent link then).
 */
import { descendantsOf, type ProcessEntry, readProcessTable } from './process-table.js';

const SAMPLE_MS = 1000;

export class ProcessTreeWatch {
  private readonly seen = new Map<number, ProcessEntry>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly leader: number) {
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
    this.timer.unref();
  }

  sample(): void {
    const table = readProcessTable();
    if (table === undefined) return;
    for (const entry of descendantsOf(this.leader, table)) {
      // Only those outside the leader's group need remembering: kill(-leader) reaches the rest.
      if (entry.pgrp !== this.leader) this.seen.set(entry.pid, entry);
    }
  }

  known(): ProcessEntry[] {
    return [...this.seen.values()];
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
