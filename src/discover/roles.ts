/**
 * Discovery roles: the three built in (seed 000's explorer, curator and
 * researcher) and any the user defines under `roles:` in weft's config. A
 * config entry with a built-in name overrides only the fields it sets.
 */
import * as z from 'zod';
import { type ConfigDocument, configKey } from '../config/document.js';
import { UsageError } from '../errors.js';

export interface DiscoveryRole {
  name: string;
  /** What this role looks at, in a few words (also the report's section subtitle). */
  focus: string;
  /** How to look and what to report. */
  instructions: string;
  /** Read tools the agent may use without asking (Claude Code's allow-list syntax). */
  tools: string[];
  /** Read-only shell commands: with them the shell agent can take this role. */
  commands?: string[];
  builtIn: boolean;
}

/** Read-only tools every role gets: file reads and history/search commands that cannot write. */
export const READ_TOOLS = [
  'Read',
  'Glob',
  'Grep',
  'Bash(git ls-files:*)',
  'Bash(git log:*)',
  'Bash(git show:*)',
  'Bash(git grep:*)',
  'Bash(ls:*)',
  'Bash(grep:*)',
  'Bash(wc:*)',
];

const WEB_TOOLS = ['WebFetch', 'WebSearch'];

export const BUILTIN_ROLES: readonly DiscoveryRole[] = [
  {
    name: 'explorer',
    focus: 'structure',
    instructions:
      'Map the parts of the codebase that matter for the question: entry points, modules and how they call each other, where data flows, which files a change would touch.',
    tools: READ_TOOLS,
    builtIn: true,
  },
  {
    name: 'curator',
    focus: 'patterns and conventions',
    instructions:
      'Find how this codebase already does things like this: naming, error handling, tests, configuration, recurring patterns and the conventions a change should follow. Point at the best existing example.',
    tools: READ_TOOLS,
    builtIn: true,
  },
  {
    name: 'researcher',
    focus: 'external docs and dependencies',
    instructions:
      'Look at the dependencies and external services involved: which libraries and versions the project uses for this (package manifests, lock files), what their documentation says about it, known limitations and the recommended way.',
    tools: [...READ_TOOLS, ...WEB_TOOLS],
    builtIn: true,
  },
];

export const DEFAULT_ROLE_NAMES = BUILTIN_ROLES.map((r) => r.name);

/** The synthesis step's name: reserved, no role may take it. */
export const SYNTHESIS_ROLE = 'synthesis';

const ROLE_NAME = /^[a-z][a-z0-9-]{0,39}$/;

const roleSchema = z.object({
  focus: z.string().min(1).optional(),
  instructions: z.string().min(1).optional(),
  tools: z.array(z.string().min(1)).optional(),
  commands: z.array(z.string().min(1)).min(1).optional(),
});

const rolesSchema = z
  .record(
    z
      .string()
      .regex(ROLE_NAME, 'a role name is lower-case letters, digits and dashes')
      .refine((n) => n !== SYNTHESIS_ROLE, `"${SYNTHESIS_ROLE}" is reserved for the synthesis step`),
    roleSchema,
  )
  .optional();

export type RoleSettings = z.infer<typeof roleSchema>;

/** Every role the repository knows: built-ins (with config overrides) then the user's own. */
export function knownRoles(doc: ConfigDocument): DiscoveryRole[] {
  const configured = configKey(doc, 'roles', rolesSchema) ?? {};
  const roles = BUILTIN_ROLES.map((r) => merge(r, configured[r.name]));
  for (const [name, settings] of Object.entries(configured)) {
    if (roles.some((r) => r.name === name)) continue;
    if (settings.focus === undefined) {
      throw new UsageError(`${doc.name ?? 'config'}: role "${name}" needs a \`focus\``, {
        details: ['e.g. roles: { security: { focus: "authentication, secrets and input validation" } }'],
      });
    }
    roles.push(
      merge({ name, focus: settings.focus, instructions: '', tools: READ_TOOLS, builtIn: false }, settings),
    );
  }
  return roles;
}

function merge(role: DiscoveryRole, settings: RoleSettings | undefined): DiscoveryRole {
  if (settings === undefined) return role;
  return {
    ...role,
    ...(settings.focus === undefined ? {} : { focus: settings.focus }),
    ...(settings.instructions === undefined ? {} : { instructions: settings.instructions }),
    ...(settings.tools === undefined ? {} : { tools: settings.tools }),
    ...(settings.commands === undefined ? {} : { commands: settings.commands }),
  };
}

/** `--roles a,b` → those roles, in that order; unknown or repeated names are refused. */
export function selectRoles(known: readonly DiscoveryRole[], names: readonly string[]): DiscoveryRole[] {
  if (names.length === 0) throw new UsageError('no roles given');
  const seen = new Set<string>();
  return names.map((name) => {
    if (seen.has(name)) throw new UsageError(`role "${name}" is listed twice`);
    seen.add(name);
    const role = known.find((r) => r.name === name);
    if (role === undefined) {
      throw new UsageError(`unknown role "${name}"`, {
        details: [
          `known roles: ${known.map((r) => r.name).join(', ')}`,
          'define your own under `roles:` in .weft/config.yaml',
        ],
      });
    }
    return role;
  });
}

/** `"explorer, curator"` → `['explorer', 'curator']`. */
export function parseRoleList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
