/** The parser must never throw, and every diagnostic must point inside the file. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTaskFile } from '../../../src/tasks/parse.js';

const VALID = [
  '---',
  'workers: 3',
  'timeout: 10m',
  '---',
  '# Plan',
  '',
  '## T001: Create the user model [P1]',
  'Depends: none',
  'Files: create src/user.ts, modify `src/db.ts`',
  'Estimate: 2',
  '',
  'Write the **model**.',
  '',
  '## T002 — Add routes',
  '**Depends:** T001',
  'Files:',
  '- create: src/routes.ts',
  'Verify: `npm test`',
  'Add them.',
  '',
  '### T003 Codegen',
  '```sh',
  'npm run gen',
  '```',
  '',
  '# Follow-ups',
  '- [ ] T010 Document it (depends: T002)',
  '- [ ] T011 [P] Announce it',
  '- [x] Done already',
  '  Agent: claude',
].join('\n');

function check(text: string): void {
  const { taskFile, diagnostics } = parseTaskFile(text, 'f.md');
  const lineCount = text.split(/\r\n|\r|\n/).length;
  for (const d of diagnostics) {
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(d.line).toBeLessThanOrEqual(lineCount);
    expect(d.file).toBe('f.md');
  }
  const ids = new Set(taskFile.tasks.map((t) => t.id));
  expect(ids.size).toBe(taskFile.tasks.length);
  for (const t of taskFile.tasks) for (const dep of t.dependsOn) expect(ids.has(dep.id)).toBe(true);
}

describe('robustness', () => {
  it('the valid sample has no problems', () => {
    expect(parseTaskFile(VALID, 'f.md').diagnostics).toEqual([]);
    expect(parseTaskFile(VALID, 'f.md').taskFile.tasks).toHaveLength(6);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400, unit: 'grapheme' }), check), { numRuns: 300 });
  });

  it('never throws on arbitrary Markdown-ish text', () => {
    const piece = fc.constantFrom(
      '#',
      '## ',
      'T1',
      ': ',
      '- [ ] ',
      '- [x] ',
      '```',
      '---',
      '\n',
      '\t',
      '  ',
      'Depends: ',
      'Files: ',
      '[P]',
      '`',
      '(depends: T1)',
      '<!--',
      '-->',
      '..',
      '/',
      'x',
      '\r\n',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 80 }), (parts) => check(parts.join(''))),
      { numRuns: 400 },
    );
  });

  it('bounds how deep it looks for checklists under plain bullets (no stack overflow)', () => {
    const nested = (depth: number): string =>
      [
        ...Array.from({ length: depth }, (_, i) => `${' '.repeat(2 * i)}- level ${i}`),
        `${' '.repeat(2 * depth)}- [ ] deep`,
      ].join('\n');
    expect(parseTaskFile(nested(3), 'f.md').taskFile.tasks).toHaveLength(1);
    expect(parseTaskFile(nested(20), 'f.md').taskFile.tasks).toHaveLength(0);
    const items = Array.from({ length: 300 }, (_, i) => `${' '.repeat(2 * i)}- [ ] level ${i}`).join('\n');
    expect(parseTaskFile(items, 'f.md').taskFile.tasks).toHaveLength(1);
  });

  it('never throws on mutated valid files', () => {
    const mutation = fc.record({
      at: fc.nat(),
      remove: fc.nat({ max: 12 }),
      insert: fc.string({ maxLength: 12 }),
    });
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => {
        let text = VALID;
        for (const m of mutations) {
          const at = m.at % (text.length + 1);
          text = text.slice(0, at) + m.insert + text.slice(at + m.remove);
        }
        check(text);
      }),
      { numRuns: 400 },
    );
  });
});
