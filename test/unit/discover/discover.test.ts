/**
 * discover() with fake read-only agents — the fake `claude` CLI, one
 * behaviour per role through FAKE_AGENT_PLAN (weft names each role's task
 * `discover-<role>`) — and the shell agent with read-only commands.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { discover } from '../../../src/discover/discover.js';
import type { DiscoveryEvent } from '../../../src/discover/events.js';
import { RefusedError, UsageError } from '../../../src/errors.js';
import { makeRepo, makeTempDir, type TestRepo } from '../../support/repo.js';

const FAKES = fileURLToPath(new URL('../../fakes', import.meta.url));

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function repo(files?: Record<string, string>): TestRepo {
  const r = makeRepo(files);
  cleanups.push(r.cleanup);
  return r;
}

type Behaviour = { mode?: string; message?: string; sleepMs?: number; write?: string };

/** The fake claude on PATH, each role following its own list of behaviours (one per attempt). */
function fakeEnv(plan: Record<string, Behaviour[]>, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const dir = makeTempDir('weft-discover-plan-');
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'plan.json');
  writeFileSync(
    file,
    JSON.stringify(Object.fromEntries(Object.entries(plan).map(([role, b]) => [`discover-${role}`, b]))),
  );
  return {
    ...process.env,
    PATH: `${FAKES}:${process.env.PATH ?? ''}`,
    ANTHROPIC_API_KEY: 'test',
    FAKE_AGENT_PLAN: file,
    ...extra,
  };
}

function recorder(): { events: DiscoveryEvent[]; onEvent: (e: DiscoveryEvent) => void } {
  const events: DiscoveryEvent[] = [];
  return { events, onEvent: (e) => events.push(e) };
}

const at = (events: DiscoveryEvent[], pred: (e: DiscoveryEvent) => boolean): number => events.findIndex(pred);

describe('discover with fake read-only agents', () => {
  it('keeps what succeeded, retries the failed role once with a refined prompt after all have ended, and aggregates one report', async () => {
    const r = repo();
    const env = fakeEnv({
      explorer: [{ message: '## Findings\n- entry point is src/main.ts' }],
      curator: [{ mode: 'slow', sleepMs: 400, message: '## Findings\n- errors are typed' }],
      researcher: [{ mode: 'fail' }, { message: '## Findings\n- uses zod 4' }],
    });
    const { events, onEvent } = recorder();
    const report = await discover({
      cwd: r.dir,
      question: 'how is auth done?',
      agent: 'claude',
      env,
      onEvent,
    });

    expect(report.status).toBe('complete');
    expect(report.roles.map((x) => [x.role, x.status, x.attempts.length])).toEqual([
      ['explorer', 'succeeded', 1],
      ['curator', 'succeeded', 1],
      ['researcher', 'succeeded', 2],
    ]);
    const researcher = report.roles[2]!;
    expect(researcher.attempts[0]).toMatchObject({
      ok: false,
      refined: false,
      reason: 'API Error: 500 Internal server error',
    });
    expect(researcher.attempts[1]).toMatchObject({ ok: true, refined: true });
    expect(researcher.findings).toBe('## Findings\n- uses zod 4');
    expect(report.roles[0]!.findings).toContain('src/main.ts');

    // Seed 002's synchronization point: the retry starts only once the slow role has ended.
    const slowDone = at(events, (e) => e.type === 'role-finished' && e.role === 'curator');
    const retry = at(events, (e) => e.type === 'retrying' && e.role === 'researcher');
    expect(slowDone).toBeGreaterThan(-1);
    expect(retry).toBeGreaterThan(slowDone);
    // All three started before any ended: one agent per role, at once.
    const starts = events.filter((e) => e.type === 'role-started' && !e.refined).length;
    expect(starts).toBe(3);
    expect(at(events, (e) => e.type === 'role-finished')).toBeGreaterThan(
      at(events, (e) => e.type === 'role-started' && e.role === 'researcher'),
    );

    // One report, in both forms, under .weft/discover/<id>/; every attempt's log is kept.
    const md = readFileSync(report.files.markdown, 'utf8');
    expect(report.files.markdown).toBe(join(r.dir, '.weft', 'discover', report.id, 'report.md'));
    expect(JSON.parse(readFileSync(report.files.json, 'utf8'))).toMatchObject({
      id: report.id,
      status: 'complete',
    });
    expect(md).toContain('## explorer — structure');
    expect(md).toContain('## curator — patterns and conventions');
    expect(md).toContain('## researcher — external docs and dependencies');
    expect(md).toContain('### Findings'); // the role's own headings sit one level below its section
    expect(md).toContain('answered on the retry');
    expect(existsSync(researcher.attempts[0]!.logFile)).toBe(true);
    expect(existsSync(join(r.dir, '.weft', 'discover', report.id, 'state'))).toBe(false);
    // weft's folder stays out of git status.
    expect(r.git('status', '--porcelain')).toBe('');
  });

  it('reports partial success when a role fails twice, marking it failed with both reasons', async () => {
    const r = repo();
    const env = fakeEnv({
      explorer: [{ message: 'structure found' }],
      curator: [{ mode: 'crash' }],
      researcher: [{ message: 'deps found' }],
    });
    const report = await discover({
      cwd: r.dir,
      question: 'where is the config read?',
      agent: 'claude',
      env,
    });
    expect(report.status).toBe('partial');
    const curator = report.roles.find((x) => x.role === 'curator')!;
    expect(curator.status).toBe('failed');
    expect(curator.findings).toBeUndefined();
    expect(curator.attempts.map((a) => a.refined)).toEqual([false, true]);
    expect(curator.reason).toMatch(/exited with code 3/);
    const md = readFileSync(report.files.markdown, 'utf8');
    expect(md).toContain('2 of 3 roles answered');
    expect(md).toMatch(
      /## curator — patterns and conventions\n\n\*\*Failed\*\* after 2 attempts: exited with code 3/,
    );
    expect(md).toContain('structure found');
  });

  it('stops a slow role at the timeout, retries it, and still reports the others', async () => {
    const r = repo();
    const env = fakeEnv({ explorer: [{ message: 'quick answer' }], curator: [{ mode: 'hang' }] });
    const report = await discover({
      cwd: r.dir,
      question: 'q',
      roles: ['explorer', 'curator'],
      agent: 'claude',
      env,
      timeoutMs: 1500,
      killGraceMs: 200,
    });
    expect(report.status).toBe('partial');
    expect(report.roles[1]!.attempts.map((a) => a.reason)).toEqual([
      'timed out after 1.5s',
      'timed out after 1.5s',
    ]);
    expect(report.roles[0]!.findings).toBe('quick answer');
  });

  it('does not retry when every role failed (a systemic problem), and says so', async () => {
    const r = repo();
    const env = fakeEnv({ explorer: [{ mode: 'fail' }], curator: [{ mode: 'fail' }] });
    const { events, onEvent } = recorder();
    const report = await discover({
      cwd: r.dir,
      question: 'q',
      roles: ['explorer', 'curator'],
      agent: 'claude',
      env,
      onEvent,
    });
    expect(report.status).toBe('failed');
    expect(report.roles.every((x) => x.attempts.length === 1)).toBe(true);
    expect(events.some((e) => e.type === 'retrying')).toBe(false);
    expect(report.notes.join('\n')).toMatch(/explorer, curator not retried: every role failed/);
  });

  it('stops every role when interrupted: no retry, no synthesis, the report says interrupted', async () => {
    const r = repo();
    const env = fakeEnv({ explorer: [{ mode: 'hang' }], curator: [{ mode: 'hang' }] });
    const controller = new AbortController();
    let started = 0;
    const report = await discover({
      cwd: r.dir,
      question: 'q',
      roles: ['explorer', 'curator'],
      agent: 'claude',
      env,
      synthesize: true,
      killGraceMs: 200,
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'role-activity' || e.type === 'role-started') started++;
        if (started === 2) controller.abort('SIGINT');
      },
    });
    expect(report.status).toBe('interrupted');
    expect(report.roles.map((x) => x.attempts.length)).toEqual([1, 1]);
    expect(report.roles[0]?.reason).toBe('aborted: SIGINT');
    expect(report.synthesis).toBeUndefined();
    expect(report.notes).toEqual([
      'explorer, curator not retried: interrupted',
      'synthesis skipped: interrupted',
    ]);
  });

  it('runs the coding agent read-only: plan mode and the read-tool allow-list', async () => {
    const r = repo();
    const dir = makeTempDir('weft-discover-rec-');
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const record = join(dir, 'argv.json');
    const env = fakeEnv({ researcher: [{ message: 'ok' }] }, { FAKE_AGENT_RECORD: record });
    await discover({ cwd: r.dir, question: 'what does -x do?', roles: ['researcher'], agent: 'claude', env });
    const { argv, cwd } = JSON.parse(readFileSync(record, 'utf8')) as { argv: string[]; cwd: string };
    expect(argv.slice(argv.indexOf('--permission-mode'), argv.indexOf('--permission-mode') + 2)).toEqual([
      '--permission-mode',
      'plan',
    ]);
    const tools = argv.slice(argv.indexOf('--allowedTools') + 1, argv.indexOf('--'));
    expect(tools).toContain('Read');
    expect(tools).toContain('WebFetch');
    expect(tools.some((t) => /^(Edit|Write|Bash)$/.test(t))).toBe(false);
    expect(argv.at(-1)).toContain('Your role: researcher');
    expect(argv.at(-1)).toContain('Question: what does -x do?');
    expect(cwd).toBe(r.dir);
  });

  it('notes files that changed in the working tree while the agents ran', async () => {
    const r = repo();
    const env = fakeEnv({ explorer: [{ message: 'looked', write: 'stray.txt:oops' }] });
    const report = await discover({ cwd: r.dir, question: 'q', roles: ['explorer'], agent: 'claude', env });
    expect(report.notes.join('\n')).toMatch(
      /files changed in the working tree while discovery ran .*: stray\.txt/,
    );
  });

  it('merges the findings with --synthesize (a failed role is named to the synthesizer)', async () => {
    const r = repo();
    const env = fakeEnv({
      explorer: [{ message: 'A' }],
      curator: [{ mode: 'fail' }, { mode: 'fail' }],
      synthesis: [{ message: '## Answer\nmerged\n## Conflicts\nnone' }],
    });
    const report = await discover({
      cwd: r.dir,
      question: 'q',
      roles: ['explorer', 'curator'],
      agent: 'claude',
      env,
      synthesize: true,
    });
    expect(report.status).toBe('partial');
    expect(report.synthesis).toMatchObject({ role: 'synthesis', status: 'succeeded' });
    const md = readFileSync(report.files.markdown, 'utf8');
    expect(md).toContain('## Synthesis — merged answer, conflicts and trade-offs\n\n### Answer\nmerged');
  });
});

describe('discover with the shell agent', () => {
  const config = [
    'roles:',
    '  explorer:',
    '    commands: ["git ls-files", "echo \\"asked: $WEFT_DISCOVER_QUESTION\\""]',
    '  todo:',
    '    focus: open TODOs',
    '    commands: ["grep -rn TODO src"]',
  ].join('\n');

  it('runs the read-only commands roles define; the question arrives as a variable, never in the script', async () => {
    const r = repo({ '.weft/config.yaml': config, 'src/a.ts': '// TODO: auth\n' });
    const report = await discover({
      cwd: r.dir,
      question: "it's `rm -rf` safe?",
      roles: ['explorer', 'todo'],
      agent: 'shell',
    });
    expect(report.status).toBe('complete');
    expect(report.roles[0]!.findings).toBe(".weft/config.yaml\nsrc/a.ts\nasked: it's `rm -rf` safe?");
    expect(report.roles[1]).toMatchObject({
      role: 'todo',
      focus: 'open TODOs',
      findings: 'src/a.ts:1:// TODO: auth',
    });
  });

  it('refuses a role without commands, naming it, before anything starts', async () => {
    const r = repo({ '.weft/config.yaml': config });
    const err = await discover({ cwd: r.dir, question: 'q', agent: 'shell' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedError);
    expect((err as RefusedError).message).toBe(
      'the shell agent cannot answer a question; roles curator, researcher define no read-only commands',
    );
    expect(existsSync(join(r.dir, '.weft', 'discover'))).toBe(false);
  });

  it('refuses the shell agent inside a worker, where only read-only modes may run', async () => {
    const r = repo({ '.weft/config.yaml': config });
    const err = await discover({
      cwd: r.dir,
      question: 'q',
      roles: ['explorer'],
      agent: 'shell',
      env: { ...process.env, PARALLEL_WORKER_DEPTH: '1' },
    }).catch((e: unknown) => e);
    expect((err as RefusedError).code).toBe('E_NOT_READ_ONLY');
  });
});

describe('discover refuses bad input before anything starts', () => {
  it('an unknown role, with the known ones listed', async () => {
    const r = repo();
    const err = await discover({
      cwd: r.dir,
      question: 'q',
      roles: ['explorer', 'wizard'],
      agent: 'claude',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).details[0]).toBe('known roles: explorer, curator, researcher');
  });

  it('a config role without a focus', async () => {
    const r = repo({ '.weft/config.yaml': 'roles:\n  security: {}\n' });
    const err = await discover({ cwd: r.dir, question: 'q', agent: 'claude' }).catch((e: unknown) => e);
    expect((err as UsageError).message).toBe('.weft/config.yaml: role "security" needs a `focus`');
  });

  it('the command agent, which has no read-only mode', async () => {
    const r = repo();
    const err = await discover({ cwd: r.dir, question: 'q', agent: 'command' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError); // no template configured: refused by the agent layer first
  });
});
