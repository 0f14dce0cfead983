/** Keeping weft's own directories out of `git status` via the repository's info/exclude. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withRepoLock } from './repo-lock.js';
import type { RepoPaths } from './repo-paths.js';

const done = new Set<string>();

/**
 * Append each pattern missing from `<common dir>/info/exclude`. The exclude
 * file is shared by every worktree, so one line covers all of them; it is not
 * committed, so the user's .gitignore is left alone.
 */
export async function ensureExcluded(repo: RepoPaths, patterns: readonly string[]): Promise<void> {
  const key = `${repo.commonDir}\0${patterns.join('\0')}`;
  if (done.has(key)) return;
  await withRepoLock(repo.commonDir, async () => {
    const file = join(repo.commonDir, 'info', 'exclude');
    let text = '';
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const present = new Set(text.split('\n').map((l) => l.trim()));
    const missing = patterns.filter((p) => !present.has(p));
    if (missing.length > 0) {
      await mkdir(join(repo.commonDir, 'info'), { recursive: true });
      const sep = text === '' || text.endsWith('\n') ? '' : '\n';
      await writeFile(file, `${text}${sep}# weft\n${missing.join('\n')}\n`);
    }
  });
  done.add(key);
}
