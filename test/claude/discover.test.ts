/**
 * `discover()` with the REAL `claude` binary against the scripted model
 * server: three roles at once in plan mode, a real read-only Bash call, a
 * write the permission mode denies, an API error retried with the refined
 * prompt, and the synthesis agent fed the roles' findings.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { discover } from '../../src/discover/discover.js';
import { type ModelServer, startModelServer } from '../support/model-server.js';
import { makeRepo, makeTempDir, type TestRepo } from '../support/repo.js';

const BIN = fileURLToPath(new URL('../../node_modules/.bin', import.meta.url));

let server: ModelServer;
let repo: TestRepo;
let home: string;

beforeAll(async () => {
  server = await startModelServer({
    // Keys are tried in order: the retry's refined prompt also names its role, so its key comes first.
    scripts: {
      'A first attempt at this failed': [{ text: '## Findings\n- depends on express 4 (package.json)' }],
      'Your role: explorer': [
        { bash: 'git ls-files' },
        { text: '## Findings\n- auth lives in src/auth.ts (found with git ls-files)' },
      ],
      'Your role: curator': [
        { tool: 'Write', input: { file_path: 'notes.md', content: 'should not be written' } },
        { text: '## Findings\n- middleware pattern, one file per concern' },
      ],
      'Your role: researcher': [{ error: { status: 500, message: 'scripted outage' } }],
      'You merge the findings': [{ text: '## Answer\nsession auth in src/auth.ts\n## Conflicts\nnone' }],
    },
  });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  repo = makeRepo({ 'README.md': '# demo\n', 'src/auth.ts': 'export const auth = 1;\n' });
  home = makeTempDir('weft-claude-home-');
});
afterEach(() => {
  repo.cleanup();
  rmSync(home, { recursive: true, force: true });
});

describe('discover with the real claude binary', () => {
  it('answers with three read-only roles, retries the failed one, and synthesizes', async () => {
    const report = await discover({
      cwd: repo.dir,
      question: 'how is auth done?',
      agent: 'claude',
      synthesize: true,
      timeoutMs: 120_000,
      env: { ...process.env, ...server.env, HOME: home, PATH: `${BIN}:${process.env.PATH ?? ''}` },
    });
    expect(report.status, JSON.stringify(report.roles, null, 2)).toBe('complete');
    const [explorer, curator, researcher] = report.roles;
    expect(explorer?.findings).toBe('## Findings\n- auth lives in src/auth.ts (found with git ls-files)');
    // The explorer's read-only command really ran: its output went back to the model.
    const explorerTurns = server.conversation('Your role: explorer');
    expect(JSON.stringify(explorerTurns.at(-1)?.body?.messages)).toContain('src/auth.ts');
    // Plan mode denied the curator's write; the role still answered.
    expect(curator?.status).toBe('succeeded');
    expect(curator?.attempts[0]?.blocked).toHaveLength(1);
    expect(existsSync(join(repo.dir, 'notes.md'))).toBe(false);
    // The API error failed the first attempt; the refined retry answered.
    expect(researcher?.attempts.map((a) => a.ok)).toEqual([false, true]);
    expect(researcher?.attempts[0]?.reason).toMatch(/500/);
    expect(researcher?.findings).toContain('express 4');
    // The synthesizer saw every role's findings.
    const synthesis = server.conversation('You merge the findings');
    const asked = JSON.stringify(synthesis[0]?.body?.messages);
    expect(asked).toContain('auth lives in src/auth.ts');
    expect(asked).toContain('middleware pattern');
    expect(asked).toContain('express 4');
    expect(report.synthesis?.findings).toContain('session auth in src/auth.ts');
    expect(report.usage.costUsd).toBeGreaterThan(0);
    expect(report.notes).toEqual([]);
    const md = readFileSync(report.files.markdown, 'utf8');
    expect(md).toContain('3 of 3 roles answered');
    expect(repo.git('status', '--porcelain')).toBe('');
  });
});
