/** weft's public library API. The CLI in src/cli/ is built on exactly this. */

export type {
  AgentConfig,
  AgentName,
  AgentSettings,
  CommandTemplate,
} from './agents/registry.js';
export { AGENT_NAMES, ensureAgentAvailable, getAdapter } from './agents/registry.js';
export { killProcessGroup, type RunAgentOptions, runAgent } from './agents/run.js';
export type * from './agents/types.js';
export * from './errors.js';
export type * from './tasks/types.js';
export { formatDuration, parseDuration } from './util/duration.js';
