/**
 * Shared engine of weft's fake agent CLIs. Each fake (claude, codex, gemini,
 * opencode, aider) supplies a `format` that prints events exactly as the real
 * CLI does; this module decides what happens from environment variables:
 *
 *   FAKE_AGENT_MODE        success (default) | fail | blocked | crash | hang |
 *                          garbage | slow | ignore-sigterm | no-work | huge |
 *                          leak
 *   FAKE_AGENT_WRITE       files to write in cwd, one `path:content` per line
 *                          (`\n` in content is a newline)
 *   FAKE_AGENT_SLEEP_MS    pause between events in `slow` mode (default 200)
 *   FAKE_AGENT_MESSAGE     the final answer (default "done")
 *   FAKE_AGENT_EXIT_CODE   exit code for `fail` (default: the CLI's own)
 *   FAKE_AGENT_RECORD      write {argv, cwd, env, stdin} as JSON to this path
 *   FAKE_AGENT_PID_FILE    write this process's pid (and in ignore-sigterm
 *                          mode the child's pid on a second line) here
 *   FAKE_AGENT_DELETE      files to delete in cwd, one path per line
 *   FAKE_AGENT_CHECKOUT    git ref to check out in cwd before working:
 *                          `@detach`, `@integration` (weft/$WEFT_RUN_ID) or a
 *                          branch name (created when missing)
 *   FAKE_AGENT_COMMIT      `1`: commit the work itself; each commit id is
 *                          appended to FAKE_AGENT_COMMIT_LOG with the task id
 *   FAKE_AGENT_HUGE_BYTES  output size in `huge` mode (default 8 MiB)
 *   FAKE_AGENT_LEAK        comma-separated variable names whose values `leak`
 *                          mode prints, writes to stderr and fails with
 *   FAKE_AGENT_FAIL_MESSAGE the error text of `fail` (claude only)
 *   FAKE_AGENT_REQUIRE     a file that must exist in cwd (e.g. `.env`): the
 *                          agent fails, as `fail`, when it is missing
 */
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const RECORDED_ENV = [
  'CLAUDE_CONFIG_DIR',
  'CODEX_HOME',
  'GEMINI_CLI_HOME',
  'OPENCODE_DB',
  'PORT',
  'CLAUDECODE',
  'PARALLEL_WORKER_DEPTH',
];

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function print(value) {
  process.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value)}\n`);
}

export function printErr(text) {
  process.stderr.write(`${text}\n`);
}

function plannedWrites() {
  const spec = process.env.FAKE_AGENT_WRITE ?? '';
  return spec
    .split('\n')
    .filter((line) => line.includes(':'))
    .map((line) => {
      const at = line.indexOf(':');
      return { path: line.slice(0, at), content: line.slice(at + 1).replace(/\\n/g, '\n') };
    });
}

function writeInCwd({ path, content }) {
  const full = resolve(process.cwd(), path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
  return full;
}

/** Like the real CLIs, read all of a non-TTY stdin: an open pipe would hang here. */
function readStdin() {
  if (process.stdin.isTTY) return '';
  try {
    return readFileSync(0, 'utf8');
  } catch {
    return '';
  }
}

function record(argv, stdin) {
  const path = process.env.FAKE_AGENT_RECORD;
  if (!path) return;
  const env = Object.fromEntries(
    RECORDED_ENV.filter((k) => k in process.env).map((k) => [k, process.env[k]]),
  );
  writeFileSync(path, JSON.stringify({ argv, cwd: process.cwd(), env, stdin }, null, 2));
}

/**
 * Per-task behaviour for whole runs: `FAKE_AGENT_PLAN` names a JSON file
 * mapping a task id (weft's `WEFT_TASK_ID`) to a list of behaviours, one per
 * attempt (the last one repeats): `{ mode, write, message, sleepMs, exitCode }`,
 * `write` being `FAKE_AGENT_WRITE`'s format. Attempts are counted in
 * `<plan>.<task>.count` beside the plan.
 */
function applyTaskPlan() {
  const planPath = process.env.FAKE_AGENT_PLAN;
  const task = process.env.WEFT_TASK_ID;
  if (!planPath || !task) return;
  const plan = JSON.parse(readFileSync(planPath, 'utf8'));
  const steps = plan[task];
  if (!Array.isArray(steps) || steps.length === 0) return;
  const counter = `${planPath}.${task}.count`;
  let n = 0;
  try {
    n = Number(readFileSync(counter, 'utf8')) || 0;
  } catch {}
  writeFileSync(counter, String(n + 1));
  const step = steps[Math.min(n, steps.length - 1)];
  const set = (key, value) => {
    if (value !== undefined) process.env[key] = String(value);
  };
  set('FAKE_AGENT_MODE', step.mode);
  set('FAKE_AGENT_WRITE', step.write);
  set('FAKE_AGENT_MESSAGE', step.message);
  set('FAKE_AGENT_SLEEP_MS', step.sleepMs);
  set('FAKE_AGENT_EXIT_CODE', step.exitCode);
  set('FAKE_AGENT_DELETE', step.delete);
  set('FAKE_AGENT_CHECKOUT', step.checkout);
  set('FAKE_AGENT_COMMIT', step.commit === undefined ? undefined : step.commit ? '1' : '0');
  set('FAKE_AGENT_HUGE_BYTES', step.hugeBytes);
  set('FAKE_AGENT_LEAK', step.leak);
  set('FAKE_AGENT_FAIL_MESSAGE', step.failMessage);
  set('FAKE_AGENT_REQUIRE', step.require);
}

function gitIn(args) {
  return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** `git checkout` the way a confused agent would; a refusal is printed, as an agent would see it, and work goes on. */
function checkoutElsewhere(target) {
  try {
    if (target === '@detach') gitIn(['checkout', '--quiet', '--detach']);
    else if (target === '@integration') gitIn(['checkout', '--quiet', `weft/${process.env.WEFT_RUN_ID}`]);
    else {
      const exists = (() => {
        try {
          gitIn(['rev-parse', '--verify', '--quiet', `refs/heads/${target}`]);
          return true;
        } catch {
          return false;
        }
      })();
      gitIn(exists ? ['checkout', '--quiet', target] : ['checkout', '--quiet', '-b', target]);
    }
  } catch (error) {
    printErr(`git checkout ${target} failed: ${String(error.stderr ?? error.message).trim()}`);
  }
}

/** The agent commits its own work (as real agents often do) and logs the commit for the test. */
function commitOwnWork() {
  gitIn(['add', '-A']);
  try {
    gitIn([
      'commit',
      '--quiet',
      '--no-verify',
      '-m',
      `fake agent work for ${process.env.WEFT_TASK_ID ?? '?'}`,
    ]);
  } catch {
    return; // nothing to commit
  }
  const log = process.env.FAKE_AGENT_COMMIT_LOG;
  if (log) appendFileSync(log, `${gitIn(['rev-parse', 'HEAD'])} ${process.env.WEFT_TASK_ID ?? '?'}\n`);
}

/** Several MiB of output: plain lines, JSON-looking lines and one line of 1 MiB without a break. */
function printHuge(bytes) {
  const line = 'x'.repeat(1023);
  let written = 0;
  process.stdout.write(`${'y'.repeat(1 << 20)}\n`);
  written += 1 << 20;
  while (written < bytes) {
    process.stdout.write(`${written % 3 === 0 ? '{"type":"noise","text":"' : ''}${line}\n`);
    written += 1024;
  }
}

/** `NAME=value` for each name in FAKE_AGENT_LEAK, from the environment or else the worktree's `.env`, as an agent reading it would. */
function leakedValues() {
  let dotenv = '';
  try {
    dotenv = readFileSync('.env', 'utf8');
  } catch {}
  const fromFile = (k) => new RegExp(`^${k}=(.*)$`, 'm').exec(dotenv)?.[1] ?? '';
  return (process.env.FAKE_AGENT_LEAK ?? '')
    .split(',')
    .filter(Boolean)
    .map((k) => `${k}=${process.env[k] ?? fromFile(k)}`)
    .join(' ');
}

function startStubbornChild() {
  const child = spawn(
    process.execPath,
    ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000);"],
    {
      stdio: 'ignore',
    },
  );
  return child.pid;
}

/**
 * Run a fake. `format` is an object of printers:
 *   parseArgs(argv) -> { prompt } or throws (printed as a usage error, exit 2)
 *   started(), message(text), write({path, fullPath, content}), blocked(),
 *   result({ ok, message }), fail({ message, exitCode }) -> exit code,
 *   crash(), failExitCode
 */
export async function runFake(format) {
  applyTaskPlan();
  const argv = process.argv.slice(2);
  let parsed;
  try {
    parsed = format.parseArgs(argv);
  } catch (error) {
    printErr(`error: ${error.message}`);
    process.exit(2);
  }
  const stdin = format.readsStdin === false ? '' : readStdin();
  record(argv, stdin);
  const mode = process.env.FAKE_AGENT_MODE ?? 'success';
  const message = process.env.FAKE_AGENT_MESSAGE ?? 'done';
  const pause = mode === 'slow' ? Number(process.env.FAKE_AGENT_SLEEP_MS ?? 200) : 0;
  const pidFile = process.env.FAKE_AGENT_PID_FILE;

  if (mode === 'ignore-sigterm') {
    process.on('SIGTERM', () => {});
    const childPid = await startStubbornChild();
    if (pidFile) writeFileSync(pidFile, `${process.pid}\n${childPid}\n`);
  } else if (pidFile) {
    writeFileSync(pidFile, `${process.pid}\n`);
  }

  format.started(parsed);
  if (process.env.FAKE_AGENT_CHECKOUT) checkoutElsewhere(process.env.FAKE_AGENT_CHECKOUT);
  const required = process.env.FAKE_AGENT_REQUIRE;
  if (required && !existsSync(resolve(process.cwd(), required))) {
    const code = format.fail({ message: `missing ${required} in ${process.cwd()}` });
    process.exit(Number(process.env.FAKE_AGENT_EXIT_CODE ?? code));
  }
  if (mode === 'leak') {
    const leaked = leakedValues();
    format.message(`my environment says ${leaked}`);
    printErr(`debug: using ${leaked}`);
    const code = format.fail({ message: `API Error: 401 with ${leaked}` });
    process.exit(Number(process.env.FAKE_AGENT_EXIT_CODE ?? code));
  }
  if (mode === 'huge') printHuge(Number(process.env.FAKE_AGENT_HUGE_BYTES ?? 8 << 20));
  if (mode === 'garbage') {
    print('this is not json');
    print('{"type": "truncated');
    print('[1, 2, 3]');
  }
  if (mode === 'hang' || mode === 'ignore-sigterm') {
    setInterval(() => {}, 60_000);
    return;
  }
  if (mode === 'crash') {
    format.message('starting work');
    printErr('Error: fake agent crashed\n    at main (fake.js:1:1)');
    process.exit(3);
  }
  for (const file of mode === 'no-work' ? [] : plannedWrites()) {
    if (pause) await sleep(pause);
    const fullPath = writeInCwd(file);
    format.write({ ...file, fullPath });
  }
  for (const path of (process.env.FAKE_AGENT_DELETE ?? '').split('\n').filter(Boolean)) {
    rmSync(resolve(process.cwd(), path), { force: true, recursive: true });
  }
  if (process.env.FAKE_AGENT_COMMIT === '1') commitOwnWork();
  if (mode === 'blocked') {
    if (pause) await sleep(pause);
    format.blocked(parsed);
  }
  if (pause) await sleep(pause);
  if (mode === 'fail') {
    const code = format.fail({ message: process.env.FAKE_AGENT_FAIL_MESSAGE });
    process.exit(Number(process.env.FAKE_AGENT_EXIT_CODE ?? code));
  }
  format.message(message);
  format.result({ ok: true, message });
  await flushed();
  process.exit(0);
}

/** Writes to a pipe are asynchronous: exiting before they drain would cut megabytes of output short. */
function flushed() {
  return new Promise((done) => process.stdout.write('', () => process.stderr.write('', () => done())));
}

/** The argument after `--`, the way weft passes prompts to commander/yargs/clap CLIs. */
export function promptAfterDashDash(argv) {
  const at = argv.indexOf('--');
  if (at === -1 || at !== argv.length - 2) throw new Error('expected `-- <prompt>` at the end');
  return argv[at + 1];
}

/** The value of `--name=value` or `--name value`. */
export function flagValue(argv, name) {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === name) return argv[i + 1];
    if (argv[i].startsWith(`${name}=`)) return argv[i].slice(name.length + 1);
  }
  return undefined;
}

export const newId = (prefix) => `${prefix}${Math.random().toString(16).slice(2, 14)}`;

export { join };
