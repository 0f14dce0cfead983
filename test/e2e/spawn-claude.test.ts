/**
 * `weft spawn --agent claude` with the REAL `claude` binary
 * (node_modules/.bin/claude) against the scripted model server on 127.0.0.1:
 * the model's replies make the CLI run real Bash commands in the worktree.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runWeft } from '../support/cli.js';
import { type ModelServer, startModelServer } from '../support/model-server.js';
import { makeRepo, makeTempDir, type TestRepo } from '../support/repo.js';

const BIN = fileURLToPath(new URL('../../node_modules/.bin', import.meta.url));

let server: ModelServer;
let repo: TestRepo;
let home: string;

beforeAll(async () => {
  server = await startModelServer({
    scripts: {
      'task:spawn-commit': [
        {
          bash: 'echo "from claude" > claude.txt && git add claude.txt && git commit -q -m "claude: add claude.txt"',
        },
        { bash: 'echo "left over" > leftover.txt' },
        { text: 'Added claude.txt and left leftover.txt' },
      ],
    },
  });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  repo = makeRepo({ 'README.md': '# demo\n' });
  home = makeTempDir('weft-claude-home-');
});
afterEach(() => {
  repo.cleanup();
  rmSync(home, { recursive: true, force: true });
});

describe('weft spawn --agent claude (real binary, scripted model)', () => {
  it('runs Bash in the worktree, shows tool use and commits, keeps the leftovers, records cost', async () => {
    const res = await runWeft(
      ['spawn', '--branch', 'ai', '--agent', 'claude', '--task', 'task:spawn-commit — do it'],
      {
        cwd: repo.dir,
        env: { ...server.env, HOME: home, PATH: `${BIN}:${process.env.PATH ?? ''}` },
        timeoutMs: 120_000,
      },
    );
    expect(res.exitCode, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/tool Bash: echo "from claude"/);
    expect(res.stderr).toMatch(/commit [0-9a-f]{7} claude: add claude\.txt/);
    expect(res.stderr).toMatch(/committed the agent's uncommitted work as [0-9a-f]{7}/);
    const wt = join(repo.dir, '.trees', 'ai');
    expect(readFileSync(join(wt, 'claude.txt'), 'utf8')).toBe('from claude\n');
    expect(repo.git('log', '--format=%s', 'main..ai').split('\n')).toEqual([
      'weft: task:spawn-commit — do it (uncommitted work)',
      'claude: add claude.txt',
    ]);
    const [row] = JSON.parse((await runWeft(['status', '--json'], { cwd: repo.dir })).stdout) as {
      state: string;
      commitsAhead: number;
      usage: { costUsd?: number };
    }[];
    expect(row).toMatchObject({ state: 'done', commitsAhead: 2 });
    expect(row?.usage.costUsd).toBeGreaterThan(0);
    const results = await runWeft(['results'], { cwd: repo.dir });
    expect(results.stdout).toContain('Added claude.txt and left leftover.txt');
    // The user's ~/.claude.json is never written: each worker has its own config dir.
    expect(existsSync(join(home, '.claude.json'))).toBe(false);
  });
});
