import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claudeAdapter } from '../../../src/agents/adapters/claude.js';
import { makeTempDir } from '../../support/repo.js';
import { fixtureLines, ofType, parseAll } from './adapter-helpers.js';

const adapter = claudeAdapter();
const request = { prompt: '- [ ] fix the bug', cwd: '/work/repo', stateDir: '/state/w1' };
const apiKeyEnv = { ANTHROPIC_API_KEY: 'k', HOME: '/nonexistent-home' };

describe('claude invocation', () => {
  it('runs headless stream-json with acceptEdits, default tools and the prompt after --', () => {
    const inv = adapter.invocation(request, apiKeyEnv);
    expect(inv.command).toBe('claude');
    expect(inv.args).toEqual([
      '-p',
      '--output-format',
      'stream-json',
      '--verbose',
      '--permission-mode',
      'acceptEdits',
      '--allowedTools',
      'Bash',
      'Edit',
      'Write',
      'Read',
      '--',
      '- [ ] fix the bug',
    ]);
    expect(inv.stdin).toBeUndefined();
    expect(inv.args).not.toContain('--dangerously-skip-permissions');
  });

  it('uses the tool allow-list, model and extra args; plan mode when read-only', () => {
    const custom = claudeAdapter({ model: 'sonnet', args: ['--max-turns', '5'] });
    const inv = custom.invocation({ ...request, tools: ['Read', 'Bash(git *)'], readOnly: true }, apiKeyEnv);
    expect(inv.args).toEqual([
      '-p',
      '--output-format',
      'stream-json',
      '--verbose',
      '--permission-mode',
      'plan',
      '--allowedTools',
      'Read',
      'Bash(git *)',
      '--model',
      'sonnet',
      '--max-turns',
      '5',
      '--',
      request.prompt,
    ]);
    expect(custom.invocation({ ...request, model: 'opus' }, apiKeyEnv).args).toContain('opus');
  });

  it('read-only without tools passes no allow-list', () => {
    expect(adapter.invocation({ ...request, readOnly: true }, apiKeyEnv).args).not.toContain(
      '--allowedTools',
    );
  });
});

describe('claude config dir per instance', () => {
  let home: string;
  let state: string;
  beforeEach(() => {
    home = makeTempDir('weft-home-');
    state = makeTempDir('weft-state-');
  });
  afterEach(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(state, { recursive: true, force: true });
  });

  it('moves the config dir when credentials come from the environment', async () => {
    const req = { ...request, stateDir: state };
    for (const name of ['ANTHROPIC_API_KEY', 'CLAUDE_CODE_OAUTH_TOKEN', 'CLAUDE_CODE_USE_BEDROCK']) {
      expect(adapter.invocation(req, { HOME: home, [name]: 'x' }).env).toEqual({
        CLAUDE_CONFIG_DIR: join(state, 'claude'),
      });
    }
    await adapter.prepare?.(req, { HOME: home, ANTHROPIC_API_KEY: 'x' });
    expect(statSync(join(state, 'claude')).isDirectory()).toBe(true);
  });

  it('copies an OAuth login (and settings) into the new dir, private, once', async () => {
    mkdirSync(join(home, '.claude'));
    writeFileSync(join(home, '.claude', '.credentials.json'), '{"claudeAiOauth":{}}');
    writeFileSync(join(home, '.claude', 'settings.json'), '{"model":"opus"}');
    const req = { ...request, stateDir: state };
    const env = { HOME: home };
    expect(adapter.invocation(req, env).env).toEqual({ CLAUDE_CONFIG_DIR: join(state, 'claude') });
    await adapter.prepare?.(req, env);
    const copied = join(state, 'claude', '.credentials.json');
    expect(readFileSync(copied, 'utf8')).toBe('{"claudeAiOauth":{}}');
    expect(statSync(copied).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(state, 'claude', 'settings.json'), 'utf8')).toBe('{"model":"opus"}');
    // A refreshed token in the instance dir is not overwritten by a second attempt.
    writeFileSync(copied, '{"refreshed":true}');
    await adapter.prepare?.(req, env);
    expect(readFileSync(copied, 'utf8')).toBe('{"refreshed":true}');
  });

  it('follows a user CLAUDE_CONFIG_DIR as the source', async () => {
    const own = join(home, 'my-claude');
    mkdirSync(own);
    writeFileSync(join(own, '.credentials.json'), '{}');
    const env = { HOME: home, CLAUDE_CONFIG_DIR: own };
    expect(adapter.invocation({ ...request, stateDir: state }, env).env.CLAUDE_CONFIG_DIR).toBe(
      join(state, 'claude'),
    );
  });

  it('keeps the user config dir when no login can follow (keychain or none)', async () => {
    const req = { ...request, stateDir: state };
    expect(adapter.invocation(req, { HOME: home }).env).toEqual({});
    await adapter.prepare?.(req, { HOME: home });
    expect(() => statSync(join(state, 'claude'))).toThrow();
  });
});

describe('claude stream-json (recorded from the real CLI)', () => {
  it('maps a Bash run: started, tool, message, usage with cost, success', () => {
    const { events, state, verdict } = parseAll(adapter, fixtureLines('claude-bash-success.jsonl'));
    expect(events[0]).toMatchObject({ type: 'started', model: 'claude-opus-5-5' });
    expect(state.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ofType(events, 'tool')).toEqual([{ type: 'tool', name: 'Bash', input: 'echo hello > out.txt' }]);
    expect(ofType(events, 'message').map((e) => e.text)).toEqual(['I wrote out.txt']);
    expect(ofType(events, 'usage')).toEqual([
      { type: 'usage', usage: { inputTokens: 240, outputTokens: 60, cacheReadTokens: 0, costUsd: 0.00216 } },
    ]);
    expect(ofType(events, 'blocked')).toEqual([]);
    expect(state.finalMessage).toBe('I wrote out.txt');
    expect(verdict).toEqual({ ok: true });
  });

  it('maps a Write tool result to a file event relative to the cwd', () => {
    const { events } = parseAll(adapter, fixtureLines('claude-write.jsonl'));
    expect(ofType(events, 'file')).toEqual([{ type: 'file', path: 'w.txt', kind: 'create' }]);
  });

  it('surfaces a permission denial once as blocked, though the run exits 0', () => {
    const { events, state, verdict } = parseAll(adapter, fixtureLines('claude-permission-denied.jsonl'));
    const blocked = ofType(events, 'blocked');
    expect(blocked).toHaveLength(1);
    expect(blocked[0]?.reason).toBe('permission denied: Bash (node -e "1"): This command requires approval');
    expect(state.blocked).toEqual([blocked[0]?.reason]);
    expect(verdict.ok).toBe(true);
  });

  it('decides failure from is_error even when subtype says success', () => {
    const lines = fixtureLines('claude-api-error.jsonl');
    expect(lines.at(-1)).toContain('"subtype":"success"');
    const { verdict } = parseAll(adapter, lines, { code: 1, signal: null });
    expect(verdict.ok).toBe(false);
    expect(verdict.reason).toMatch(/^API Error: 500 scripted failure/);
  });

  it('fails a run that ended without a result, or was killed', () => {
    const lines = fixtureLines('claude-bash-success.jsonl').slice(0, 2);
    expect(parseAll(adapter, lines, { code: 0, signal: null }).verdict).toEqual({
      ok: false,
      reason: 'exited with code 0 without a result',
    });
    expect(
      parseAll(adapter, fixtureLines('claude-bash-success.jsonl'), { code: null, signal: 'SIGTERM' }).verdict,
    ).toEqual({
      ok: false,
      reason: 'killed by SIGTERM',
    });
  });

  it('ignores lines that are not JSON objects', () => {
    expect(parseAll(adapter, ['', 'warning: something', '[1,2]', '{"type":']).events).toEqual([]);
  });

  it('reads the turn and budget limits', () => {
    const { verdict } = parseAll(adapter, [
      JSON.stringify({
        type: 'result',
        subtype: 'error_max_turns',
        is_error: true,
        total_cost_usd: 0.5,
        usage: {},
      }),
    ]);
    expect(verdict).toEqual({ ok: false, reason: 'reached the turn limit' });
  });
});
