#!/usr/bin/env node
// Bundles the built CLI (dist/cli/main.js, from tsc) with its dependencies into
// dist/bin/: weft.js plus one chunk per lazily loaded command. `npm run build`
// runs it after tsc; package.json's `bin` points at dist/bin/weft.js.
//
// Why: node loads ES modules one file at a time. Unbundled, `weft run` loads
// ~250 modules (152 of weft's, 95 of zod's, 64 of them zod's locales) before it
// starts; bundled, a handful. bench/startup.ts measures both side by side.
// dist/bin sits at the same depth as dist/cli, so the relative URLs the code
// builds from import.meta.url (package.json, the CLI itself) hold in both.
import { chmodSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/bin`;

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { weft: `${root}dist/cli/main.js` },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: '[name]-[hash]',
  sourcemap: 'linked',
  // Bundled CommonJS dependencies (yaml, cross-spawn, …) call require() for node's own modules.
  banner: {
    js: "import { createRequire as __weftRequire } from 'node:module'; const require = __weftRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
chmodSync(`${outdir}/weft.js`, 0o755);
