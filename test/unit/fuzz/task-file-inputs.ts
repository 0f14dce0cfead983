/**
 * Hostile task files for fuzzing the parser, the validator and the graph:
 * structure-aware documents built from task-file pieces with hostile values
 * (shell metacharacters, `..`, absolute paths, option-like strings, control
 * characters, unicode, very long), mutations of valid ones, and raw text.
 * Shared by test/unit/fuzz and bench/chaos.ts (10,000 inputs).
 */
import fc from 'fast-check';
import { formatDiagnostic } from '../../../src/errors.js';
import { buildTaskGraph } from '../../../src/graph/build.js';
import { planExecution } from '../../../src/graph/plan.js';
import { parseTaskFile } from '../../../src/tasks/parse.js';

/** Values an attacker (or an unlucky paste) puts anywhere a task file takes text. */
export const HOSTILE_VALUES = [
  '$(touch /tmp/pwned)',
  '`touch /tmp/pwned`',
  '; touch /tmp/pwned',
  '| touch /tmp/pwned',
  '&& touch /tmp/pwned',
  '--upload-pack=touch /tmp/pwned',
  '-rf',
  '--output=/etc/passwd',
  '../../../etc/passwd',
  '..',
  '/etc/passwd',
  '~/.ssh/id_rsa',
  'C:\\Windows\\system32',
  'a\\..\\..\\b',
  '.git/config',
  'refs/heads/main',
  'HEAD@{-1}',
  'x.lock',
  'a..b',
  'T1..T2',
  '\u0000nul',
  'line\nbreak',
  'tab\there',
  '\u202Eevil\u202C',
  'ブランチ/ファイル.ts',
  '😀.ts',
  ' ',
  '',
  '#',
  '- [ ] not a task',
  '```',
  '---',
  '%s%s%n',
  '{{7*7}}',
  '<script>alert(1)</script>',
  'x'.repeat(300),
  'y/'.repeat(120),
] as const;

const hostile = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_VALUES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);

const id = fc.oneof(
  fc.constantFrom('T1', 'T2', 'T3', 'T001', 'task-9', 'A.1', 'T1.lock', 'T..1', 'T-', 'x'.repeat(70)),
  hostile,
);

const field = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('Depends', 'Depends on', '**Depends:**', 'dependencies'),
      fc.array(id, { maxLength: 3 }),
    )
    .map(([k, ids]) => `${k.endsWith(':**') ? k : `${k}:`} ${ids.join(', ')}`),
  fc
    .tuple(
      fc.constantFrom('create', 'modify', 'delete', 'read', 'rename', ''),
      fc.array(hostile, { maxLength: 3 }),
    )
    .map(([op, paths]) => `Files: ${paths.map((p) => `${op} ${p}`).join(', ')}`),
  fc
    .tuple(fc.constantFrom('Priority', 'Agent', 'Timeout', 'Verify', 'Estimate'), hostile)
    .map(([k, v]) => `${k}: ${v}`),
  fc.constantFrom(
    'Priority: P0',
    'Timeout: 10m',
    'Estimate: 2',
    'Agent: claude',
    'Files:',
    '- create: src/a.ts',
  ),
);

const heading = fc
  .tuple(fc.constantFrom('##', '###', '#', '####'), id, fc.constantFrom(': ', ' — ', ' - ', ' ', ''), hostile)
  .map(([h, i, sep, title]) => `${h} ${i}${sep}${title}`);

const checklist = fc
  .tuple(
    fc.constantFrom('- [ ] ', '- [x] ', '* [ ] ', '1. [ ] '),
    id,
    hostile,
    fc.option(fc.array(id, { maxLength: 2 })),
  )
  .map(([m, i, title, deps]) => `${m}${i} ${title}${deps ? ` (depends: ${deps.join(', ')})` : ''}`);

const frontMatter = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        'workers',
        'agent',
        'base',
        'timeout',
        'hang-timeout',
        'max-attempts',
        'validate',
        'unknown-key',
      ),
      fc.oneof(hostile, fc.integer({ min: -5, max: 1000 }).map(String)),
    ),
    { maxLength: 4 },
  )
  .map((kv) => ['---', ...kv.map(([k, v]) => `${k}: ${JSON.stringify(v)}`), '---']);

const block = fc.oneof(
  fc
    .tuple(heading, fc.array(field, { maxLength: 4 }), fc.array(hostile, { maxLength: 2 }))
    .map(([h, f, body]) => [h, ...f, '', ...body].join('\n')),
  checklist,
  fc.constantFrom('```sh\nnpm test\n```', '```', '<!-- comment -->', '# Section', ''),
  hostile,
);

/** Structure-aware task files: front matter, headings, fields, checklists, hostile values everywhere. */
export const taskFileDoc: fc.Arbitrary<string> = fc
  .tuple(
    fc.option(frontMatter, { nil: undefined }),
    fc.array(block, { minLength: 1, maxLength: 8 }),
    fc.constantFrom('\n', '\r\n'),
  )
  .map(([front, blocks, eol]) => [...(front ?? []), ...blocks].join('\n').replace(/\n/g, eol));

const VALID = [
  '---\nworkers: 3\n---\n# Plan\n',
  '## T001: Create the model [P1]\nDepends: none\nFiles: create src/user.ts, modify `src/db.ts`\n\nWrite it.\n',
  '## T002 — Routes\nDepends: T001\nFiles:\n- create: src/routes.ts\nVerify: `npm test`\n',
  '- [ ] T010 Document it (depends: T002)\n- [ ] T011 [P] Announce it\n',
].join('\n');

/** A valid file with up to 6 random edits (deletions, hostile insertions). */
export const mutatedValid: fc.Arbitrary<string> = fc
  .array(
    fc.record({ at: fc.nat(), remove: fc.nat({ max: 16 }), insert: fc.oneof(hostile, fc.constant('\n')) }),
    {
      minLength: 1,
      maxLength: 6,
    },
  )
  .map((edits) => {
    let text = VALID;
    for (const e of edits) {
      const at = e.at % (text.length + 1);
      text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
    }
    return text;
  });

export const rawText: fc.Arbitrary<string> = fc.string({ maxLength: 300, unit: 'grapheme' });

export interface PipelineVerdict {
  outcome: 'accepted' | 'rejected';
  /** Problems with the outcome itself: a diagnostic without a usable location, an accepted hostile path… */
  faults: string[];
}

const LOCATED = /^tasks\.md:\d+:\d+: \S/;

/**
 * Parse, validate, build the graph and plan, as `weft plan` / `weft run` do
 * before anything is written. Throws only if weft would (an uncaught exception).
 */
export function checkPipeline(text: string): PipelineVerdict {
  const path = 'tasks.md';
  const lineCount = text.split(/\r\n|\r|\n/).length;
  const faults: string[] = [];
  const parsed = parseTaskFile(text, path);
  const graph = buildTaskGraph(parsed.taskFile);
  const problems = [...parsed.diagnostics, ...graph.diagnostics];
  for (const d of problems) {
    const where = formatDiagnostic(d);
    if (d.file !== path || d.line < 1 || d.line > lineCount || d.column < 1 || !LOCATED.test(where)) {
      faults.push(`unlocated: ${JSON.stringify(where).slice(0, 120)}`);
    }
  }
  if (problems.length > 0) return { outcome: 'rejected', faults };
  planExecution(graph.graph, { workers: 3 });
  for (const t of parsed.taskFile.tasks) {
    for (const f of t.files) {
      const segments = f.path.split('/');
      if (
        f.path.startsWith('/') ||
        segments.includes('..') ||
        /[\0\n\r]/.test(f.path) ||
        /^[A-Za-z]:[\\/]/.test(f.path)
      ) {
        faults.push(`accepted an unsafe path: ${JSON.stringify(f.path)}`);
      }
    }
  }
  return { outcome: 'accepted', faults };
}
