/**
 * Per-instance state dirs for agent CLIs: concurrent instances sharing one
 * home (a SQLite db, a rewritten JSON config) lock or corrupt it. Login and
 * settings files are copied in once, so the instance still authenticates.
 */
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** `$HOME` as the agent will see it. */
export function homeOf(env: NodeJS.ProcessEnv): string {
  return env.HOME !== undefined && env.HOME !== '' ? env.HOME : homedir();
}

/** Create `toDir` and copy those of `names` that exist in `fromDir` and not yet in `toDir` (0600). */
export async function seedStateDir(
  toDir: string,
  fromDir: string | undefined,
  names: string[],
): Promise<void> {
  await mkdir(toDir, { recursive: true, mode: 0o700 });
  if (fromDir === undefined) return;
  for (const name of names) {
    const source = join(fromDir, name);
    const target = join(toDir, name);
    if (!existsSync(source) || existsSync(target)) continue;
    await copyFile(source, target);
    await chmod(target, 0o600);
  }
}
