/**
 * `git merge-tree --write-tree` (git ≥ 2.38): a real three-way merge computed
 * in the object database — no index, no worktree. It writes the merged tree
 * (with conflict markers where files conflict) and reports the conflicted
 * paths. Exit 0 = clean, 1 = conflicts; anything else is an error.
 *
 * Output with `-z --name-only` (and messages, shown on conflict):
 *   <tree> NUL  <path> NUL ...  NUL  { <n> NUL <path>×n NUL <type> NUL <message> NUL }...
 */
import { git } from './git.js';

export interface MergeMessage {
  paths: string[];
  /** e.g. `Auto-merging`, `CONFLICT (contents)`, `CONFLICT (modify/delete)`. */
  type: string;
  message: string;
}

export interface MergeTreeResult {
  clean: boolean;
  /** The merged tree (conflicted files hold conflict markers). */
  tree: string;
  /** Conflicted paths, de-duplicated, in git's order. */
  files: string[];
  messages: MergeMessage[];
}

/** Merge two commits in the object database; nothing else changes. */
export async function mergeTree(
  repo: string,
  ours: string,
  theirs: string,
  options: { messages?: boolean } = {},
): Promise<MergeTreeResult> {
  const args = [
    'merge-tree',
    '--write-tree',
    '-z',
    '--name-only',
    options.messages === false ? '--no-messages' : '--messages',
  ];
  // Commit ids, not names: merge-tree in git 2.39 has no --end-of-options.
  const r = await git([...args, ours, theirs], { cwd: repo, okCodes: [1] });
  return parseMergeTree(r.stdout, r.exitCode === 0);
}

export function parseMergeTree(stdout: string, clean: boolean): MergeTreeResult {
  const tokens = stdout.split('\0');
  const tree = tokens[0] ?? '';
  let i = 1;
  const files: string[] = [];
  if (!clean) {
    for (; i < tokens.length && tokens[i] !== ''; i++) {
      const path = tokens[i]!;
      if (!files.includes(path)) files.push(path);
    }
  }
  i++; // the empty token that ends the conflicted-file list
  const messages: MergeMessage[] = [];
  while (i < tokens.length && tokens[i] !== '') {
    const n = Number(tokens[i]);
    if (!Number.isInteger(n) || n < 0) break;
    const paths = tokens.slice(i + 1, i + 1 + n);
    const type = tokens[i + 1 + n] ?? '';
    const message = (tokens[i + 2 + n] ?? '').trimEnd();
    messages.push({ paths, type, message });
    i += n + 3;
  }
  return { clean, tree, files, messages };
}
