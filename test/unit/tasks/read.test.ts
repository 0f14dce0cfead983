import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskFileNotFoundError } from '../../../src/errors.js';
import { readTaskFile } from '../../../src/tasks/parse.js';

describe('readTaskFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'weft-tasks-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads and parses a file, naming it in diagnostics', async () => {
    const path = join(dir, 'tasks.md');
    await writeFile(path, '\uFEFF## T001: a\r\nDepends: T9\r\nx\r\n');
    const { taskFile, diagnostics } = await readTaskFile(path);
    expect(taskFile.path).toBe(path);
    expect(taskFile.tasks.map((t) => t.id)).toEqual(['T001']);
    expect(diagnostics).toMatchObject([{ file: path, line: 2, column: 10, kind: 'unknown-dependency' }]);
  });

  it('throws TaskFileNotFoundError naming a missing path', async () => {
    const path = join(dir, 'nope.md');
    const err = await readTaskFile(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskFileNotFoundError);
    expect((err as Error).message).toBe(`task file ${path} does not exist`);
  });

  it('throws TaskFileNotFoundError for a directory', async () => {
    const path = join(dir, 'sub');
    await mkdir(path);
    await expect(readTaskFile(path)).rejects.toThrow(/is a directory/);
  });
});
