/**
 * Hostile branch names, task ids, file paths, prompts and flag values through
 * `weft plan`, `weft run` and `weft spawn`. Every value that could run a
 * command carries a canary (`touch <sandbox>/canary/pwned-N`): a canary file
 * means weft ran a command the user did not ask for. The repository sits in a
 * sandbox folder with its own HOME and TMPDIR; anything that appears in the
 * sandbox outside the repository (and its `.trees/`) was written where it
 * must not be.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeRepo, makeTempDir } from '../../support/repo.js';
import { killAll, strayProcesses } from './processes.js';
import { caseEnv, type WeftRun, weft } from './weft-process.js';

export interface HostileResult {
  values: number;
  invocations: number;
  /** Commands that ran without the user asking (canary files). */
  commandsRun: string[];
  /** Files written outside the repository and its `.trees/`. */
  writtenOutside: string[];
  /** Internal errors (exit 70) or stack traces instead of a message. */
  crashes: string[];
  refused: number;
  accepted: number;
}

/** Hostile values; `C` is replaced by the canary folder, `P` by the sandbox. */
export const HOSTILE_CORPUS = [
  '$(touch C/pwned-1)',
  '`touch C/pwned-2`',
  'x; touch C/pwned-3',
  'x | touch C/pwned-4',
  'x && touch C/pwned-5',
  '--upload-pack=touch C/pwned-6',
  '--exec=touch C/pwned-7',
  '-c core.hooksPath=C',
  '--output=P/out-1',
  '-rf',
  '../escape-1',
  '../../escape-2',
  'P/abs-escape',
  '.git/hooks/post-checkout',
  'a\nb; touch C/pwned-8',
  "'; touch C/pwned-9; '",
  '"$(touch C/pwned-10)"',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, on purpose
  '${IFS}touch${IFS}C/pwned-11',
  'HEAD',
  'a..b',
  'x.lock',
  '@{-1}',
  'refs/heads/main',
  'ブランチ-ünï',
  'emoji-😀',
  'x'.repeat(300),
] as const;

/** `values`: how many of the corpus (from the start), or which (indexes). */
export async function runHostileCorpus(
  options: { values?: number | number[]; contexts?: readonly Context[] } = {},
): Promise<HostileResult> {
  const sandbox = makeTempDir('weft-hostile-');
  const canary = join(sandbox, 'canary');
  for (const d of ['canary', 'home', 'tmp']) mkdirSync(join(sandbox, d));
  const made = makeRepo({ 'README.md': '# hostile\n' });
  const repo = join(sandbox, 'repo');
  renameSync(made.dir, repo);
  const ce = caseEnv({ HOME: join(sandbox, 'home'), TMPDIR: join(sandbox, 'tmp') });
  const picked = Array.isArray(options.values)
    ? options.values.map((i) => HOSTILE_CORPUS[i] as string)
    : HOSTILE_CORPUS.slice(0, options.values ?? HOSTILE_CORPUS.length);
  const values = picked.map((v) => v.replace(/\bC\b/g, canary).replace(/\bP\//g, `${sandbox}/`));
  const result: HostileResult = {
    values: values.length,
    invocations: 0,
    commandsRun: [],
    writtenOutside: [],
    crashes: [],
    refused: 0,
    accepted: 0,
  };
  const call = async (
    label: string,
    args: string[],
    extraEnv: Record<string, string> = {},
  ): Promise<WeftRun> => {
    const r = await weft(args, { cwd: repo, env: { ...ce.env, ...extraEnv }, timeoutMs: 60_000 });
    result.invocations++;
    if (r.exitCode === 70 || /internal error|\n\s+at .+:\d+:\d+\)?$/m.test(r.stderr) || r.timedOut) {
      result.crashes.push(`${label}: exit ${r.exitCode}: ${r.stderr.slice(0, 200)}`);
    } else if (r.exitCode === 0 || r.exitCode === 1) result.accepted++;
    else result.refused++;
    return r;
  };
  try {
    for (const ctx of options.contexts ?? CONTEXTS) await ctx(values, call, repo, ce.scratch);
    result.commandsRun = readdirSync(canary);
    const expected = new Set(['repo', 'canary', 'home', 'tmp']);
    result.writtenOutside = [
      ...readdirSync(sandbox).filter((n) => !expected.has(n)),
      ...readdirSync(join(sandbox, 'home')).map((n) => `home/${n}`),
      ...readdirSync(join(sandbox, 'tmp')).map((n) => `tmp/${n}`),
    ];
    return result;
  } finally {
    killAll(strayProcesses(repo, ce.marker));
    ce.dispose();
    rmSync(sandbox, { recursive: true, force: true });
  }
}

type Call = (label: string, args: string[], env?: Record<string, string>) => Promise<WeftRun>;
/** `scratch`: the harness's own folder, outside the sandbox. */
export type Context = (values: string[], call: Call, repo: string, scratch: string) => Promise<void>;

const safeId = (i: number): string => `T${i + 1}`;

/** Hostile text as task titles and bodies (the agent's prompt), one file, planned and run with the fake claude. */
const asPrompts: Context = async (values, call, repo, scratch) => {
  const tasks = values.map(
    (v, i) => `## ${safeId(i)}: ${v.split('\n')[0]}\nFiles: create t${i}.txt\n\n${v}\n`,
  );
  writeFileSync(
    join(repo, 'prompts.md'),
    `---\nagent: claude\nworkers: 4\n---\n# Prompts\n\n${tasks.join('\n')}`,
  );
  const plan = Object.fromEntries(values.map((_, i) => [safeId(i), [{ write: `t${i}.txt:${i}` }]]));
  const planFile = join(scratch, 'plan.json');
  writeFileSync(planFile, JSON.stringify(plan));
  await call('plan prompts', ['plan', 'prompts.md']);
  await call('run prompts', ['run', 'prompts.md', '--new'], { FAKE_AGENT_PLAN: planFile });
};

/** Each value as a declared file path, a dependency and a task id: refused with its location, or planned. */
const asTaskFileValues: Context = async (values, call, repo) => {
  for (const [i, v] of values.entries()) {
    const line = v.replace(/\n/g, ' ');
    for (const [what, body] of [
      ['path', `## T1: x\nFiles: create ${line}\n`],
      ['dependency', `## T1: x\nDepends: ${line}\n`],
      ['id', `## ${line}: x\n`],
      ['front matter base', `---\nbase: ${JSON.stringify(v)}\n---\n## T1: x\n`],
    ] as const) {
      writeFileSync(join(repo, 'hostile.md'), `${body.startsWith('---') ? '' : '# H\n\n'}${body}`);
      await call(`plan ${what} ${i}`, ['plan', 'hostile.md']);
      if (what === 'front matter base' || what === 'id')
        await call(`run ${what} ${i}`, ['run', 'hostile.md', '--new', '--agent', 'claude']);
    }
  }
};

/** Each value as `weft spawn --branch`, `--task` and `--from`, and as `weft run --base`, `--merge-into`, `--agent`. */
const asFlags: Context = async (values, call, repo) => {
  writeFileSync(join(repo, 'one.md'), '# One\n\n## T1: One\nFiles: create one.txt\n\nWrite one.\n');
  for (const [i, v] of values.entries()) {
    await call(`spawn --branch ${i}`, ['spawn', '--branch', v, '--agent', 'claude', '--task', 'write x'], {
      FAKE_AGENT_WRITE: 'x.txt:x',
    });
    await call(`spawn --task ${i}`, ['spawn', '--branch', `safe-${i}`, '--agent', 'claude', '--task', v], {
      FAKE_AGENT_WRITE: 'y.txt:y',
    });
    await call(`spawn --from ${i}`, [
      'spawn',
      '--branch',
      `from-${i}`,
      '--from',
      v,
      '--agent',
      'claude',
      '--task',
      'x',
    ]);
    await call(`run --base ${i}`, ['run', 'one.md', '--new', '--agent', 'claude', '--base', v]);
    await call(`run --merge-into ${i}`, ['run', 'one.md', '--new', '--agent', 'claude', '--merge-into', v], {
      FAKE_AGENT_WRITE: 'one.txt:1',
    });
    await call(`run --agent ${i}`, ['run', 'one.md', '--new', '--agent', v]);
  }
};

export const CONTEXTS: readonly Context[] = [asPrompts, asTaskFileValues, asFlags];
export const CONTEXT_NAMES = ['prompts', 'task-file values', 'flags'] as const;
