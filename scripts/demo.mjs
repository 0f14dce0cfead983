#!/usr/bin/env node
// Copies examples/greeter into a fresh git repository in a temp dir and runs
// `weft run tasks.md` there with the built-in shell agent (no AI agent needed).
// Usage: node scripts/demo.mjs [weft run flags…]
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'weft-demo-'));
cpSync(join(root, 'examples', 'greeter'), dir, { recursive: true });
const env = {
  ...process.env,
  GIT_AUTHOR_NAME: process.env.GIT_AUTHOR_NAME ?? 'weft demo',
  GIT_AUTHOR_EMAIL: process.env.GIT_AUTHOR_EMAIL ?? 'demo@example.invalid',
  GIT_COMMITTER_NAME: process.env.GIT_COMMITTER_NAME ?? 'weft demo',
  GIT_COMMITTER_EMAIL: process.env.GIT_COMMITTER_EMAIL ?? 'demo@example.invalid',
};
const git = (...args) => execFileSync('git', args, { cwd: dir, env, stdio: 'ignore' });
git('init', '-q', '-b', 'main');
git('add', '-A');
git('commit', '-q', '-m', 'greeter: initial version');

console.log(`weft demo: example repository at ${dir}\n`);
const weft = join(root, 'dist', 'bin', 'weft.js');
const r = spawnSync(process.execPath, [weft, 'run', 'tasks.md', ...process.argv.slice(2)], {
  cwd: dir,
  env,
  stdio: 'inherit',
});
console.log(`\nweft demo: the example repository is ${dir}`);
console.log(`  cd ${dir} && git log --oneline --graph --all`);
process.exit(r.status ?? 1);
