/**
 * Real git repositories in temp dirs for tests (after changesets' helper):
 * branch pinned to `main`, dummy user, no gpg signing, no automatic gc.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const GIT_TEST_ENV: Record<string, string> = {
  GIT_AUTHOR_NAME: 'weft-test',
  GIT_AUTHOR_EMAIL: 'weft-test@example.invalid',
  GIT_COMMITTER_NAME: 'weft-test',
  GIT_COMMITTER_EMAIL: 'weft-test@example.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};

export interface TestRepo {
  dir: string;
  git(...args: string[]): string;
  write(path: string, content: string): void;
  commitAll(message: string): string;
  /** The local branches, short names, sorted. */
  branches(): string[];
  cleanup(): void;
}

export function makeTempDir(prefix = 'weft-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function makeRepo(files: Record<string, string> = { 'README.md': '# test\n' }): TestRepo {
  const dir = makeTempDir();
  const git = (...args: string[]): string =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, ...GIT_TEST_ENV },
    }).trim();
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'weft-test');
  git('config', 'user.email', 'weft-test@example.invalid');
  git('config', 'commit.gpgsign', 'false');
  git('config', 'gc.auto', '0');
  const write = (path: string, content: string): void => {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  };
  for (const [path, content] of Object.entries(files)) write(path, content);
  const commitAll = (message: string): string => {
    git('add', '-A');
    git('commit', '-q', '--allow-empty', '-m', message);
    return git('rev-parse', 'HEAD');
  };
  commitAll('initial');
  return {
    dir,
    git,
    write,
    commitAll,
    branches: () =>
      git('for-each-ref', '--format=%(refname:short)', 'refs/heads').split('\n').filter(Boolean),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
