import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RefusedError } from '../../../src/errors.js';
import { REPO_LOCK_FILE, withRepoLock } from '../../../src/git/repo-lock.js';

const dirs: string[] = [];
const children: ChildProcess[] = [];
function commonDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'weft-lock-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function liveProcess(): Promise<ChildProcess> {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(child);
  return new Promise((resolve) => child.once('spawn', () => resolve(child)));
}

function lockText(pid: number): string {
  return `${pid}\n${hostname()}\n${new Date().toISOString()}\n`;
}

describe('withRepoLock', () => {
  it('runs sections one at a time within a process and removes the lock file after', async () => {
    const dir = commonDir();
    const order: string[] = [];
    const section = (name: string) => async () => {
      order.push(`${name}:in`);
      expect(existsSync(join(dir, REPO_LOCK_FILE))).toBe(true);
      await new Promise((r) => setImmediate(r));
      order.push(`${name}:out`);
      return name;
    };
    const results = await Promise.all([withRepoLock(dir, section('a')), withRepoLock(dir, section('b'))]);
    expect(results).toEqual(['a', 'b']);
    expect(order).toEqual(['a:in', 'a:out', 'b:in', 'b:out']);
    expect(existsSync(join(dir, REPO_LOCK_FILE))).toBe(false);
  });

  it('is re-entrant: a locked section may call another locked helper', async () => {
    const dir = commonDir();
    const inner = await withRepoLock(dir, () => withRepoLock(dir, async () => 'nested'));
    expect(inner).toBe('nested');
  });

  it('releases the lock when the section throws', async () => {
    const dir = commonDir();
    await expect(withRepoLock(dir, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await withRepoLock(dir, async () => 'next')).toBe('next');
  });

  it('waits while a live process holds the lock, and proceeds once it is released', async () => {
    const dir = commonDir();
    const holder = await liveProcess();
    writeFileSync(join(dir, REPO_LOCK_FILE), lockText(holder.pid as number));
    let entered = false;
    const waiting = withRepoLock(dir, async () => {
      entered = true;
      return readFileSync(join(dir, REPO_LOCK_FILE), 'utf8').split('\n')[0];
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(entered).toBe(false);
    unlinkSync(join(dir, REPO_LOCK_FILE));
    expect(await waiting).toBe(String(process.pid));
  });

  it('breaks a stale lock whose owner is dead', async () => {
    const dir = commonDir();
    const holder = await liveProcess();
    const pid = holder.pid as number;
    const exited = new Promise((r) => holder.once('exit', r));
    holder.kill('SIGKILL');
    await exited;
    writeFileSync(join(dir, REPO_LOCK_FILE), lockText(pid));
    expect(await withRepoLock(dir, async () => 'got it')).toBe('got it');
  });

  it('gives up after the timeout, naming the holder', async () => {
    const dir = commonDir();
    const holder = await liveProcess();
    writeFileSync(join(dir, REPO_LOCK_FILE), lockText(holder.pid as number));
    const err = await withRepoLock(dir, async () => 'never', { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedError);
    expect((err as RefusedError).details.join('\n')).toContain(`pid ${holder.pid}`);
  });
});
