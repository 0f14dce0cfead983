import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { replaceFile, tempFileOwner, tempPathFor } from '../../../src/util/replace-file.js';
import { makeTempDir } from '../../support/repo.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function dir(): string {
  const d = makeTempDir('weft-replace-');
  dirs.push(d);
  return d;
}

describe('replaceFile', () => {
  it('replaces a file whole, with the mode asked for, and leaves no temp file', async () => {
    const d = dir();
    const target = join(d, 'state.json');
    writeFileSync(target, 'old');
    await replaceFile(target, 'new');
    expect(readFileSync(target, 'utf8')).toBe('new');
    await replaceFile(join(d, 'secret.json'), '{}', { mode: 0o600 });
    expect(statSync(join(d, 'secret.json')).mode & 0o777).toBe(0o600);
    expect(readdirSync(d).sort()).toEqual(['secret.json', 'state.json']);
  });

  it('removes its temp file and throws the error as it came when the rename fails', async () => {
    const d = dir();
    const target = join(d, 'taken');
    mkdirSync(join(target, 'inside'), { recursive: true }); // a non-empty directory cannot be renamed over
    const err = await replaceFile(target, 'x').catch((e: unknown) => e);
    expect((err as NodeJS.ErrnoException).code).toMatch(/^(EISDIR|ENOTEMPTY|EEXIST)$/);
    expect(readdirSync(d)).toEqual(['taken']);
  });

  it('names temp files after the writing process, which tempFileOwner reads back', () => {
    const name = basename(tempPathFor('/x/progress.txt'));
    expect(name).toMatch(new RegExp(`^progress\\.txt\\.${process.pid}\\.[0-9a-f]{6}\\.tmp$`));
    expect(tempFileOwner(name)).toBe(process.pid);
    expect(tempFileOwner('progress.txt')).toBeUndefined();
    expect(tempFileOwner('x.0.abcdef.tmp')).toBeUndefined();
    expect(tempFileOwner('x.12.abc.tmp')).toBeUndefined();
  });
});
