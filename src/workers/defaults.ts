/** Names and defaults shared by the worker library and the CLI (a module with no imports, cheap to load at start-up). */

/** The hidden command a `--no-wait` supervisor runs: `weft __supervise <id>`. */
export const SUPERVISE_COMMAND = '__supervise';
/** `weft results` shows this many log lines unless `--tail` says otherwise. */
export const DEFAULT_TAIL_LINES = 40;
/** Heartbeats (record + progress line) while an agent runs. */
export const DEFAULT_HEARTBEAT_MS = 10_000;
/** PARALLEL_MAX_WORKERS when unset. */
export const DEFAULT_MAX_WORKERS = 3;
