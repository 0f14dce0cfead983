/**
 * `weft team start|status|sync|stop|done`: seed 004's role sessions in tmux.
 * The hidden `weft team __role <launch file>` is the process inside each
 * role's window (header, waiting, the agent, the bell when it needs input).
 */
import { relative } from 'node:path';
import type { Command } from 'commander';
import { EXIT, UsageError } from '../errors.js';
import { markRoleDone } from '../team/done.js';
import { type RoleSessionEvent, runRoleSession } from '../team/role-session.js';
import { ROLE_PROCESS_COMMAND, startTeam, type TeamStartEvent } from '../team/start.js';
import { type TeamStatus, teamStatus } from '../team/status.js';
import { stopTeam } from '../team/stop.js';
import { syncTeam, type TeamSyncReport } from '../team/sync.js';
import { formatDuration } from '../util/duration.js';
import { action } from './errors.js';
import { assertNotNested } from './nesting.js';

const out = (line = ''): boolean => process.stdout.write(`${line}\n`);
const err = (line = ''): boolean => process.stderr.write(`${line}\n`);

export function registerTeam(program: Command): void {
  const team = program
    .command('team')
    .description('role sessions in tmux: planning, features, testing, docs (seed 004)');
  team
    .command('start')
    .description(
      'open a tmux session with one window per role, each feature/testing/docs role in its own worktree',
    )
    .option('--roles <list>', 'roles in tab order (default: planning,feature:auth,feature:api,testing,docs)')
    .option('--agent <name>', 'agent for every role (default: config team.agent or agent, else claude)')
    .option('--model <name>', 'model for the agents')
    .option('--goal <text>', "the team's objective, given to every role")
    .option('--from <ref>', 'base for new role branches (default: HEAD)')
    .option('--json', 'print the team as JSON')
    .action(action((flags: StartFlags) => startCommand(flags)));
  team
    .command('status')
    .description("each role's window, branch, state and last activity")
    .option('--json', 'print the status as JSON')
    .action(action((flags: { json?: boolean }) => statusCommand(flags)));
  team
    .command('sync')
    .description(
      'merge the role branches into the team integration branch in order and tell each role what changed',
    )
    .option('--no-message', "write each role's notice file but type nothing into the windows")
    .option('--json', 'print the sync report as JSON')
    .action(action((flags: { message: boolean; json?: boolean }) => syncCommand(flags)));
  team
    .command('stop')
    .description('end the tmux session; commit what roles left uncommitted; keep every branch')
    .option('--keep-worktrees', 'leave the role worktrees in place')
    .option('--json', 'print the result as JSON')
    .action(action((flags: { keepWorktrees?: boolean; json?: boolean }) => stopCommand(flags)));
  team
    .command('done [role]')
    .description('report a role finished (inside a role window the role is known); roles waiting on it start')
    .option('--note <text>', 'a short note for the team')
    .action(action((role: string | undefined, flags: { note?: string }) => doneCommand(role, flags)));
  team
    .command(`${ROLE_PROCESS_COMMAND} <launch-file>`, { hidden: true })
    .description("internal: the process in a role's tmux window")
    .action(action((file: string) => roleCommand(file)));
}

interface StartFlags {
  roles?: string;
  agent?: string;
  model?: string;
  goal?: string;
  from?: string;
  json?: boolean;
}

async function startCommand(flags: StartFlags): Promise<number> {
  assertNotNested('team start');
  const cwd = process.cwd();
  const record = await startTeam({
    cwd,
    roles: flags.roles,
    agent: flags.agent,
    model: flags.model,
    goal: flags.goal,
    from: flags.from,
    onEvent: (e: TeamStartEvent) => {
      if (e.type === 'worktree')
        err(`  ${e.role}: ${relative(cwd, e.path) || '.'} on ${e.branch} (${e.how})`);
      if (e.type === 'carried-over') err(`  ${e.role}: copied ${e.files.join(', ')}`);
    },
  });
  if (flags.json) {
    out(JSON.stringify(record, null, 2));
    return EXIT.ok;
  }
  out(`✓ team started in tmux session ${record.session} with ${record.agent}`);
  for (const r of record.roles) {
    const wait = r.waitsFor.length > 0 ? ` — waits for ${r.waitsFor.join(', ')}` : '';
    out(
      `  ${r.tab}  ${r.window.padEnd(24)} ${(r.branch ?? '(main checkout)').padEnd(22)} ${relative(cwd, r.cwd) || '.'}${wait}`,
    );
  }
  out(
    `join a role: weft attach ${record.roles[0]?.name ?? '<role>'} · follow: weft team status · end: weft team stop`,
  );
  return EXIT.ok;
}

function ago(iso: string | undefined, now: number): string {
  return iso === undefined ? '-' : `${formatDuration(Math.max(0, now - Date.parse(iso)))} ago`;
}

export function renderTeamStatus(s: TeamStatus, now = Date.now()): string {
  const t = s.team;
  const lines = [
    `team ${t.session} (${s.running ? 'running' : 'stopped'}) · agent ${t.agent} · base ${t.base.ref} (${t.base.commit.slice(0, 7)}) · integration ${t.integrationBranch}`,
  ];
  const head = ['TAB', 'ROLE', 'STATE', 'BRANCH', 'AHEAD', 'LAST ACTIVITY', 'LAST COMMIT'];
  const rows = s.roles.map((r) => [
    String(r.tab),
    r.role,
    r.state,
    r.branch ?? '(main checkout)',
    r.commitsAhead === undefined ? '-' : String(r.commitsAhead),
    ago(r.lastActivityAt, now),
    ago(r.lastCommitAt, now),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  lines.push(line(head), ...rows.map(line));
  for (const r of s.roles) {
    if (r.waitingFor.length > 0)
      lines.push(`  ${r.role} waits for ${r.waitingFor.join(', ')} (weft team done <role>)`);
    if (r.state === 'needs-input')
      lines.push(`  ${r.role} may need you (quiet since ${r.needsInputSince}): weft attach ${r.role}`);
    if (r.state === 'exited')
      lines.push(`  ${r.role}: the agent exited (code ${r.exitCode ?? 'none'}) without reporting done`);
  }
  return `${lines.join('\n')}\n`;
}

async function statusCommand(flags: { json?: boolean }): Promise<number> {
  const s = await teamStatus({ cwd: process.cwd() });
  process.stdout.write(flags.json ? `${JSON.stringify(s, null, 2)}\n` : renderTeamStatus(s));
  return EXIT.ok;
}

function renderSync(r: TeamSyncReport): string {
  const lines = [`▸ sync into ${r.integrationBranch} (${r.before.slice(0, 7)} → ${r.after.slice(0, 7)})`];
  for (const m of r.merges) {
    switch (m.status) {
      case 'merged':
        lines.push(`  ✓ ${m.role} merged (${m.files.length} file${m.files.length === 1 ? '' : 's'})`);
        break;
      case 'up-to-date':
        lines.push(`  = ${m.role}: nothing new`);
        break;
      case 'conflict':
        lines.push(`  ✗ ${m.role} conflicts in ${m.files.join(', ')} — left out`);
        break;
      case 'missing':
        lines.push(`  ? ${m.role}: branch ${m.branch} is missing`);
        break;
    }
  }
  const told = r.notices.filter((n) => n.file !== undefined || n.messaged);
  if (told.length > 0) {
    lines.push(
      `  told ${told.map((n) => `${n.role} (${n.messaged ? 'message + file' : 'file'})`).join(', ')}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function syncCommand(flags: { message: boolean; json?: boolean }): Promise<number> {
  assertNotNested('team sync');
  const r = await syncTeam({ cwd: process.cwd(), message: flags.message });
  process.stdout.write(flags.json ? `${JSON.stringify(r, null, 2)}\n` : renderSync(r));
  return r.merges.some((m) => m.status === 'conflict') ? EXIT.partial : EXIT.ok;
}

async function stopCommand(flags: { keepWorktrees?: boolean; json?: boolean }): Promise<number> {
  assertNotNested('team stop');
  const r = await stopTeam({ cwd: process.cwd(), keepWorktrees: flags.keepWorktrees });
  if (flags.json) {
    out(JSON.stringify(r, null, 2));
    return EXIT.ok;
  }
  out(
    r.wasRunning
      ? `✓ stopped tmux session ${r.team.session}`
      : `tmux session ${r.team.session} was not running`,
  );
  for (const role of r.roles) {
    if (role.branch === undefined) continue;
    const notes = [
      `${role.commitsAhead ?? '?'} commit${role.commitsAhead === 1 ? '' : 's'}`,
      ...(role.committedLeftovers ? ['committed its uncommitted work'] : []),
      ...(role.worktreeRemoved ? ['worktree removed'] : []),
    ];
    out(`  ${role.role.padEnd(16)} ${role.branch.padEnd(22)} ${notes.join(', ')}`);
  }
  out('every branch is kept; `weft team start` checks them out again');
  return EXIT.ok;
}

async function doneCommand(role: string | undefined, flags: { note?: string }): Promise<number> {
  const r = await markRoleDone({ cwd: process.cwd(), role, note: flags.note });
  out(`✓ ${r.role} reported done`);
  for (const name of r.released) out(`  ${name} starts now`);
  for (const w of r.stillWaiting) out(`  ${w.role} still waits for ${w.pending.join(', ')}`);
  return EXIT.ok;
}

async function roleCommand(file: string): Promise<number> {
  if (file.trim() === '') throw new UsageError('the launch file is missing');
  // Ctrl-C belongs to the agent; a hang-up (the window closing) stops it.
  process.on('SIGINT', () => undefined);
  const closing = new AbortController();
  for (const s of ['SIGHUP', 'SIGTERM'] as const) process.on(s, () => closing.abort(s));
  let onLine: (() => void) | undefined;
  const startNow = new Promise<void>((resolve) => {
    onLine = resolve;
  });
  const listen = (): void => {
    if (!process.stdin.isTTY) return;
    process.stdin.once('data', () => onLine?.());
  };
  const r = await runRoleSession({
    launchFile: file,
    startNow,
    signal: closing.signal,
    shellAfter: true,
    beforeAgent: () => {
      process.stdin.removeAllListeners('data');
      process.stdin.pause();
    },
    onEvent: (e: RoleSessionEvent) => {
      const line = roleLine(e);
      if (line !== undefined) out(line);
      if (e.type === 'waiting') listen();
      // The bell: tmux flags the window's tab, and passes it on to the terminal (a system alert in many).
      if (e.type === 'needs-input') process.stdout.write('\u0007');
    },
  });
  return r.code ?? 0;
}

function roleLine(e: RoleSessionEvent): string | undefined {
  switch (e.type) {
    case 'launched': {
      const l = e.launch;
      return [
        `━━ ${l.window} (tab ${l.tab}) ━━`,
        `role       ${l.role}`,
        `branch     ${l.branch ?? '(main checkout)'}`,
        `directory  ${l.cwd}`,
        `agent      ${l.command}`,
        `brief      ${l.instructionsFile}`,
        ...(l.note === undefined ? [] : [`note       ${l.note}`]),
        '',
      ].join('\n');
    }
    case 'waiting':
      return `waiting for ${e.pending.join(', ')} to report done (weft team done <role>) — press Enter to start now`;
    case 'started-early':
      return 'starting now, without waiting';
    case 'agent-started':
      return undefined;
    case 'agent-failed-to-start':
      return `the agent could not start: ${e.reason}\nthis window stays open with a shell; \`exit\` closes it`;
    case 'needs-input':
      return undefined;
    case 'agent-exited':
      return `\nthe agent exited (${e.signal ?? `code ${e.code}`}); this window stays open with a shell — \`exit\` closes it`;
  }
}
