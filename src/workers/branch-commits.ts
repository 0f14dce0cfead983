/**
 * Noticing the agent's commits as they happen: git appends to the branch's
 * reflog on every commit, so a file watch on it is the event; a check on each
 * heartbeat covers systems where the watch is unavailable.
 */
import { type FSWatcher, watch } from 'node:fs';
import { join } from 'node:path';
import { git } from '../git/git.js';

export interface BranchCommit {
  commit: string;
  subject: string;
}

export class BranchCommits {
  private watcher: FSWatcher | undefined;
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly cwd: string,
    private readonly branch: string,
    private last: string,
    public onCommit: (c: BranchCommit) => void,
  ) {}

  start(commonDir: string): void {
    try {
      this.watcher = watch(join(commonDir, 'logs', 'refs', 'heads', ...this.branch.split('/')), () => {
        void this.check();
      });
      this.watcher.on('error', () => this.stop());
    } catch {
      this.watcher = undefined;
    }
  }

  /** The last commit seen on the branch. */
  get head(): string {
    return this.last;
  }

  /** Report commits made since the last check; overlapping calls collapse into one more run. */
  check(): Promise<void> {
    if (this.running !== undefined) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.scan().catch(() => undefined);
      } while (this.again);
      this.running = undefined;
    })();
    return this.running;
  }

  stop(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }

  private async scan(): Promise<void> {
    const r = await git(
      ['log', '--reverse', '--format=%H%x09%s', `${this.last}..refs/heads/${this.branch}`, '--'],
      {
        cwd: this.cwd,
      },
    );
    for (const line of r.stdout.split('\n')) {
      if (line === '') continue;
      const tab = line.indexOf('\t');
      const commit = line.slice(0, tab);
      this.last = commit;
      this.onCommit({ commit, subject: line.slice(tab + 1) });
    }
  }
}
