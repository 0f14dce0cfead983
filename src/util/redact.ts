/**
 * Secret redaction for everything weft writes from agent output: logs, the
 * journal, progress lines, reports. Secrets are the values of the variables
 * in the repository's `.env` files and of well-known secret variables in the
 * environment (API keys, `*_TOKEN`, `*_SECRET`, `*_PASSWORD`…); each becomes
 * `[redacted:NAME]`. Very short values are left alone: they would match
 * ordinary words (docs/reliability.md).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Secret variables weft knows by name, besides the name patterns below. */
export const SECRET_ENV_NAMES = [
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_AUTH_TOKEN',
  'OPENAI_API_KEY',
  'CODEX_API_KEY',
  'GEMINI_API_KEY',
  'GOOGLE_API_KEY',
  'AWS_SECRET_ACCESS_KEY',
  'DATABASE_URL',
] as const;

const SECRET_NAME =
  /(?:^|_)(?:TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|ACCESS_KEY|SECRET_KEY|PRIVATE_KEY|CREDENTIALS?)$/i;
/** A value from the environment must be this long to be redacted; one from a `.env` file too, unless its name looks secret. */
const MIN_SECRET_LENGTH = 6;
const MIN_DOTENV_LENGTH = 8;
/** `.env` files that hold placeholders, not secrets. */
const TEMPLATE_ENV_FILE = /\.(?:example|sample|template|dist)$/;

export function isSecretName(name: string): boolean {
  return (SECRET_ENV_NAMES as readonly string[]).includes(name) || SECRET_NAME.test(name);
}

/** `KEY=value` lines of a dotenv file (`export`, quotes and trailing comments understood). */
export function parseDotenv(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(raw);
    if (!m) continue;
    let value = (m[2] ?? '').trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'" || quote === '`') && value.lastIndexOf(quote) > 0) {
      value = value.slice(1, value.lastIndexOf(quote));
      if (quote === '"') value = value.replace(/\\n/g, '\n');
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    vars.set(m[1] as string, value);
  }
  return vars;
}

/** Variables of the `.env`, `.env.*` files at the top of `dir` (templates excepted). */
export async function readDotenvFiles(dir: string): Promise<Map<string, string>> {
  const names = (await readdir(dir).catch(() => [] as string[]))
    .filter((n) => n.startsWith('.env') && !TEMPLATE_ENV_FILE.test(n))
    .sort();
  const vars = new Map<string, string>();
  for (const n of names) {
    const text = await readFile(join(dir, n), 'utf8').catch(() => undefined);
    if (text !== undefined) for (const [k, v] of parseDotenv(text)) vars.set(k, v);
  }
  return vars;
}

export class Redactor {
  private readonly pattern: RegExp | undefined;
  private readonly names = new Map<string, string>();
  /** Longest secret, for streams: a match can be at most this long. */
  readonly longest: number;

  /** `secrets`: [name, value] pairs. */
  constructor(secrets: Iterable<readonly [string, string]>) {
    for (const [name, value] of secrets) {
      for (const form of [value, JSON.stringify(value).slice(1, -1)]) {
        if (!this.names.has(form)) this.names.set(form, name);
      }
    }
    const values = [...this.names.keys()].sort((a, b) => b.length - a.length);
    this.longest = values[0]?.length ?? 0;
    this.pattern =
      values.length === 0
        ? undefined
        : new RegExp(values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  }

  get active(): boolean {
    return this.pattern !== undefined;
  }

  redact(text: string): string {
    if (!this.pattern) return text;
    return text.replace(this.pattern, (v) => `[redacted:${this.names.get(v) ?? 'secret'}]`);
  }

  /** The [start, end) spans of secrets in `text`. */
  matches(text: string): [number, number][] {
    if (!this.pattern) return [];
    return [...text.matchAll(this.pattern)].map((m) => [m.index, m.index + m[0].length]);
  }
}

/**
 * The main worktree of the linked worktree `dir` (its `.git` file names
 * `<main>/.git/worktrees/<name>`), read from files: no git process.
 */
async function mainWorktreeOf(dir: string): Promise<string | undefined> {
  const link = await readFile(join(dir, '.git'), 'utf8').catch(() => undefined);
  const gitDir = link === undefined ? undefined : /^gitdir: (.+)$/m.exec(link)?.[1]?.trim();
  const at = gitDir?.lastIndexOf('/.git/worktrees/') ?? -1;
  return gitDir !== undefined && at > 0 ? gitDir.slice(0, at) : undefined;
}

/**
 * Secrets of the environment `env` and of the `.env` files in `dir` (a
 * repository or a worktree) and, for a linked worktree, in its main worktree.
 */
export async function redactorFor(dir: string | undefined, env: NodeJS.ProcessEnv): Promise<Redactor> {
  const secrets: [string, string][] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value && value.length >= MIN_SECRET_LENGTH && isSecretName(name)) secrets.push([name, value]);
  }
  const dirs = dir === undefined ? [] : [dir, await mainWorktreeOf(dir)];
  for (const d of new Set(dirs)) {
    if (d === undefined) continue;
    for (const [name, value] of await readDotenvFiles(d)) {
      const min = isSecretName(name) ? MIN_SECRET_LENGTH : MIN_DOTENV_LENGTH;
      if (value.length >= min) secrets.push([name, value]);
    }
  }
  return new Redactor(secrets);
}
