/**
 * Follow a folder that may not exist yet: watch it when it is there, else
 * watch the nearest existing parent (up to `stopAt`) until it appears.
 * `onEvent` is called for every change inside the folder once it exists,
 * and once when it appears.
 */
import { existsSync, type FSWatcher, watch } from 'node:fs';
import { dirname } from 'node:path';

export class DirectoryWatch {
  private watcher: FSWatcher | undefined;
  private closed = false;

  constructor(
    private readonly dir: string,
    private readonly stopAt: string,
    private readonly onEvent: (filename: string | undefined) => void,
  ) {}

  start(): void {
    if (this.closed) return;
    this.watcher?.close();
    this.watcher = undefined;
    if (existsSync(this.dir)) {
      this.watcher = this.tryWatch(this.dir, (name) => this.onEvent(name));
      return;
    }
    let parent = dirname(this.dir);
    while (!existsSync(parent) && parent !== this.stopAt && parent !== dirname(parent))
      parent = dirname(parent);
    const check = (): void => {
      if (this.closed) return;
      if (!existsSync(this.dir) && existsSync(dirname(this.dir))) {
        if (dirname(this.dir) !== parent) this.start();
        return;
      }
      if (existsSync(this.dir)) {
        this.start();
        this.onEvent(undefined);
      }
    };
    this.watcher = this.tryWatch(parent, check);
    // What appeared between the look above and the watch would send no event: look again.
    check();
  }

  close(): void {
    this.closed = true;
    this.watcher?.close();
  }

  private tryWatch(path: string, listener: (filename: string | undefined) => void): FSWatcher | undefined {
    try {
      const w = watch(path, { persistent: false }, (_type, name) => listener(name ?? undefined));
      w.on('error', () => {
        w.close();
        if (!this.closed) this.start();
      });
      return w;
    } catch {
      return undefined;
    }
  }
}
