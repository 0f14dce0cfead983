/** `team:` in weft's config: default roles, agent and when a quiet role counts as waiting for input. */
import * as z from 'zod';
import { type ConfigDocument, configKey } from '../config/document.js';

const teamSchema = z
  .object({
    /** `planning,feature:auth,testing`, or the same as a list. */
    roles: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    agent: z.string().min(1).optional(),
    /** A running role silent this long is taken to be waiting for input (default 60). */
    idleSeconds: z.number().positive().optional(),
    /** One agent state dir per role (default true); false runs every role with the user's own agent home. */
    isolateAgentState: z.boolean().optional(),
  })
  .optional();

export interface TeamConfig {
  roles?: string;
  agent?: string;
  idleSeconds?: number;
  isolateAgentState?: boolean;
}

export const DEFAULT_IDLE_SECONDS = 60;

export function teamConfigOf(doc: ConfigDocument): TeamConfig {
  const t = configKey(doc, 'team', teamSchema) ?? {};
  return {
    ...(t.roles === undefined ? {} : { roles: Array.isArray(t.roles) ? t.roles.join(',') : t.roles }),
    ...(t.agent === undefined ? {} : { agent: t.agent }),
    ...(t.idleSeconds === undefined ? {} : { idleSeconds: t.idleSeconds }),
    ...(t.isolateAgentState === undefined ? {} : { isolateAgentState: t.isolateAgentState }),
  };
}
