/**
 * Commit objects written through one long-running `git hash-object -t commit
 * -w --stdin-paths` instead of a `git commit-tree` process per commit. A run
 * makes two commits per task (the agent's leftovers and the merge), and on a
 * busy 2-core machine a git process costs 5–10 ms; the pipe costs well under
 * one. git still writes every object and checks its format. The identities are
 * git's own (`git var`), asked once; the time is the moment of the commit.
 *
 * `write` answers undefined whenever the shortcut would not give what
 * `commit-tree` gives — a fixed GIT_AUTHOR_DATE or GIT_COMMITTER_DATE, commits
 * to be signed, no identity, the helper gone — and the caller then runs
 * `commit-tree` as before.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git } from './git.js';

interface Identities {
  author: string;
  committer: string;
  signs: boolean;
}

/** `Name <email> 1763770000 +0100` as name-and-email, and the zone. */
const IDENT = /^(.*>) \d+ ([+-]\d{4})$/;

export class CommitWriter {
  private helper: ChildProcess | undefined;
  private dir: Promise<string> | undefined;
  private readonly waiting: ((oid: string | undefined) => void)[] = [];
  private received = '';
  private broken = false;
  private count = 0;
  private readonly identities = new Map<string, Promise<Identities | undefined>>();

  /**
   * `scratchDir`: where the commit texts are written for the helper to read
   * (a run's session folder, so that a weft killed mid-run leaves nothing
   * outside it); a fresh folder in the system temp directory when not given.
   */
  constructor(
    private readonly repo: string,
    private readonly scratchDir?: string,
  ) {}

  /**
   * The id of a new commit of `tree` with `parents` and `message` as given
   * (`commit-tree -F -` keeps it as it is), or undefined: use `commit-tree`.
   * `env` is the environment `commit-tree` would have had (e.g. a fallback identity).
   * `unsigned`: the commit would be made with `--no-gpg-sign`.
   */
  async write(
    tree: string,
    parents: readonly string[],
    message: string,
    env: Record<string, string> = {},
    unsigned = false,
  ): Promise<string | undefined> {
    const all = { ...process.env, ...env };
    if (this.broken || all.GIT_AUTHOR_DATE !== undefined || all.GIT_COMMITTER_DATE !== undefined)
      return undefined;
    const who = await this.identitiesFor(env);
    if (who === undefined || (who.signs && !unsigned)) return undefined;
    const when = Math.floor(Date.now() / 1000);
    const body =
      `tree ${tree}\n${parents.map((p) => `parent ${p}\n`).join('')}` +
      `author ${stamp(who.author, when)}\ncommitter ${stamp(who.committer, when)}\n\n${message}`;
    this.dir ??= this.scratch();
    const dir = await this.dir;
    const file = join(dir, `c${this.count++}`);
    await writeFile(file, body);
    try {
      return await this.hash(file);
    } finally {
      await rm(file, { force: true });
    }
  }

  /**
   * Start the helper and ask for the identities now, so the first commit does
   * not wait for them (a run calls this while its first attempts start).
   */
  prepare(env: Record<string, string> = {}): void {
    this.identitiesFor(env).catch(() => undefined);
    this.start();
  }

  private async scratch(): Promise<string> {
    if (this.scratchDir === undefined) return mkdtemp(join(tmpdir(), 'weft-commits-'));
    await mkdir(this.scratchDir, { recursive: true });
    return this.scratchDir;
  }

  /** Stop the helper and remove its temp folder. */
  async close(): Promise<void> {
    this.broken = true;
    this.helper?.stdin?.end();
    this.helper = undefined;
    if (this.dir) await rm(await this.dir, { recursive: true, force: true });
  }

  private hash(file: string): Promise<string | undefined> {
    const helper = this.start();
    if (helper === undefined || file.includes('\n')) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      helper.stdin?.write(`${file}\n`);
    });
  }

  private start(): ChildProcess | undefined {
    if (this.helper !== undefined || this.broken) return this.helper;
    const helper = spawn('git', ['hash-object', '-t', 'commit', '-w', '--stdin-paths'], {
      cwd: this.repo,
      stdio: ['pipe', 'pipe', 'ignore'],
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
    });
    helper.stdout?.setEncoding('utf8');
    helper.stdout?.on('data', (chunk: string) => {
      this.received += chunk;
      for (let nl = this.received.indexOf('\n'); nl !== -1; nl = this.received.indexOf('\n')) {
        const line = this.received.slice(0, nl).trim();
        this.received = this.received.slice(nl + 1);
        this.waiting.shift()?.(/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(line) ? line : undefined);
      }
    });
    const fail = (): void => {
      // A malformed commit or a dead helper: every waiting caller falls back to commit-tree.
      this.broken = true;
      this.helper = undefined;
      for (const resolve of this.waiting.splice(0)) resolve(undefined);
    };
    helper.on('error', fail);
    helper.on('close', fail);
    helper.stdin?.on('error', fail);
    this.helper = helper;
    return helper;
  }

  private identitiesFor(env: Record<string, string>): Promise<Identities | undefined> {
    const key = JSON.stringify(env);
    let known = this.identities.get(key);
    if (known === undefined) {
      known = Promise.all([
        git(['var', 'GIT_AUTHOR_IDENT'], { cwd: this.repo, env, okCodes: [128] }),
        git(['var', 'GIT_COMMITTER_IDENT'], { cwd: this.repo, env, okCodes: [128] }),
        git(['config', '--bool', '--get', 'commit.gpgsign'], { cwd: this.repo, env, okCodes: [1] }),
      ]).then(
        ([author, committer, sign]) =>
          author.exitCode === 0 &&
          committer.exitCode === 0 &&
          IDENT.test(author.stdout) &&
          IDENT.test(committer.stdout)
            ? { author: author.stdout, committer: committer.stdout, signs: sign.stdout.trim() === 'true' }
            : undefined,
        () => undefined,
      );
      this.identities.set(key, known);
    }
    return known;
  }
}

/** The identity with the commit's time, in the zone git reported. */
function stamp(ident: string, when: number): string {
  const [, who, zone] = IDENT.exec(ident)!;
  return `${who} ${when} ${zone}`;
}
