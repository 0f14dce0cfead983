/** weft's public library API. The CLI in src/cli/ is built on exactly this. */

export type * from './agents/types.js';
export * from './errors.js';
export type * from './tasks/types.js';
export { formatDuration, parseDuration } from './util/duration.js';
