/**
 * After a sync, each role learns what changed: `.weft-team-sync.md` in its
 * worktree (kept out of git by info/exclude) says what the integration
 * branch now has that its branch lacks, or where its branch conflicts; and a
 * one-line message is typed into the window of each role whose agent is
 * running (not the role that ran the sync: it sees the report itself).
 */
import { lstat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { git } from '../git/git.js';
import { changedFiles } from '../git/merge.js';
import { SYNC_FILE } from './instructions.js';
import { readRuntime, type TeamRecord, type TeamRoleRecord, teamPaths } from './store.js';
import type { BranchMerge } from './sync.js';
import { Tmux } from './tmux.js';

export interface RoleNotice {
  role: string;
  /** Commits on the integration branch that the role's branch lacks. */
  behind: number;
  /** Files those commits touch. */
  files: string[];
  /** Roles whose work was merged in this sync (other than this one). */
  from: string[];
  /** This role's branch conflicts with the integration branch in these files. */
  conflict: string[];
  /** The notice file written in the role's worktree. */
  file?: string;
  /** A message was typed into the role's window. */
  messaged: boolean;
}

export interface TellOptions {
  top: string;
  team: TeamRecord;
  merges: BranchMerge[];
  after: string;
  message: boolean;
  /** The role that ran the sync, if any (`WEFT_TEAM_ROLE`). */
  caller?: string;
  at: string;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function summary(o: TellOptions): string[] {
  const merged = o.merges.filter((m) => m.status === 'merged');
  const conflicts = o.merges.filter((m) => m.status === 'conflict');
  return [
    `# weft team sync — ${o.at}`,
    '',
    `${o.team.integrationBranch} is at ${o.after.slice(0, 10)}.`,
    '',
    `Merged this time: ${merged.length === 0 ? 'nothing new' : merged.map((m) => `${m.role} (${plural(m.files.length, 'file')})`).join(', ')}`,
    ...(conflicts.length === 0
      ? []
      : [`Conflicts (left out): ${conflicts.map((m) => `${m.role} — ${m.files.join(', ')}`).join('; ')}`]),
  ];
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

async function noticeFor(
  o: TellOptions,
  role: TeamRoleRecord,
): Promise<Omit<RoleNotice, 'file' | 'messaged'>> {
  const from = o.merges.filter((m) => m.status === 'merged' && m.role !== role.name).map((m) => m.role);
  if (role.branch === undefined) return { role: role.name, behind: 0, files: [], from, conflict: [] };
  const conflict = o.merges.find((m) => m.role === role.name && m.status === 'conflict')?.files ?? [];
  // Merge commits bring nothing of their own: count the commits that carry work.
  const count = await git(['rev-list', '--count', '--no-merges', `refs/heads/${role.branch}..${o.after}`], {
    cwd: o.top,
    okCodes: [128],
  });
  const behind = count.exitCode === 0 ? Number(count.stdout.trim()) : 0;
  const files = behind > 0 ? await changedFiles(o.top, `refs/heads/${role.branch}`, o.after) : [];
  return { role: role.name, behind, files, from, conflict };
}

function noticeText(
  o: TellOptions,
  n: Omit<RoleNotice, 'file' | 'messaged'>,
  role: TeamRoleRecord,
): string[] {
  if (role.branch === undefined) return [];
  const lines = ['', `## For ${role.name}`, ''];
  if (n.conflict.length > 0) {
    lines.push(
      `Your branch ${role.branch} conflicts with ${o.team.integrationBranch} in:`,
      ...n.conflict.map((f) => `- ${f}`),
      `It was left out. Merge ${o.team.integrationBranch} into your branch, resolve, commit; the next sync takes it.`,
      '',
    );
  }
  if (n.files.length > 0) {
    lines.push(
      `${o.team.integrationBranch} has ${plural(n.behind, 'commit')} your branch lacks${n.from.length > 0 ? ` (merged now: ${n.from.join(', ')})` : ''}, touching:`,
      ...n.files.slice(0, 50).map((f) => `- ${f}`),
      ...(n.files.length > 50 ? [`- … and ${n.files.length - 50} more`] : []),
      `Take them with: git merge ${o.team.integrationBranch}`,
    );
  }
  return lines;
}

function messageLine(
  o: TellOptions,
  n: Omit<RoleNotice, 'file' | 'messaged'>,
  role: TeamRoleRecord,
): string | undefined {
  const head = '[weft team sync]';
  if (role.branch === undefined) {
    const merged = o.merges.filter((m) => m.status === 'merged').map((m) => m.role);
    const conflicts = o.merges.filter((m) => m.status === 'conflict').map((m) => m.role);
    if (merged.length === 0 && conflicts.length === 0) return undefined;
    return `${head} merged into ${o.team.integrationBranch}: ${merged.join(', ') || 'nothing new'}${conflicts.length > 0 ? `; conflicts: ${conflicts.join(', ')}` : ''}. Details in ${SYNC_FILE}.`;
  }
  if (n.conflict.length > 0) {
    return `${head} your branch conflicts with ${o.team.integrationBranch} in ${n.conflict.slice(0, 5).join(', ')}: merge ${o.team.integrationBranch}, resolve and commit. Details in ${SYNC_FILE}.`;
  }
  if (n.files.length > 0) {
    return `${head} ${o.team.integrationBranch} has ${plural(n.behind, 'commit')} your branch lacks (${plural(n.files.length, 'file')}${n.from.length > 0 ? `, from ${n.from.join(', ')}` : ''}). Details in ${SYNC_FILE}; take them with: git merge ${o.team.integrationBranch}`;
  }
  return undefined;
}

export async function tellRoles(o: TellOptions): Promise<RoleNotice[]> {
  const paths = teamPaths(o.top);
  const tmux = new Tmux(o.team.socket);
  const windows =
    o.message && o.team.state === 'running' ? await tmux.listWindows(o.team.session, ['window_id']) : [];
  const live = new Set(windows.map(([id]) => id));
  const head = summary(o);
  const notices: RoleNotice[] = [];
  for (const role of o.team.roles) {
    const n = await noticeFor(o, role);
    const text = noticeText(o, n, role);
    const relevant = role.branch === undefined || n.files.length > 0 || n.conflict.length > 0;
    if (!relevant) {
      notices.push({ ...n, messaged: false });
      continue;
    }
    let file: string | undefined;
    if (await exists(role.cwd)) {
      file = join(role.cwd, SYNC_FILE);
      await writeFile(file, `${[...head, ...text].join('\n')}\n`);
    }
    let messaged = false;
    const line = messageLine(o, n, role);
    const running = (await readRuntime(paths, role.name))?.state === 'running';
    if (
      line !== undefined &&
      role.windowId !== undefined &&
      live.has(role.windowId) &&
      running &&
      role.name !== o.caller
    ) {
      messaged = await tmux.sendLine(role.windowId, line).then(
        () => true,
        () => false,
      );
    }
    notices.push({ ...n, ...(file === undefined ? {} : { file }), messaged });
  }
  return notices;
}
