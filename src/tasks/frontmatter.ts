/** Optional YAML front matter with run settings, validated with every problem located. */
import { isMap, isScalar, LineCounter, type Pair, parseDocument } from 'yaml';
import * as z from 'zod';
import { parseDuration } from '../util/duration.js';
import type { DiagnosticList } from './diagnostics.js';
import type { RunSettings, SourcePos } from './types.js';

const durationMs = z.union([z.number(), z.string()]).transform((v, ctx) => {
  // A bare number means seconds, as in parseDuration.
  const ms = typeof v === 'number' ? v * 1000 : parseDuration(v);
  if (ms === undefined || !(ms > 0)) {
    ctx.addIssue({
      code: 'custom',
      message: `${JSON.stringify(v)} is not a duration like 90s, 10m or 1h30m`,
    });
    return z.NEVER;
  }
  return Math.round(ms);
});
const count = z
  .number({ error: 'must be a whole number of at least 1' })
  .int({ error: 'must be a whole number of at least 1' })
  .min(1, { error: 'must be a whole number of at least 1' });
const text = z.string({ error: 'must be text' }).trim().min(1, { error: 'must not be empty' });

const SETTINGS = z
  .strictObject({
    workers: count,
    agent: text.regex(/^[A-Za-z0-9][\w.-]*$/, { error: 'must be an agent name such as claude' }),
    base: text,
    validate: text,
    timeout: durationMs,
    'hang-timeout': durationMs,
    'max-attempts': count,
    setup: text,
  })
  .partial();

export const SETTING_NAMES = Object.keys(SETTINGS.shape);

/** Front matter starts on the file's first line, so its lines are numbered from 2. */
const FIRST_YAML_LINE = 2;

/** The front matter between `---` lines at the very top, if any: its lines, and where the body starts. */
export function splitFrontMatter(
  lines: string[],
  diags: DiagnosticList,
): { yaml: string[] | undefined; bodyStart: number } {
  if (lines.length === 0 || !/^---[ \t]*$/.test(lines[0] as string)) return { yaml: undefined, bodyStart: 0 };
  for (let i = 1; i < lines.length; i++) {
    if (/^(?:---|\.\.\.)[ \t]*$/.test(lines[i] as string))
      return { yaml: lines.slice(1, i), bodyStart: i + 1 };
  }
  diags.add(
    { line: 1, column: 1 },
    'front-matter',
    'front matter starts with --- but is never closed by a --- line',
  );
  return { yaml: undefined, bodyStart: 1 };
}

/** `hangTimeout` and `hang_timeout` mean `hang-timeout`. */
function settingName(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/_/g, '-')
    .toLowerCase();
}

export function readSettings(yamlLines: string[], diags: DiagnosticList): RunSettings {
  if (yamlLines.length === 0) return {};
  const firstLine = FIRST_YAML_LINE;
  const counter = new LineCounter();
  const doc = parseDocument(yamlLines.join('\n'), {
    lineCounter: counter,
    prettyErrors: false,
  });
  const pos = (offset: number): SourcePos => {
    const p = counter.linePos(offset);
    return { line: firstLine + p.line - 1, column: p.col };
  };
  if (doc.errors.length > 0) {
    for (const e of doc.errors) diags.add(pos(e.pos[0]), 'front-matter', `front matter: ${e.message}`);
    return {};
  }
  if (doc.contents === null) return {};
  if (!isMap(doc.contents)) {
    diags.add(
      pos(doc.contents.range?.[0] ?? 0),
      'front-matter',
      'front matter must be a mapping of settings',
    );
    return {};
  }
  const input: Record<string, unknown> = {};
  const pairs = new Map<string, Pair>();
  for (const pair of doc.contents.items) {
    const raw = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const keyPos = pos(isScalar(pair.key) ? (pair.key.range?.[0] ?? 0) : 0);
    const name = settingName(raw);
    if (pairs.has(name)) {
      diags.add(keyPos, 'bad-setting', `setting ${raw} is given twice`);
      continue;
    }
    pairs.set(name, pair);
    input[name] = isScalar(pair.value)
      ? pair.value.value
      : (pair.value as { toJSON?: () => unknown })?.toJSON?.();
  }
  const parsed = SETTINGS.safeParse(input);
  if (parsed.success) return toRunSettings(parsed.data);
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const k = pairs.get(key)?.key;
        diags.add(
          pos(isScalar(k) ? (k.range?.[0] ?? 0) : 0),
          'unknown-setting',
          `unknown setting ${isScalar(k) ? String(k.value) : key}; known settings: ${SETTING_NAMES.join(', ')}`,
        );
      }
      continue;
    }
    const name = String(issue.path[0]);
    const pair = pairs.get(name);
    const node = isScalar(pair?.value) ? pair.value : isScalar(pair?.key) ? pair.key : undefined;
    diags.add(pos(node?.range?.[0] ?? 0), 'bad-setting', `setting ${name}: ${issue.message}`);
  }
  // Keep the settings that are valid so later checks still see them.
  const settings: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    const one = SETTINGS.safeParse({ [k]: v });
    if (one.success) Object.assign(settings, one.data);
  }
  return toRunSettings(settings as z.infer<typeof SETTINGS>);
}

function toRunSettings(s: z.infer<typeof SETTINGS>): RunSettings {
  const out: RunSettings = {};
  if (s.workers !== undefined) out.workers = s.workers;
  if (s.agent !== undefined) out.agent = s.agent;
  if (s.base !== undefined) out.base = s.base;
  if (s.validate !== undefined) out.validate = s.validate;
  if (s.timeout !== undefined) out.timeoutMs = s.timeout;
  if (s['hang-timeout'] !== undefined) out.hangTimeoutMs = s['hang-timeout'];
  if (s['max-attempts'] !== undefined) out.maxAttempts = s['max-attempts'];
  if (s.setup !== undefined) out.setup = s.setup;
  return out;
}
