import { getEventListeners } from 'node:events';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shellAdapter } from '../../../src/agents/adapters/shell.js';
import { makeTempDir } from '../../support/repo.js';
import { isAlive, request, runRecorded, waitForFile } from './process-helpers.js';

let dir: string;
let state: string;
beforeEach(() => {
  dir = makeTempDir('weft-run-');
  state = makeTempDir('weft-state-');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(state, { recursive: true, force: true });
});

const shell = (script: string) => ({ adapter: shellAdapter, request: request(dir, state, { script }) });

describe('runAgent with the shell agent', () => {
  it('runs the script in cwd, streams lines, logs output and reports success', async () => {
    const { outcome, events } = await runRecorded(
      shell('echo one; echo created > made.txt; echo warn >&2; printf "last line"'),
    );
    expect(outcome.ok).toBe(true);
    expect(outcome.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'made.txt'), 'utf8')).toBe('created\n');
    expect(events[0]).toMatchObject({ type: 'started' });
    expect(events.at(-1)).toEqual({
      type: 'finished',
      ok: true,
      reason: undefined,
      finalMessage: outcome.finalMessage,
    });
    expect(events.filter((e) => e.type === 'message').map((e) => e.text)).toEqual(
      expect.arrayContaining(['one', 'warn', 'last line']),
    );
    expect(outcome.finalMessage?.split('\n').at(-1)).toBe('last line');
    const log = readFileSync(outcome.logFile, 'utf8');
    expect(log).toContain('one\n');
    expect(log).toContain('warn\n');
  });

  it('appends to an existing log and creates its directory', async () => {
    const logFile = join(state, 'nested', 'dir', 'w.log');
    await runRecorded({ ...shell('echo first'), logFile });
    await runRecorded({ ...shell('echo second'), logFile });
    expect(readFileSync(logFile, 'utf8')).toBe('first\nsecond\n');
  });

  it('fails with the exit code and stops at the first failing step (-e)', async () => {
    const { outcome } = await runRecorded(shell('echo before; false; echo after > after.txt'));
    expect(outcome.ok).toBe(false);
    expect(outcome.reason).toBe('exited with code 1');
    expect(existsSync(join(dir, 'after.txt'))).toBe(false);
  });

  it('uses the prompt as the script when there is none', async () => {
    const { outcome } = await runRecorded({
      adapter: shellAdapter,
      request: request(dir, state, { prompt: 'echo from-prompt > p.txt' }),
    });
    expect(outcome.ok).toBe(true);
    expect(readFileSync(join(dir, 'p.txt'), 'utf8')).toBe('from-prompt\n');
  });

  it('passes the request env and never CLAUDECODE', async () => {
    process.env.CLAUDECODE = '1';
    try {
      const { outcome } = await runRecorded({
        adapter: shellAdapter,
        request: request(dir, state, {
          // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
          script: 'echo "port=$PORT cc=${CLAUDECODE:-unset}"',
          env: { PORT: '4123' },
        }),
      });
      expect(outcome.finalMessage).toBe('port=4123 cc=unset');
    } finally {
      delete process.env.CLAUDECODE;
    }
  });

  it('kills the whole group on timeout, including a grandchild', async () => {
    const started = Date.now();
    const { outcome } = await runRecorded({
      ...shell('sleep 30 & echo $! > child.pid; wait'),
      timeoutMs: 1000,
      killGraceMs: 2000,
    });
    expect(outcome).toMatchObject({ ok: false, timedOut: true, hung: false, aborted: false });
    expect(outcome.reason).toBe('timed out after 1.0s');
    const childPid = Number(readFileSync(join(dir, 'child.pid'), 'utf8'));
    expect(isAlive(childPid)).toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('stops an agent that prints nothing for hangTimeoutMs, but not one that keeps talking', async () => {
    const quiet = await runRecorded({ ...shell('echo hi; sleep 30'), hangTimeoutMs: 300, timeoutMs: 20_000 });
    expect(quiet.outcome).toMatchObject({ ok: false, hung: true, timedOut: false });
    expect(quiet.outcome.reason).toMatch(/no output for 300ms/);

    const chatty = await runRecorded({
      ...shell('for i in 1 2 3 4 5 6; do echo tick $i; sleep 0.25; done'),
      hangTimeoutMs: 1000,
    });
    expect(chatty.outcome.ok).toBe(true);
  });

  it('stops on abort and reports it', async () => {
    const controller = new AbortController();
    const { outcome, events } = await runRecorded({
      ...shell('echo ready; sleep 30'),
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'message' && e.text === 'ready') controller.abort('interrupted by user');
      },
    });
    expect(outcome).toMatchObject({ ok: false, aborted: true, reason: 'aborted: interrupted by user' });
    expect(events.at(-1)).toMatchObject({ type: 'finished', ok: false });
  });

  it('does not start at all when already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { outcome, events, pid } = await runRecorded({
      ...shell('echo no > no.txt'),
      signal: controller.signal,
    });
    expect(pid).toBeUndefined();
    expect(outcome).toMatchObject({ ok: false, aborted: true, reason: 'aborted' });
    expect(events).toEqual([{ type: 'finished', ok: false, reason: 'aborted', finalMessage: undefined }]);
    expect(existsSync(join(dir, 'no.txt'))).toBe(false);
  });

  it('SIGKILLs a process that ignores SIGTERM after the grace period', async () => {
    const controller = new AbortController();
    const { outcome } = await runRecorded({
      ...shell("trap '' TERM; echo $$ > leader.pid; sleep 30 & echo $! > child.pid; echo ready; wait; wait"),
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'message' && e.text === 'ready') controller.abort();
      },
      killGraceMs: 300,
    });
    expect(outcome.aborted).toBe(true);
    expect(outcome.signal).toBe('SIGKILL');
    expect(isAlive(Number(readFileSync(join(dir, 'leader.pid'), 'utf8')))).toBe(false);
    expect(isAlive(Number(readFileSync(join(dir, 'child.pid'), 'utf8')))).toBe(false);
  });

  it('kills a child left behind by a leader that already exited', async () => {
    const { outcome } = await runRecorded({
      ...shell("(trap '' TERM; exec sleep 30) > /dev/null 2>&1 & echo $! > child.pid; echo done"),
      killGraceMs: 300,
    });
    expect(outcome.ok).toBe(true);
    const childPid = Number(await waitForFile(join(dir, 'child.pid')));
    expect(isAlive(childPid)).toBe(false);
  });

  it('kills a leftover child that holds stdout open', async () => {
    const started = Date.now();
    const { outcome } = await runRecorded({ ...shell('sleep 30 & echo bye'), killGraceMs: 300 });
    expect(outcome.ok).toBe(true);
    expect(outcome.finalMessage).toBe('bye');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('on timeout also stops descendants that left the group (own session)', async () => {
    const { outcome } = await runRecorded({
      ...shell("setsid sh -c 'echo $$ > c.pid; exec sleep 30' & wait"),
      timeoutMs: 1000,
      killGraceMs: 300,
    });
    expect(outcome.timedOut).toBe(true);
    expect(isAlive(Number(await waitForFile(join(dir, 'c.pid'))))).toBe(false);
  });

  it('after a normal exit, stops a descendant seen earlier in a group of its own', async () => {
    const { outcome } = await runRecorded({
      ...shell(
        'setsid sh -c \'trap "" TERM; echo $$ > c.pid; sleep 30\' > /dev/null 2>&1 & sleep 1.3; echo done',
      ),
      killGraceMs: 300,
    });
    expect(outcome.ok).toBe(true);
    expect(isAlive(Number(await waitForFile(join(dir, 'c.pid'))))).toBe(false);
  });

  it("leaves no listener on the caller's abort signal", async () => {
    const controller = new AbortController();
    await runRecorded({
      ...shell('echo hi'),
      signal: controller.signal,
      timeoutMs: 10_000,
      hangTimeoutMs: 10_000,
    });
    await runRecorded({ ...shell('sleep 5'), signal: controller.signal, timeoutMs: 200 });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('reports a command that cannot start', async () => {
    const { outcome, events } = await runRecorded({
      adapter: {
        ...shellAdapter,
        invocation: () => ({ command: join(dir, 'missing-bin'), args: [], env: {} }),
      },
      request: request(dir, state),
    });
    expect(outcome.ok).toBe(false);
    expect(outcome.reason).toMatch(/could not start .*missing-bin: .*ENOENT/);
    expect(events.map((e) => e.type)).toEqual(['finished']);
    const noCwd = await runRecorded({ adapter: shellAdapter, request: request(join(dir, 'gone'), state) });
    expect(noCwd.outcome.reason).toBe(
      `could not start /bin/sh: working directory ${join(dir, 'gone')} does not exist`,
    );
  });
});
