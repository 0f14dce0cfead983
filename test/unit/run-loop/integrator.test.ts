/**
 * The integrator against a real repository whose integration branch keeps
 * being moved by something else (agents that check it out and commit on it,
 * one after another): every move is put back and kept on a rescue branch, and
 * the merge goes through.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionRecorder } from '../../../src/journal/session-recorder.js';
import { EventBus } from '../../../src/run/event-bus.js';
import type { RunEvent } from '../../../src/run/events.js';
import { restoreIntegration } from '../../../src/run/integration-guard.js';
import { Integrator } from '../../../src/run/integrator.js';
import { Scheduler } from '../../../src/run/scheduler.js';
import { makeRepo, type TestRepo } from '../../support/repo.js';

let repo: TestRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

/** A commit on top of `parent` writing `file`, made without touching the checkout. */
function commitOn(r: TestRepo, parent: string, file: string): string {
  r.git('read-tree', parent);
  r.write(file, `${file}\n`);
  r.git('add', '--', file);
  const tree = r.git('write-tree');
  r.git('read-tree', 'HEAD');
  return r.git('commit-tree', tree, '-p', parent, '-m', `foreign ${file}`);
}

/** A `reference-transaction` hook running `lines` for each ref update git commits (`$old $new $ref` set). */
function onCommittedRefs(r: TestRepo, lines: string[]): void {
  const hooks = join(r.dir, '.git', 'hooks');
  mkdirSync(hooks, { recursive: true });
  const hook = join(hooks, 'reference-transaction');
  const script = [
    '#!/bin/sh',
    '[ "$1" = committed ] || exit 0',
    'while read old new ref; do',
    ...lines,
    'done',
    '',
  ];
  writeFileSync(hook, script.join('\n'));
  chmodSync(hook, 0o755);
}

describe('Integrator', () => {
  it('puts back an integration branch moved again and again while it merges, keeping every move', async () => {
    repo = makeRepo({ 'README.md': '# r\n' });
    const r = repo;
    const base = r.git('rev-parse', 'HEAD');
    r.git('branch', 'weft/r1', base);
    const tip = commitOn(r, base, 't1.txt');
    r.git('branch', 'weft/tasks/r1/T1', tip);
    const foreign = ['f0.txt', 'f1.txt', 'f2.txt', 'f3.txt'].map((f) => commitOn(r, base, f));

    // Each time weft puts the branch back at `base`, a hook moves it again (three times).
    const count = join(r.dir, '.git', 'moves');
    writeFileSync(count, '');
    onCommittedRefs(r, [
      `  [ "$ref" = refs/heads/weft/r1 ] && [ "$new" = ${base} ] || continue`,
      `  n=$(wc -c < '${count}')`,
      '  [ "$n" -lt 3 ] || continue',
      `  printf x >> '${count}'`,
      `  set -- ${foreign.slice(1).join(' ')}`,
      '  shift "$n"',
      '  git update-ref refs/heads/weft/r1 "$1"',
    ]);

    const scheduler = new Scheduler([
      { id: 'T1', priority: 'P1', dependsOn: [], files: [], bottomLevel: 1, done: false },
    ]);
    scheduler.start(scheduler.nextTask('w1')!.id, 'w1');
    scheduler.finish('T1');
    const events: RunEvent[] = [];
    const recorder = { record: async () => {} } as unknown as SessionRecorder;
    const bus = new EventBus(recorder, [{ onEvent: (e) => events.push(e) }], 0);
    const fatal: unknown[] = [];
    const integrator = new Integrator({
      repo: { top: r.dir, commonDir: join(r.dir, '.git') } as never,
      integrationBranch: 'weft/r1',
      validate: undefined,
      sessionDir: join(r.dir, '.git', 'session'),
      validateWorktree: join(r.dir, '.trees', 'validate'),
      env: {},
      scheduler,
      bus,
      tasks: new Map(),
      onChange: () => {},
      onFatal: (err) => fatal.push(err),
      isStopping: () => false,
      rescuePrefix: 'weft/tasks/r1/',
    });
    expect(await integrator.head()).toBe(base);
    r.git('update-ref', 'refs/heads/weft/r1', foreign[0]!); // the first move, before the merge

    integrator.enqueue('T1', 'weft/tasks/r1/T1', tip);
    await integrator.idle();

    expect(fatal).toEqual([]);
    expect(readFileSync(count, 'utf8')).toBe('xxx');
    expect(events.map((e) => e.type)).toContain('task.merged');
    expect(r.git('rev-parse', 'weft/r1^1', 'weft/r1^2').split('\n')).toEqual([base, tip]);
    // The tree of its own merge is known (the next attempts' base), not that of a commit it did not make.
    expect(integrator.knownTree(r.git('rev-parse', 'weft/r1'))).toBe(r.git('rev-parse', 'weft/r1^{tree}'));
    expect(integrator.knownTree(base)).toBeUndefined();
    const rescued = r.git(
      'for-each-ref',
      '--format=%(objectname)',
      'refs/heads/weft/tasks/r1/integration-moved-*',
    );
    expect(rescued.split('\n').sort()).toEqual([...foreign].sort());
    expect(integrator.restored).toHaveLength(4);
    await integrator.close(); // its commit helper
  });
});

describe('restoreIntegration', () => {
  it('keeps every commit when the branch is moved again while it is being put back', async () => {
    repo = makeRepo({ 'README.md': '# r\n' });
    const r = repo;
    const base = r.git('rev-parse', 'HEAD');
    const [f1, f2] = ['f1.txt', 'f2.txt'].map((f) => commitOn(r, base, f)) as [string, string];
    r.git('branch', 'weft/r1', f1);
    // Right after weft makes the branch keeping f1, something moves the integration branch to f2.
    onCommittedRefs(r, [
      `  [ "$ref" = refs/heads/weft/tasks/r1/integration-moved-${f1.slice(0, 10)} ] || continue`,
      `  git update-ref refs/heads/weft/r1 ${f2}`,
    ]);
    const restored = await restoreIntegration(
      { top: r.dir, commonDir: join(r.dir, '.git') },
      'weft/r1',
      base,
      'weft/tasks/r1/',
    );
    expect(r.git('rev-parse', 'weft/r1')).toBe(base);
    expect(restored?.rescues).toEqual([
      `weft/tasks/r1/integration-moved-${f1.slice(0, 10)}`,
      `weft/tasks/r1/integration-moved-${f2.slice(0, 10)}`,
    ]);
    expect(r.git('rev-parse', `weft/tasks/r1/integration-moved-${f2.slice(0, 10)}`)).toBe(f2);
  });
});
