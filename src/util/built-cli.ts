/**
 * The built CLI, for weft to start itself (a `--no-wait` supervisor, a role's
 * window): the bundle `npm run build` writes to dist/bin (fast to start), else
 * tsc's dist/cli/main.js; undefined when running from the TypeScript source.
 * Both paths hold from dist/util and from the bundle's own chunks in dist/bin.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function builtCli(): string | undefined {
  for (const candidate of ['../bin/weft.js', '../cli/main.js']) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  return undefined;
}
