/** PATH lookup without spawning a shell (`which` is not portable and costs a process). */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Full path of `binary` as the OS would find it on `env.PATH`, or undefined.
 * A name containing a path separator is checked as given (relative to `cwd`).
 */
export function findOnPath(
  binary: string,
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): string | undefined {
  if (binary.includes('/') || binary.includes('\\')) {
    const full = isAbsolute(binary) ? binary : resolve(cwd, binary);
    return isExecutableFile(full) ? full : undefined;
  }
  const extensions =
    process.platform === 'win32' ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';')] : [''];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    for (const ext of extensions) {
      const full = join(dir, binary + ext);
      if (isExecutableFile(full)) return full;
    }
  }
  return undefined;
}
