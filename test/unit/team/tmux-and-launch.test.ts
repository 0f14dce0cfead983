/**
 * The tmux wrapper on a private server (its own socket, killed after), the
 * interactive argv of each agent, and waiting for roles to report done.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getAdapter } from '../../../src/agents/registry.js';
import { interactiveLaunch } from '../../../src/team/interactive.js';
import { teamPaths, writeJson } from '../../../src/team/store.js';
import { Tmux } from '../../../src/team/tmux.js';
import { waitForRoles } from '../../../src/team/wait-for-roles.js';
import { makeTempDir } from '../../support/repo.js';

let dir: string;
beforeEach(() => {
  dir = makeTempDir('weft-team-unit-');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('Tmux on a private server', () => {
  let tmux: Tmux;
  beforeEach(() => {
    tmux = new Tmux(join(dir, 'sock'));
  });
  afterEach(async () => {
    await tmux.run(['kill-server']).catch(() => undefined);
  });

  it("runs a window's command as argv: shell syntax in arguments and variables stays text", async () => {
    const out = join(dir, 'argv.json');
    const script = `require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify({ argv: process.argv.slice(1), v: process.env.WEFT_X })); setInterval(() => {}, 1000)`;
    const id = await tmux.newSession('weft-t', {
      name: 'demo-planning',
      cwd: dir,
      command: [process.execPath, '-e', script, '$(touch pwned); echo "x"', "it's"],
      env: { WEFT_X: 'a b; $(touch pwned2)' },
    });
    expect(id).toMatch(/^@\d+$/);
    for (let i = 0; i < 100 && !existsSync(out); i++) await delay(50);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({
      argv: ['$(touch pwned); echo "x"', "it's"],
      v: 'a b; $(touch pwned2)',
    });
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
    expect(existsSync(join(dir, 'pwned2'))).toBe(false);
    expect(await tmux.hasSession('weft-t')).toBe(true);
    expect(await tmux.hasSession('weft')).toBe(false); // exact names, no prefix match
  });

  it('refuses a one-argument command (tmux would hand it to sh -c)', async () => {
    await expect(tmux.newSession('weft-t', { name: 'w', cwd: dir, command: ['echo hi'] })).rejects.toThrow(
      'a tmux window command needs two or more arguments',
    );
  });

  it('answers queries about a server or session that is not there with nothing', async () => {
    expect(await tmux.listWindows('nope', ['window_id'])).toEqual([]);
    await tmux.killSession('nope');
  });
});

describe('interactiveLaunch', () => {
  const env = { ...process.env, ANTHROPIC_API_KEY: 'k', SHELL: '/bin/bash' };
  const request = (stateDir: string) => ({
    prompt: '- first line',
    cwd: '/repo/.trees/team/x',
    stateDir,
    model: 'm1',
  });

  it('claude: a named interactive session, the instructions after --, its own config dir', async () => {
    const l = await interactiveLaunch(getAdapter('claude'), request(dir), 'demo-feature-x', env);
    expect([l.command, ...l.args]).toEqual([
      'claude',
      '--name',
      'demo-feature-x',
      '--model',
      'm1',
      '--',
      '- first line',
    ]);
    expect(l.env.CLAUDE_CONFIG_DIR).toBe(join(dir, 'claude'));
    expect(existsSync(join(dir, 'claude'))).toBe(true);
  });

  it("with isolation off, claude runs in the user's own config home", async () => {
    const l = await interactiveLaunch(getAdapter('claude'), request(join(dir, 'state')), 'w', env, {
      isolate: false,
    });
    expect(l.env).toEqual({});
    expect(existsSync(join(dir, 'state'))).toBe(false);
  });

  it('codex, gemini and opencode take the instructions as their first prompt', async () => {
    const codex = await interactiveLaunch(getAdapter('codex'), request(dir), 'w', env);
    expect(codex.args).toEqual(['-C', '/repo/.trees/team/x', '-m', 'm1', '--', '- first line']);
    const gemini = await interactiveLaunch(getAdapter('gemini'), request(dir), 'w', env);
    expect(gemini.args).toEqual(['--prompt-interactive=- first line', '--skip-trust', '--model=m1']);
    const opencode = await interactiveLaunch(getAdapter('opencode'), request(dir), 'w', env);
    expect(opencode.args).toEqual(['--prompt', '- first line', '-m', 'm1']);
  });

  it('shell: an interactive shell, the instructions left in the role file', async () => {
    const l = await interactiveLaunch(getAdapter('shell'), request(dir), 'w', env);
    expect([l.command, ...l.args]).toEqual(['/bin/bash', '-i']);
    expect(l.note).toBe('your instructions are in .weft-role.md');
  });

  it('command: the configured template with {prompt} replaced', async () => {
    const adapter = getAdapter('command', {
      command: { command: 'my-agent', args: ['--brief', '{prompt}'] },
    });
    const l = await interactiveLaunch(adapter, request(dir), 'w', env);
    expect([l.command, ...l.args]).toEqual(['my-agent', '--brief', '- first line']);
  });
});

describe('waitForRoles', () => {
  it('resolves when every awaited role has reported done, watching the done folder', async () => {
    const paths = teamPaths(dir);
    mkdirSync(paths.doneDir, { recursive: true });
    const pending: string[][] = [];
    const waiting = waitForRoles(paths, ['feature-a', 'feature-b'], { onPending: (p) => pending.push(p) });
    await writeJson(paths.done('feature-a'), { at: new Date().toISOString() });
    await writeJson(paths.done('feature-b'), { at: new Date().toISOString() });
    expect(await waiting).toBe('done');
    expect(pending[0]).toEqual(['feature-a', 'feature-b']);
  });

  it('starts early when told to, and gives up when aborted', async () => {
    const paths = teamPaths(dir);
    expect(await waitForRoles(paths, ['feature-a'], { startNow: Promise.resolve() })).toBe('started-early');
    const controller = new AbortController();
    const waiting = waitForRoles(paths, ['feature-a'], { signal: controller.signal });
    controller.abort();
    expect(await waiting).toBe('aborted');
  });
});
