/**
 * The testing role starts when the roles it depends on report done: it
 * watches `.weft/team/done/` (inotify via fs.watch — no polling) and checks
 * again on every change. The user can also start it at once.
 */
import { watch } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { readDone, type TeamPaths } from './store.js';

export async function pendingRoles(paths: TeamPaths, roles: readonly string[]): Promise<string[]> {
  const done = await Promise.all(roles.map((r) => readDone(paths, r)));
  return roles.filter((_, i) => done[i] === undefined);
}

export type WaitResult = 'done' | 'started-early' | 'aborted';

export async function waitForRoles(
  paths: TeamPaths,
  roles: readonly string[],
  options: { startNow?: Promise<void>; signal?: AbortSignal; onPending?: (pending: string[]) => void },
): Promise<WaitResult> {
  await mkdir(paths.doneDir, { recursive: true });
  return new Promise<WaitResult>((resolve) => {
    let settled = false;
    let last = '';
    const finish = (r: WaitResult): void => {
      if (settled) return;
      settled = true;
      watcher.close();
      options.signal?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const check = (): void => {
      void pendingRoles(paths, roles).then((pending) => {
        if (pending.length === 0) finish('done');
        else if (pending.join(',') !== last) {
          last = pending.join(',');
          options.onPending?.(pending);
        }
      });
    };
    const onAbort = (): void => finish('aborted');
    // Watch first, then check: a marker written in between is still seen.
    const watcher = watch(paths.doneDir, () => check());
    watcher.on('error', () => undefined);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) finish('aborted');
    void options.startNow?.then(() => finish('started-early'));
    check();
  });
}
