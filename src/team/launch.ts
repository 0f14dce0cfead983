/** What a role's window needs to start its agent: written by `team start`, read by the window's process. */
import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { SessionError } from '../errors.js';

export const roleLaunchSchema = z.object({
  version: z.literal(1),
  project: z.string(),
  role: z.string(),
  window: z.string(),
  tab: z.number(),
  /** Repository top (where `.weft/team/` lives). */
  top: z.string(),
  cwd: z.string(),
  branch: z.string().optional(),
  command: z.string(),
  args: z.array(z.string()),
  /**
   * The environment `weft team start` ran with, plus the role's variables:
   * the window gets it whatever the tmux server's own environment is.
   */
  env: z.record(z.string(), z.string()),
  note: z.string().optional(),
  instructionsFile: z.string(),
  waitsFor: z.array(z.string()),
  /** A running role silent this long is taken to be waiting for input. */
  idleMs: z.number(),
  session: z.string(),
  socket: z.string().optional(),
});

export type RoleLaunch = z.infer<typeof roleLaunchSchema>;

export async function readRoleLaunch(file: string): Promise<RoleLaunch> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new SessionError(`cannot read the role's launch file ${file}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const r = roleLaunchSchema.safeParse(data);
  if (!r.success) throw new SessionError(`${file} is not a role launch file`);
  return r.data;
}

/** The environment a role's window passes on: tmux's own pane variables would point at the wrong pane. */
export function launchEnvOf(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined || k === 'TMUX' || k === 'TMUX_PANE' || k === 'CLAUDECODE') continue;
    out[k] = v;
  }
  return out;
}
