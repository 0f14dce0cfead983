import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TaskFileError, TaskFileNotFoundError } from '../../../src/errors.js';
import { loadPlan } from '../../../src/graph/load.js';
import { makeTempDir } from '../../support/repo.js';

let dir: string;
beforeEach(() => {
  dir = makeTempDir('weft-load-');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('loadPlan', () => {
  it('reads, parses, builds and plans, with workers from the front matter', async () => {
    const path = join(dir, 'tasks.md');
    writeFileSync(
      path,
      '---\nworkers: 2\n---\n## T001: One\nFiles: create a.ts\n\nDo one.\n\n## T002: Two\nFiles: modify a.ts\n\nDo two.\n',
    );
    const { plan, graph, workerCount, warnings } = await loadPlan(path);
    expect(workerCount).toEqual({ workers: 2, source: 'front matter' });
    expect(plan.runOrder).toEqual(['T001', 'T002']);
    expect(graph.nodes.get('T002')!.deps.map((e) => e.reasons)).toEqual([['file:a.ts']]);
    expect(warnings).toEqual([]);
  });

  it('reports parser problems and cycles together, sorted by position', async () => {
    const path = join(dir, 'tasks.md');
    writeFileSync(
      path,
      '## T001: One\nDepends: T002\n\nDo one.\n\n## T002: Two\nDepends: T001, T404\n\nDo two.\n',
    );
    const error = await loadPlan(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskFileError);
    const diagnostics = (error as TaskFileError).diagnostics;
    expect(diagnostics.map((d) => [d.line, d.kind])).toEqual([
      [2, 'cycle'],
      [7, 'unknown-dependency'],
    ]);
    expect(diagnostics[0]!.message).toContain('T001 -> T002 -> T001');
  });

  it('throws TaskFileNotFoundError for a missing file', async () => {
    await expect(loadPlan(join(dir, 'nope.md'))).rejects.toBeInstanceOf(TaskFileNotFoundError);
  });
});
