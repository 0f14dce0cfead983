/**
 * Safe text in HTML and SVG. Task titles, reasons and file names come from
 * task files and agents: every one goes through `esc`, and JSON embedded in a
 * `<script>` goes through `scriptJson` so it cannot close the script element.
 */
import type { Usage } from '../../agents/types.js';
import { formatDuration } from '../../util/duration.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** JSON for `<script type="application/json">`: `<`, U+2028 and U+2029 escaped. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Coordinates with at most one decimal: smaller files, same picture. */
export function px(n: number): string {
  return String(Math.round(n * 10) / 10);
}

export function tokensOf(u: Usage): number {
  return (u.inputTokens ?? 0) + (u.outputTokens ?? 0);
}

export function formatTokens(n: number): string {
  if (n === 0) return '–';
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)}M`;
  if (n >= 10_000) return `${Math.round(n / 1000)}k`;
  return String(n);
}

export function formatCost(usd: number | undefined): string {
  if (usd === undefined) return '–';
  return `$${usd.toFixed(usd < 1 ? 3 : 2)}`;
}

export function formatMs(ms: number | undefined): string {
  return ms === undefined ? '–' : formatDuration(ms);
}

export function shortSha(sha: string | undefined): string {
  return sha ? sha.slice(0, 10) : '–';
}
