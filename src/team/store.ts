/**
 * The team's files under `.weft/team/`:
 *   team.json            the team: session, roles, windows, branches (written by start/stop)
 *   roles/<role>.json    what the role's window reports: waiting, running, exited (written by it)
 *   roles/<role>.launch.json  how the role's window starts its agent (0600: it holds the environment)
 *   done/<role>.json     the role reported done (`weft team done`)
 *   notifications.jsonl  roles that needed input
 *   last-sync.json       the last `weft team sync`
 * Each file has one writer, and is replaced whole (temp file + rename).
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { SessionError } from '../errors.js';
import { replaceFile } from '../util/replace-file.js';

export const TEAM_DIR = join('.weft', 'team');

export interface TeamPaths {
  dir: string;
  team: string;
  rolesDir: string;
  doneDir: string;
  notifications: string;
  lastSync: string;
  agentState(role: string): string;
  runtime(role: string): string;
  launch(role: string): string;
  done(role: string): string;
}

export function teamPaths(top: string): TeamPaths {
  const dir = join(top, TEAM_DIR);
  const rolesDir = join(dir, 'roles');
  const doneDir = join(dir, 'done');
  return {
    dir,
    team: join(dir, 'team.json'),
    rolesDir,
    doneDir,
    notifications: join(dir, 'notifications.jsonl'),
    lastSync: join(dir, 'last-sync.json'),
    agentState: (role) => join(dir, 'agents', role),
    runtime: (role) => join(rolesDir, `${role}.json`),
    launch: (role) => join(rolesDir, `${role}.launch.json`),
    done: (role) => join(doneDir, `${role}.json`),
  };
}

const roleRecordSchema = z.object({
  name: z.string(),
  kind: z.enum(['planning', 'feature', 'testing', 'docs']),
  feature: z.string().optional(),
  tab: z.number(),
  waitsFor: z.array(z.string()),
  window: z.string(),
  windowId: z.string().optional(),
  branch: z.string().optional(),
  /** Where the role works: its worktree, or the main checkout for planning. */
  cwd: z.string(),
  port: z.number(),
});

export const teamRecordSchema = z.object({
  version: z.literal(1),
  project: z.string(),
  session: z.string(),
  /** tmux server socket path; absent for the user's default server. */
  socket: z.string().optional(),
  base: z.object({ ref: z.string(), commit: z.string() }),
  integrationBranch: z.string(),
  agent: z.string(),
  goal: z.string().optional(),
  createdAt: z.string(),
  state: z.enum(['running', 'stopped']),
  stoppedAt: z.string().optional(),
  roles: z.array(roleRecordSchema),
});

export type TeamRoleRecord = z.infer<typeof roleRecordSchema>;
export type TeamRecord = z.infer<typeof teamRecordSchema>;

export const roleRuntimeSchema = z.object({
  state: z.enum(['waiting', 'running', 'exited']),
  /** The window's own process (weft's role wrapper). */
  pid: z.number(),
  agentPid: z.number().optional(),
  startedAt: z.string().optional(),
  exitedAt: z.string().optional(),
  exitCode: z.number().nullable().optional(),
  signal: z.string().nullable().optional(),
  /** Set while the role has been silent past the idle threshold: it probably waits for input. */
  needsInputSince: z.string().optional(),
  updatedAt: z.string(),
});

export type RoleRuntime = z.infer<typeof roleRuntimeSchema>;

export const doneMarkerSchema = z.object({ at: z.string(), note: z.string().optional() });
export type DoneMarker = z.infer<typeof doneMarkerSchema>;

async function readJson<T>(file: string, schema: z.ZodType<T>): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SessionError(`cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
  try {
    const r = schema.safeParse(JSON.parse(text));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

/** Replace `file` whole (temp file + rename), created with `mode` from the start. */
export async function writeJson(file: string, value: unknown, mode = 0o644): Promise<void> {
  await mkdir(join(file, '..'), { recursive: true });
  await replaceFile(file, `${JSON.stringify(value, null, 2)}\n`, { mode }).catch((err: unknown) => {
    throw new SessionError(`cannot write ${file}: ${(err as Error).message}`, { cause: err });
  });
}

export const readTeam = (paths: TeamPaths): Promise<TeamRecord | undefined> =>
  readJson(paths.team, teamRecordSchema);

export const readRuntime = (paths: TeamPaths, role: string): Promise<RoleRuntime | undefined> =>
  readJson(paths.runtime(role), roleRuntimeSchema);

export const readDone = (paths: TeamPaths, role: string): Promise<DoneMarker | undefined> =>
  readJson(paths.done(role), doneMarkerSchema);

/** Forget a previous team's per-role state (a new `team start` begins afresh; branches are kept). */
export async function clearRoleFiles(paths: TeamPaths): Promise<void> {
  await Promise.all([
    rm(paths.rolesDir, { recursive: true, force: true }),
    rm(paths.doneDir, { recursive: true, force: true }),
  ]);
}
