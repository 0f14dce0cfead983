/**
 * The block scanner replaces mdast for speed; here mdast is the reference. For generated
 * documents both must find the same headings, list items (with checkboxes and extents),
 * fenced code blocks and HTML comments, at the same lines and columns.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mdastShapes, scannerShapes } from './support/shapes.js';

const CONSTRUCT = fc.constantFrom(
  '',
  '# Title',
  '## T001: Do a thing',
  '### Notes',
  '- [ ] do a',
  '- [x] done b',
  '* [ ] star item',
  '1. [ ] first',
  '2. second',
  '- plain bullet',
  '---',
  '***',
  '-',
  'Some words here',
  'more text',
  'echo hi',
  '```sh',
  '```',
  '~~~',
  '````',
  '<!-- a comment -->',
  '<!-- open',
  'close -->',
);
// Known limits, not generated: micromark quirks around indented code next to list items,
// and setext underlines or unclosed fences inside doubly nested items. None changes which
// tasks a file holds. Deeper indentation is generated only as a paragraph's continuation.
const LINE = fc.oneof(
  fc.tuple(fc.constantFrom('', '', '  ', '   '), CONSTRUCT),
  fc.tuple(fc.constantFrom('', '  '), fc.constantFrom('text\n    more text', 'text\n\tmore text')),
);
const DOC = fc
  .array(LINE, { maxLength: 30 })
  .map((ls) => ls.map(([indent, t]) => (t === '' ? '' : indent + t)).join('\n'));

describe('block scanner agrees with mdast', () => {
  it('on hand-picked documents', () => {
    const docs = [
      '# Worker Tasks\n\n- [ ] Task 1\n- [ ] Task 2\n\nComplete each task sequentially.',
      '## T001: A\n\nDepends: none\n\n```sh\nnpm run gen\n```\n\n## T002 — B\n- [x] c\n  ```\n  x\n  ```\n',
      '- [ ] a\nlazy line\n- [ ] b\n\n    indented code\n\n  # not a heading in code?\n',
      '1. [ ] one\n   - nested\n2. two\n\n- [ ]\n- [ ] \n',
      '-\n  foo\n-\n\n  bar\n',
      '```\nunclosed\n## T009: inside code\n',
    ];
    for (const d of docs) expect(scannerShapes(d), d).toEqual(mdastShapes(d));
  });

  it('on generated documents', () => {
    fc.assert(
      fc.property(DOC, (doc) => {
        expect(scannerShapes(doc)).toEqual(mdastShapes(doc));
      }),
      { numRuns: 400 },
    );
  });
});
