/** runAgent against the fake agent CLIs: real processes printing each CLI's real output format. */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureAgentAvailable, getAdapter } from '../../../src/agents/registry.js';
import { AgentMissingError } from '../../../src/errors.js';
import { makeRepo, makeTempDir, type TestRepo } from '../../support/repo.js';
import { ofType } from './adapter-helpers.js';
import { isAlive, request, runRecorded, waitForFile } from './process-helpers.js';

const FAKES = fileURLToPath(new URL('../../fakes', import.meta.url));
const PATH_WITH_FAKES = `${FAKES}:${process.env.PATH ?? ''}`;
const AGENTS = ['claude', 'codex', 'gemini', 'opencode', 'aider'] as const;

let repo: TestRepo;
let state: string;
beforeEach(() => {
  repo = makeRepo();
  state = makeTempDir('weft-state-');
});
afterEach(() => {
  repo.cleanup();
  rmSync(state, { recursive: true, force: true });
});

function runFake(
  agent: string,
  env: Record<string, string>,
  extra: { timeoutMs?: number; hangTimeoutMs?: number; killGraceMs?: number } = {},
) {
  return runRecorded({
    adapter: getAdapter(agent),
    request: request(repo.dir, state, { env: { PATH: PATH_WITH_FAKES, ANTHROPIC_API_KEY: 'test', ...env } }),
    ...extra,
  });
}

describe.each(AGENTS)('%s (fake CLI)', (agent) => {
  it('edits files in the worktree and reports tool, file, usage and success', async () => {
    const { outcome, events } = await runFake(agent, {
      FAKE_AGENT_WRITE: 'src/new.txt:hello\\n',
      FAKE_AGENT_MESSAGE: 'Created src/new.txt',
    });
    expect(outcome.ok, outcome.reason).toBe(true);
    expect(readFileSync(join(repo.dir, 'src/new.txt'), 'utf8')).toBe('hello\n');
    expect(events[0]).toMatchObject({ type: 'started' });
    expect(ofType(events, 'file').map((e) => e.path.replace(`${repo.dir}/`, ''))).toEqual(['src/new.txt']);
    expect(ofType(events, 'usage').length).toBeGreaterThan(0);
    expect(outcome.usage.inputTokens).toBeGreaterThan(0);
    expect(outcome.finalMessage).toContain('Created src/new.txt');
    expect(events.at(-1)).toMatchObject({ type: 'finished', ok: true });
    expect(ofType(events, 'finished')).toHaveLength(1);
  });

  it('reports the CLI-specific failure', async () => {
    const { outcome, events } = await runFake(agent, { FAKE_AGENT_MODE: 'fail' });
    expect(outcome.ok).toBe(false);
    expect(outcome.reason).toBeTruthy();
    expect(events.at(-1)).toMatchObject({ type: 'finished', ok: false, reason: outcome.reason });
  });

  it('fails a crash without a result', async () => {
    const { outcome } = await runFake(agent, { FAKE_AGENT_MODE: 'crash' });
    expect(outcome.ok).toBe(false);
    expect(outcome.exitCode).toBe(3);
    expect(readFileSync(outcome.logFile, 'utf8')).toContain('fake agent crashed');
  });

  it('survives garbage lines in its output', async () => {
    const { outcome } = await runFake(agent, { FAKE_AGENT_MODE: 'garbage' });
    expect(outcome.ok, outcome.reason).toBe(true);
  });
});

describe('failure reasons and blocked runs', () => {
  it.each([
    ['claude', /^API Error: 500/],
    ['codex', /401 Unauthorized/],
    ['gemini', /authentication failed \(exit 41\)/],
    ['opencode', /Unauthorized: invalid x-api-key/],
    ['aider', /AuthenticationError/],
  ])('%s failure reads %s', async (agent, reason) => {
    const { outcome } = await runFake(agent, { FAKE_AGENT_MODE: 'fail' });
    expect(outcome.reason).toMatch(reason);
  });

  it.each(['claude', 'opencode'])('%s permission denial surfaces as blocked', async (agent) => {
    const { outcome, events } = await runFake(agent, { FAKE_AGENT_MODE: 'blocked' });
    expect(outcome.blocked).toHaveLength(1);
    expect(ofType(events, 'blocked')).toHaveLength(1);
    expect(outcome.blocked[0]).toMatch(/permission denied: .*npm publish/);
  });
});

describe('how agents are started', () => {
  it('closes stdin, sets the per-instance state dir and drops CLAUDECODE', async () => {
    const recordFile = join(state, 'record.json');
    process.env.CLAUDECODE = '1';
    try {
      const { outcome } = await runFake('codex', { FAKE_AGENT_RECORD: recordFile, PORT: '4100' });
      expect(outcome.ok, outcome.reason).toBe(true);
    } finally {
      delete process.env.CLAUDECODE;
    }
    const recorded = JSON.parse(readFileSync(recordFile, 'utf8')) as {
      argv: string[];
      cwd: string;
      env: Record<string, string>;
      stdin: string;
    };
    expect(recorded.stdin).toBe('');
    expect(recorded.cwd).toBe(repo.dir);
    expect(recorded.env).toEqual({ CODEX_HOME: join(state, 'codex'), PORT: '4100' });
    expect(recorded.argv.at(-1)).toBe('do the task');
    expect(existsSync(join(state, 'codex'))).toBe(true);
  });

  it('gives claude its own config dir when an API key is set', async () => {
    const recordFile = join(state, 'record.json');
    await runFake('claude', { FAKE_AGENT_RECORD: recordFile });
    const recorded = JSON.parse(readFileSync(recordFile, 'utf8')) as { env: Record<string, string> };
    expect(recorded.env.CLAUDE_CONFIG_DIR).toBe(join(state, 'claude'));
  });
});

describe('stopping fake agents', () => {
  it('stops a hung agent and leaves no process', async () => {
    const pidFile = join(state, 'pids');
    const { outcome } = await runFake(
      'claude',
      { FAKE_AGENT_MODE: 'hang', FAKE_AGENT_PID_FILE: pidFile },
      { hangTimeoutMs: 500 },
    );
    expect(outcome).toMatchObject({ ok: false, hung: true, signal: 'SIGTERM' });
    expect(isAlive(Number(await waitForFile(pidFile)))).toBe(false);
  });

  it('SIGKILLs an agent and a child that ignore SIGTERM after the grace period', async () => {
    const pidFile = join(state, 'pids');
    const controller = new AbortController();
    const { outcome } = await runRecorded({
      adapter: getAdapter('codex'),
      request: request(repo.dir, state, {
        env: { PATH: PATH_WITH_FAKES, FAKE_AGENT_MODE: 'ignore-sigterm', FAKE_AGENT_PID_FILE: pidFile },
      }),
      killGraceMs: 300,
      signal: controller.signal,
      // The fake says it started only once it and its child ignore SIGTERM.
      onEvent: (e) => {
        if (e.type === 'started' && e.sessionId !== undefined) controller.abort('cleanup --force');
      },
    });
    expect(outcome).toMatchObject({
      ok: false,
      aborted: true,
      signal: 'SIGKILL',
      reason: 'aborted: cleanup --force',
    });
    const [leader, child] = (await waitForFile(pidFile)).split('\n').map(Number);
    expect(isAlive(leader as number)).toBe(false);
    expect(isAlive(child as number)).toBe(false);
  });

  it('keeps a slow agent that keeps printing alive under the hang watchdog', async () => {
    const { outcome } = await runFake(
      'gemini',
      { FAKE_AGENT_MODE: 'slow', FAKE_AGENT_SLEEP_MS: '300', FAKE_AGENT_WRITE: 'a:1\nb:2\nc:3\nd:4' },
      { hangTimeoutMs: 1000 },
    );
    expect(outcome.ok, outcome.reason).toBe(true);
  });
});

describe('ensureAgentAvailable', () => {
  it.each(AGENTS)('finds the %s fake on PATH', async (agent) => {
    await expect(ensureAgentAvailable(getAdapter(agent), { PATH: PATH_WITH_FAKES })).resolves.toBeUndefined();
  });

  it('names a missing agent and its install command', async () => {
    const error = await ensureAgentAvailable(getAdapter('claude'), { PATH: '/nonexistent' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AgentMissingError);
    expect((error as AgentMissingError).message).toMatch(/agent "claude" needs the `claude` command/);
    expect((error as AgentMissingError).details).toEqual([
      'install it: npm install -g @anthropic-ai/claude-code',
    ]);
  });
});
