/** How a role's window runs weft itself: the built CLI, or the TypeScript source under tsx (tests). */
import { fileURLToPath } from 'node:url';
import { findOnPath } from '../agents/find-binary.js';
import { builtCli } from '../util/built-cli.js';

export function weftArgv(): string[] {
  const built = builtCli();
  if (built !== undefined) return [process.execPath, built];
  return [process.execPath, '--import', 'tsx', fileURLToPath(new URL('../cli/main.ts', import.meta.url))];
}

/** How the instructions name weft: `weft` when that is on PATH, else the full command. */
export function weftShownAs(env: NodeJS.ProcessEnv): string {
  if (findOnPath('weft', env) !== undefined) return 'weft';
  return weftArgv()
    .map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`))
    .join(' ');
}
