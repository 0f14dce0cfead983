import { afterEach, describe, expect, it } from 'vitest';
import { contextForTask } from '../../../src/scout/prompt-context.js';
import { scoutRepo } from '../../../src/scout/scout.js';
import { makeRepo, type TestRepo } from '../../support/repo.js';

let repo: TestRepo | undefined;
afterEach(() => repo?.cleanup());

describe('scoutRepo', () => {
  it('reports languages, layout, commands, hot files and instruction files', async () => {
    repo = makeRepo({
      'package.json': JSON.stringify({ scripts: { test: 'vitest run', build: 'tsc' } }),
      'src/a.ts': 'export const a = 1;\n',
      'src/b.ts': 'export const b = 1;\n',
      'src/c.js': 'module.exports = 1;\n',
      'docs/guide.md': '# guide\n',
      'CLAUDE.md': 'Use two-space indentation.\n',
      Makefile: 'test:\n\techo make\n',
    });
    for (let i = 0; i < 3; i++) {
      repo.write('src/a.ts', `export const a = ${i + 2};\n`);
      repo.commitAll(`change a ${i}`);
    }
    const ctx = await scoutRepo(repo.dir);
    expect(ctx.totalFiles).toBe(7);
    expect(ctx.languages[0]).toEqual({ language: 'TypeScript', files: 2 });
    expect(ctx.layout).toEqual([
      { path: 'src', files: 3 },
      { path: 'docs', files: 1 },
    ]);
    expect(ctx.commands.test).toBe('npm test');
    expect(ctx.commands.sources.test).toBe('package.json scripts.test');
    expect(ctx.commands.build).toBe('npm run build');
    expect(ctx.hotFiles[0]).toEqual({ path: 'src/a.ts', commits: 4 });
    expect(ctx.instructionFiles).toEqual(['CLAUDE.md']);
    expect(ctx.instructions[0]?.text).toBe('Use two-space indentation.');
  });

  it('finds commands of other ecosystems', async () => {
    repo = makeRepo({ 'go.mod': 'module x\n', 'main.go': 'package main\n' });
    const ctx = await scoutRepo(repo.dir);
    expect(ctx.commands.test).toBe('go test ./...');
    expect(ctx.languages[0]?.language).toBe('Go');
  });

  it('ignores npm init’s placeholder test script', async () => {
    repo = makeRepo({
      'package.json': JSON.stringify({ scripts: { test: 'echo "Error: no test specified" && exit 1' } }),
      'pytest.ini': '[pytest]\n',
    });
    const ctx = await scoutRepo(repo.dir);
    expect(ctx.commands.test).toBe('pytest');
  });

  it('gives a worker the context relevant to its files', async () => {
    repo = makeRepo({ 'src/a.ts': '1', 'src/b.ts': '2', 'AGENTS.md': 'Run the tests before committing.' });
    repo.write('src/b.ts', '3');
    repo.commitAll('b');
    const ctx = await scoutRepo(repo.dir);
    const text = contextForTask(ctx, ['src/a.ts']);
    expect(text).toContain('src/b.ts');
    expect(text).toContain('Run the tests before committing.');
  });
});
