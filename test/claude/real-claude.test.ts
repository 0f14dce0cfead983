/**
 * The REAL `claude` binary (node_modules/.bin/claude) driven through runAgent
 * against the scripted model server on 127.0.0.1: real Bash tool calls in a
 * real git repo, real permission denials, real API errors.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getAdapter } from '../../src/agents/registry.js';
import type { AgentEvent } from '../../src/agents/types.js';
import { type ModelServer, startModelServer } from '../support/model-server.js';
import { makeRepo, makeTempDir, type TestRepo } from '../support/repo.js';
import { ofType } from '../unit/agents/adapter-helpers.js';
import { isAlive, request, runRecorded, waitForFile } from '../unit/agents/process-helpers.js';

const BIN = fileURLToPath(new URL('../../node_modules/.bin', import.meta.url));

let server: ModelServer;
let repo: TestRepo;
let state: string;
let home: string;

beforeAll(async () => {
  server = await startModelServer({
    scripts: {
      'task:bash-file': [
        { bash: 'echo "hello from claude" > made-by-claude.txt' },
        { text: 'I created made-by-claude.txt' },
      ],
      'task:denied': [
        { bash: "node -e \"require('fs').writeFileSync('denied.txt', 'x')\"" },
        { text: 'I could not run node.' },
      ],
      'task:api-error': [{ error: { status: 500, message: 'scripted outage' } }],
      'task:parallel-a': [{ bash: 'echo a > a.txt' }, { text: 'wrote a' }],
      'task:parallel-b': [{ bash: 'echo b > b.txt' }, { text: 'wrote b' }],
      'task:long': [{ bash: 'echo $$ > shell.pid; sleep 60' }, { text: 'slept' }],
    },
  });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  repo = makeRepo({ 'README.md': '# demo\n' });
  state = makeTempDir('weft-claude-state-');
  home = makeTempDir('weft-claude-home-');
});
afterEach(() => {
  repo.cleanup();
  rmSync(state, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

function runClaude(
  prompt: string,
  extra: {
    tools?: string[];
    stateDir?: string;
    signal?: AbortSignal;
    onEvent?: (e: AgentEvent) => void;
  } = {},
) {
  return runRecorded({
    adapter: getAdapter('claude'),
    request: request(repo.dir, extra.stateDir ?? state, {
      prompt,
      tools: extra.tools,
      env: { ...server.env, HOME: home, PATH: `${BIN}:${process.env.PATH ?? ''}` },
    }),
    timeoutMs: 60_000,
    killGraceMs: 2000,
    signal: extra.signal,
    onEvent: extra.onEvent,
  });
}

describe('real claude against the scripted model server', () => {
  it('runs a Bash tool call that writes a file, and reports tool, usage and success', async () => {
    const { outcome, events } = await runClaude('task:bash-file — create the file');
    expect(outcome.ok, outcome.reason).toBe(true);
    expect(readFileSync(join(repo.dir, 'made-by-claude.txt'), 'utf8')).toBe('hello from claude\n');
    expect(ofType(events, 'tool')).toEqual([
      { type: 'tool', name: 'Bash', input: 'echo "hello from claude" > made-by-claude.txt' },
    ]);
    expect(ofType(events, 'usage').at(-1)?.usage.costUsd).toBeGreaterThan(0);
    expect(outcome.usage.inputTokens).toBeGreaterThan(0);
    expect(outcome.finalMessage).toBe('I created made-by-claude.txt');
    expect(outcome.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(events.at(-1)).toMatchObject({ type: 'finished', ok: true });
    expect(server.conversation('task:bash-file')).toHaveLength(2);
    // Its own config dir: the user's home is untouched.
    expect(existsSync(join(state, 'claude', '.claude.json'))).toBe(true);
    expect(existsSync(join(home, '.claude.json'))).toBe(false);
  });

  it('surfaces a denied tool call as blocked (the CLI itself exits 0)', async () => {
    const { outcome, events } = await runClaude('task:denied — run node', { tools: ['Read'] });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.blocked).toHaveLength(1);
    expect(outcome.blocked[0]).toMatch(/^permission denied: Bash \(node -e .*\): /);
    expect(ofType(events, 'blocked')).toHaveLength(1);
    expect(existsSync(join(repo.dir, 'denied.txt'))).toBe(false);
  });

  it('fails on an API error, decided from is_error', async () => {
    const { outcome } = await runClaude('task:api-error — anything');
    expect(outcome.ok).toBe(false);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.reason).toMatch(/API Error: 500 scripted outage/);
  });

  it('runs two instances at once, each following its own script in its own config dir', async () => {
    const stateB = makeTempDir('weft-claude-state-');
    try {
      const [a, b] = await Promise.all([
        runClaude('task:parallel-a'),
        runClaude('task:parallel-b', { stateDir: stateB }),
      ]);
      expect([a.outcome.ok, b.outcome.ok]).toEqual([true, true]);
      expect(readFileSync(join(repo.dir, 'a.txt'), 'utf8')).toBe('a\n');
      expect(readFileSync(join(repo.dir, 'b.txt'), 'utf8')).toBe('b\n');
      expect(a.outcome.finalMessage).toBe('wrote a');
      expect(b.outcome.finalMessage).toBe('wrote b');
    } finally {
      rmSync(stateB, { recursive: true, force: true });
    }
  });

  it('stops claude and the command it is running when aborted, leaving no process', async () => {
    const controller = new AbortController();
    const { outcome } = await runClaude('task:long — sleep', {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'tool') {
          // Abort once the shell has really started: its pid file is the signal.
          void waitForFile(join(repo.dir, 'shell.pid')).then(() => controller.abort('cleanup --force'));
        }
      },
    });
    expect(outcome).toMatchObject({ ok: false, aborted: true, reason: 'aborted: cleanup --force' });
    const shellPid = Number(readFileSync(join(repo.dir, 'shell.pid'), 'utf8'));
    expect(isAlive(shellPid)).toBe(false);
  });
});
