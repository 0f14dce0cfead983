/**
 * Secrets never leave weft: agents that print secrets, write them to stderr
 * and fail with them in their error, a test gate that echoes one, `weft run`
 * and `weft spawn` — then every file weft wrote (logs, journal, snapshots,
 * reports), its stdout and stderr, and every branch's files are searched for
 * the secret values.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeRepo } from '../../support/repo.js';
import { git } from './inspect.js';
import { caseEnv, endCase, weft } from './weft-process.js';

export interface SecretsResult {
  secrets: number;
  /** Places a secret value was found: `<where>: <NAME>`. */
  leaks: string[];
  /** Files and streams searched. */
  searched: number;
  /** The redaction marker appeared (the test is not vacuous). */
  redactedSeen: boolean;
  runExit: number | undefined;
  spawnExit: number | undefined;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile() && statSync(p).size < 64 << 20) out.push(p);
  }
  return out;
}

export async function runSecretsCase(): Promise<SecretsResult> {
  const rnd = (): string => randomBytes(9).toString('hex');
  const secrets: Record<string, string> = {
    ANTHROPIC_API_KEY: `sk-ant-api03-${rnd()}`,
    GH_TOKEN: `ghp_${rnd()}`,
    DB_PASSWORD: `pw-${rnd()}`,
    SERVICE_TOKEN: `svc-${rnd()}`,
    DATABASE_DSN: `postgres://app:${rnd()}@db.internal/app`,
  };
  const fromDotenv = ['SERVICE_TOKEN', 'DATABASE_DSN'];
  const leak = Object.keys(secrets).join(',');
  const tasks = [
    '---\nworkers: 2\nagent: claude\nmax-attempts: 2\nvalidate: echo "gate sees $GH_TOKEN"\n---\n# Secrets\n',
    '## T1: Leaky failure\nFiles: create t1.txt\n\nFail loudly.\n',
    '## T2: Leaky success\nFiles: create t2.txt\n\nSucceed loudly.\n',
  ].join('\n');
  // `.env` is untracked and not ignored: weft copies it into worktrees and must not commit it.
  const repo = makeRepo({ 'README.md': '# s\n', 'tasks.md': tasks });
  writeFileSync(
    join(repo.dir, '.env'),
    fromDotenv
      .map((k) => `${k}=${secrets[k]}`)
      .join('\n')
      .concat('\nPORT=3000\n'),
  );
  const ce = caseEnv();
  const plan = join(ce.scratch, 'plan.json');
  const loud = `all of them: ${Object.values(secrets).join(' ')}`;
  writeFileSync(
    plan,
    JSON.stringify({
      T1: [{ mode: 'leak', leak }],
      T2: [{ mode: 'success', leak, write: 't2.txt:two', message: loud }],
    }),
  );
  const envSecrets = Object.fromEntries(Object.entries(secrets).filter(([k]) => !fromDotenv.includes(k)));
  const env = { ...ce.env, ...envSecrets, FAKE_AGENT_PLAN: plan };
  const streams: [string, string][] = [];
  try {
    const run = await weft(['run', 'tasks.md'], { cwd: repo.dir, env });
    streams.push(['weft run stdout', run.stdout], ['weft run stderr', run.stderr]);
    const json = await weft(['run', '--new', 'tasks.md', '--json'], { cwd: repo.dir, env });
    streams.push(['weft run --json stdout', json.stdout], ['weft run --json stderr', json.stderr]);
    const spawn = await weft(
      ['spawn', '--branch', 'spawned-leak', '--agent', 'claude', '--task', 'leak please'],
      { cwd: repo.dir, env: { ...env, FAKE_AGENT_MODE: 'leak', FAKE_AGENT_LEAK: leak } },
    );
    streams.push(['weft spawn stdout', spawn.stdout], ['weft spawn stderr', spawn.stderr]);
    for (const cmd of [['status'], ['report']]) {
      const r = await weft(cmd, { cwd: repo.dir, env });
      streams.push([`weft ${cmd[0]} output`, r.stdout + r.stderr]);
    }
    const files = [
      ...filesUnder(join(repo.dir, '.weft')),
      ...filesUnder(join(repo.dir, '.git')).filter((f) => /\/logs\/|\.log$/.test(f)),
    ];
    for (const f of files) streams.push([f.slice(repo.dir.length + 1), readFileSync(f, 'latin1')]);
    // Every branch's files: weft must not commit the `.env` it carried into a worktree.
    for (const ref of git(repo.dir, 'for-each-ref', '--format=%(refname)', 'refs/heads/').split('\n')) {
      streams.push([`files of ${ref}`, git(repo.dir, 'log', '-p', '--format=%H', ref)]);
    }
    const leaks: string[] = [];
    for (const [where, text] of streams) {
      for (const [name, value] of Object.entries(secrets))
        if (text.includes(value)) leaks.push(`${where}: ${name}`);
    }
    return {
      secrets: Object.keys(secrets).length,
      leaks,
      searched: streams.length,
      redactedSeen: streams.some(([, t]) => t.includes('[redacted:')),
      runExit: run.exitCode,
      spawnExit: spawn.exitCode,
    };
  } finally {
    endCase(repo, ce);
  }
}
