/**
 * Generated repositories for benchmarks: N files of ~1 KB in nested folders and
 * some history, written with `git fast-import` (fast even at 50k files) and then
 * checked out, so the work tree is real.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface GeneratedRepo {
  dir: string;
  files: string[];
}

/** A fixed git identity for the benchmarks' repositories and commits. */
export const BENCH_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.invalid',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.invalid',
};

export function fileBody(i: number, version = 0): string {
  const line = `export const value${i} = ${version}; // ${'x'.repeat(40)}\n`;
  return line.repeat(Math.ceil(1024 / line.length));
}

export function generatedPath(i: number): string {
  return `src/d${Math.floor(i / 1000)}/s${Math.floor((i % 1000) / 100)}/f${i}.ts`;
}

export function generateRepo(
  fileCount: number,
  options: { historyCommits?: number; dir?: string } = {},
): GeneratedRepo {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), `weft-bench-${fileCount}-`));
  const git = (args: string[], input?: string): string =>
    execFileSync('git', args, { cwd: dir, env: BENCH_ENV, input, encoding: 'utf8', maxBuffer: 1 << 30 });
  git(['init', '-q', '-b', 'main']);
  git(['config', 'gc.auto', '0']);
  git(['config', 'commit.gpgsign', 'false']);
  git(['config', 'user.name', 'bench']);
  git(['config', 'user.email', 'bench@example.invalid']);

  const files = Array.from({ length: fileCount }, (_, i) => generatedPath(i));
  const chunks: string[] = [];
  const now = Math.floor(Date.now() / 1000);
  chunks.push('commit refs/heads/main\n', `committer bench <bench@example.invalid> ${now} +0000\n`);
  chunks.push('data 7\ninitial\n');
  chunks.push('M 644 inline package.json\n');
  const pkg = JSON.stringify({ name: 'bench', scripts: { test: 'node -e 0' } });
  chunks.push(`data ${Buffer.byteLength(pkg)}\n${pkg}\n`);
  files.forEach((f, i) => {
    const body = fileBody(i);
    chunks.push(`M 644 inline ${f}\ndata ${Buffer.byteLength(body)}\n${body}\n`);
  });
  const history = options.historyCommits ?? 50;
  for (let c = 1; c <= history; c++) {
    chunks.push('commit refs/heads/main\n', `committer bench <bench@example.invalid> ${now + c} +0000\n`);
    const msg = `change ${c}`;
    chunks.push(`data ${msg.length}\n${msg}\n`);
    for (let k = 0; k < 5; k++) {
      const i = (c * 7919 + k * 104729) % fileCount;
      const body = fileBody(i, c);
      chunks.push(`M 644 inline ${files[i]}\ndata ${Buffer.byteLength(body)}\n${body}\n`);
    }
  }
  git(['fast-import', '--quiet'], chunks.join(''));
  git(['checkout', '-q', '-f', 'main']);
  return { dir, files };
}
