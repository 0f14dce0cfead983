/**
 * The parser's hot paths test characters by hand instead of running patterns. Each
 * hand-written matcher must agree with the pattern it replaces, on generated text made
 * of the characters those patterns care about (and a few they must not mistake).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { takeAnnotations } from '../../../src/tasks/annotations.js';
import { isSpaceChar, trimmedLead, trimmedSlice } from '../../../src/tasks/chars.js';
import { DiagnosticList } from '../../../src/tasks/diagnostics.js';
import { InstructionText, isValidId, newDraft, type TaskDraft } from '../../../src/tasks/draft.js';
import { fieldName, matchField, newFieldLine } from '../../../src/tasks/field-line.js';
import { addDependencies } from '../../../src/tasks/fields.js';
import { addFileList, opPathStart } from '../../../src/tasks/file-entry.js';
import { leadingId } from '../../../src/tasks/leading-id.js';
import { indentWidth, isBlank } from '../../../src/tasks/lines.js';
import { isPlainPath } from '../../../src/tasks/paths.js';
import {
  atxLevel,
  canStartItem,
  closesFence,
  fenceOpen,
  isSetextUnderline,
  isThematicBreak,
  listMarker,
  mayStartBlock,
} from '../../../src/tasks/syntax.js';

const PIECES = [
  ' ',
  ' ',
  '  ',
  '\t',
  '#',
  '##',
  '-',
  '*',
  '_',
  '+',
  '=',
  '`',
  '```',
  '~',
  '~~~',
  '.',
  ')',
  '(',
  '[',
  ']',
  ':',
  ',',
  ';',
  '—',
  '–',
  '0',
  '1',
  '01',
  '9',
  '1234567890',
  'a',
  'P',
  'p1',
  'x',
  'X',
  '<',
  '<!--',
  '>',
  '\u2028',
  '\u00a0',
  '\u202f',
  '\u3000',
  '\f',
  '\v',
  '**',
  '__',
  'priority',
  'Depends',
  ' on',
  'on',
  'dependencies',
  'files',
  'File',
  'estimate',
  'AGENT',
  'timeout',
  'verify',
  'task',
  'Task ',
  'T001',
  'and',
  'src/a.ts',
  'create',
  'add:',
  '\u0130',
  '\u017f',
  '\u212a',
];
const TEXT = fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }).map((ps) => ps.join(''));
const RUNS = { numRuns: 3000 };

describe('hand-written matchers agree with their patterns', () => {
  it('whitespace is what \\s and trim() see', () => {
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      expect(isSpaceChar(c), `U+${c.toString(16)}`).toBe(/\s/.test(ch));
      expect(isSpaceChar(c)).toBe(ch.trim() === '');
    }
    fc.assert(
      fc.property(TEXT, fc.nat(12), fc.nat(12), (t, a, b) => {
        const [from, to] = [Math.min(a, b, t.length), Math.min(Math.max(a, b), t.length)];
        expect(trimmedSlice(t, from, to)).toBe(t.slice(from, to).trim());
        expect(trimmedLead(t)).toBe(t.length - t.trimStart().length);
        expect(isBlank(t)).toBe(/^[ \t]*$/.test(t));
      }),
      RUNS,
    );
  });

  it('block starts', () => {
    fc.assert(
      fc.property(TEXT, (t) => {
        expect(mayStartBlock(t)).toBe(/^[ \t]*[-`~#<*+_0-9=]/.test(t));
        expect(atxLevel(t)).toBe(/^ {0,3}(#{1,6})(?:[ \t]+(.*))?$/.exec(t)?.[1]?.length ?? 0);
        expect(isThematicBreak(t)).toBe(/^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/.test(t));
        expect(isSetextUnderline(t)).toBe(/^ {0,3}(=+|-+)[ \t]*$/.test(t));
        const m = /^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+|$)/.exec(t);
        const mine = listMarker(t);
        expect(mine).toEqual(
          m === null
            ? undefined
            : {
                indent: m[1]?.length,
                markerEnd: (m[1]?.length ?? 0) + (m[2]?.length ?? 0),
                end: m[0].length,
              },
        );
        if (m !== null && mine !== undefined) {
          // Inside a paragraph: not an empty item, and an ordered one only when it starts at 1.
          const marker = m[2] as string;
          const expected =
            !/^[ \t]*$/.test(t.slice(m[0].length)) && (marker.length === 1 || /^0*1[.)]$/.test(marker));
          expect(canStartItem(mine, t, true)).toBe(expected);
        }
      }),
      RUNS,
    );
  });

  it('fences', () => {
    fc.assert(
      fc.property(TEXT, TEXT, (open, close) => {
        const m = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(open);
        const info = (m?.[2] ?? '').trim();
        const expected =
          m === null || ((m[1] as string)[0] === '`' && info.includes('`'))
            ? undefined
            : {
                char: (m[1] as string)[0],
                length: (m[1] as string).length,
                indent: indentWidth(open),
                lang: (info.split(/[\s{]/, 1)[0] ?? '').toLowerCase(),
              };
        const fence = fenceOpen(open);
        expect(fence).toEqual(expected);
        if (fence === undefined) return;
        const c = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(close);
        const closes =
          c !== null && (c[1] as string)[0] === fence.char && (c[1] as string).length >= fence.length;
        expect(closesFence(close, fence)).toBe(closes);
      }),
      RUNS,
    );
  });

  it('field lines', () => {
    const FIELD =
      /^( {0,3}(?:[-*+][ \t]+)?(\*\*|__)?)(priority|depends(?:[ \t]+on)?|dependencies|files?|estimate|agent|timeout|verify)(?:\2)?[ \t]*:(?:\2)?[ \t]*/i;
    // Lines shaped like fields, so that near misses are generated too.
    const FIELDISH = fc
      .tuple(
        fc.constantFrom('', ' ', '   ', '    ', '\t'),
        fc.constantFrom('', '- ', '*\t', '+', '* ', '-  '),
        fc.constantFrom('', '**', '__', '*'),
        fc.constantFrom(
          'Depends on',
          'depends\ton',
          'Depends  ON',
          'depends',
          'Depends only',
          'dependencies',
          'Files',
          'file',
          'filesx',
          'prio',
          'Verify',
        ),
        fc.constantFrom('', '**', '__'),
        fc.constantFrom('', ' ', '\t'),
        fc.constantFrom(':', '', ' :'),
        fc.constantFrom('', '**', '__'),
        TEXT,
      )
      .map((parts) => parts.join(''));
    const field = newFieldLine();
    fc.assert(
      fc.property(fc.oneof(TEXT, FIELDISH), (t) => {
        const m = FIELD.exec(t);
        expect(matchField(t, 7, 3, field)).toBe(m !== null);
        if (m === null) return;
        const lower = (m[3] as string).toLowerCase();
        expect({
          key: field.key,
          name: fieldName(field),
          value: field.value,
          keyColumn: field.keyColumn,
          valueColumn: field.valueColumn,
        }).toEqual({
          key: lower.startsWith('dep') ? 'depends' : lower.startsWith('file') ? 'files' : lower,
          name: m[3],
          value: t.slice(m[0].length).trimEnd(),
          keyColumn: 3 + (m[1] as string).length,
          valueColumn: 3 + m[0].length,
        });
      }),
      RUNS,
    );
  });

  it('leading ids, ids and file operations', () => {
    fc.assert(
      fc.property(TEXT, (t) => {
        expect(leadingId(t)).toEqual(patternLeadingId(t));
        expect(isValidId(t)).toBe(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/.test(t));
        const path = t.replace(/[ \t]/g, '/');
        expect(isPlainPath(path)).toBe(/^(?:\.?[\w@+-][\w@+,=.-]*\/)*\.?[\w@+-][\w@+,=.-]*$/.test(path));
        const m = /^([A-Za-z]+):?[ \t]+(?=\S)/.exec(t);
        expect(opPathStart(`,${t},`, 1, t.length + 1)).toBe(m === null ? -1 : m[0].length + 1);
      }),
      RUNS,
    );
  });

  it('notes in an item', () => {
    const ANNOTATION =
      /\((depends(?:[ \t]+on)?|priority|agent|timeout|estimate|verify|branch)[ \t]*:[ \t]*([^)]*)\)/gi;
    const NOTEISH = fc
      .array(
        fc.oneof(
          TEXT,
          fc
            .tuple(
              fc.constantFrom('(', '((', ''),
              fc.constantFrom(
                'Depends on',
                'depends\ton',
                'depends',
                'depends only',
                'PRIORITY',
                'branch',
                'agentx',
                'verify',
              ),
              fc.constantFrom('', ' ', '\t '),
              fc.constantFrom(':', '', ': '),
              TEXT,
              fc.constantFrom(')', '', ') ('),
            )
            .map((parts) => parts.join('')),
        ),
        { maxLength: 4 },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(NOTEISH, (t) => {
        const notes: { key: string; value: string; offset: number }[] = [];
        const masked = t.replace(ANNOTATION, (whole, key: string, value: string, offset: number) => {
          notes.push({ key: key.toLowerCase(), value, offset: offset + whole.indexOf(value, key.length) });
          return ' '.repeat(whole.length);
        });
        expect(takeAnnotations(t)).toEqual({ masked, notes });
      }),
      RUNS,
    );
  });

  it('dependency lists and file lists', () => {
    fc.assert(
      fc.property(TEXT, (t) => {
        const draft = someDraft();
        addDependencies(t, 1, 1, draft, new DiagnosticList('f'));
        const expected: string[] = [];
        if (!/^(?:none|-|—|–|n\/a|)$/i.test(t.trim())) {
          for (const m of t.matchAll(/[^\s,;]+/g)) {
            const id = m[0].includes('`') ? m[0].replace(/^`|`$/g, '') : m[0];
            if (id === '' || id.toLowerCase() === 'and') continue;
            if (/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/.test(id))
              expected.push(`${id}@${1 + m.index + (m[0].startsWith('`') ? 1 : 0)}`);
          }
        }
        expect(draft.dependsOn.map((d) => `${d.id}@${d.position.column}`)).toEqual(expected);
        const files = someDraft();
        const diags = new DiagnosticList('f');
        addFileList(t, 1, 1, files, diags);
        const entries = [...t.matchAll(/(?:`[^`]*`|[^,`])+/g)].filter((m) => m[0].trim() !== '');
        expect(files.files.length + diags.items.length).toBe(entries.length);
      }),
      RUNS,
    );
  });

  it('instruction text', () => {
    const LINE = fc.constantFrom('', ' ', '\t', 'a', ' b ', '\u00a0', '\f', 'c\u00a0');
    fc.assert(
      fc.property(fc.array(LINE, { maxLength: 10 }), (lines) => {
        const text = new InstructionText();
        for (const l of lines) text.add(l);
        const out: string[] = [];
        let blank = true;
        for (const line of lines) {
          const b = /^[ \t]*$/.test(line);
          if (b && blank) continue;
          out.push(b ? '' : line.trimEnd());
          blank = b;
        }
        while (out.length > 0 && out[out.length - 1] === '') out.pop();
        expect(text.toString()).toBe(out.join('\n'));
      }),
      RUNS,
    );
  });
});

function someDraft(): TaskDraft {
  const at = { line: 1, column: 1 };
  return newDraft('T1', at, '', at, 'section', false);
}

/** The pattern-based reader the parser used before, for comparison. */
function patternLeadingId(text: string): { id: string; offset: number; restOffset: number } | undefined {
  const lead = /^[ \t]*/.exec(text)?.[0].length ?? 0;
  const taskWord = /^task[ \t]+/i.exec(text.slice(lead));
  if (taskWord !== null) {
    const rest = text.slice(lead + taskWord[0].length);
    const n = /^(\d+)(?:[ \t]*[:—–.][ \t]*|[ \t]+-[ \t]+)/.exec(rest);
    if (n !== null)
      return {
        id: `task-${Number(n[1])}`,
        offset: lead,
        restOffset: lead + taskWord[0].length + n[0].length,
      };
    const inner = patternLeadingId(rest);
    if (inner !== undefined) {
      const shift = lead + taskWord[0].length;
      return { id: inner.id, offset: inner.offset + shift, restOffset: inner.restOffset + shift };
    }
  }
  const m = /^([^\s:—–[\]()]+)(?:([ \t]*[:—–][ \t]*|[ \t]+-[ \t]+)|[ \t]+|$)/.exec(text.slice(lead));
  if (m === null) return undefined;
  const word = m[1] as string;
  const explicit = m[2] !== undefined;
  if (explicit ? !/^[A-Za-z].*\d/.test(word) : !/^[A-Za-z]+[-_.]?\d+(?:[-_.]\d+)*$/.test(word))
    return undefined;
  return { id: word, offset: lead, restOffset: lead + m[0].length };
}
