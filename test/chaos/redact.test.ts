/** Secret values — from `.env` files and well-known variables — become `[redacted:NAME]`. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isSecretName, parseDotenv, Redactor, redactorFor } from '../../src/util/redact.js';
import { RedactingStream } from '../../src/util/redact-stream.js';
import { makeTempDir } from '../support/repo.js';

let dir: string;
beforeEach(() => {
  dir = makeTempDir('weft-redact-');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('secret variables', () => {
  it('knows the agent API keys and *_TOKEN, *_SECRET, *_PASSWORD', () => {
    for (const n of [
      'ANTHROPIC_API_KEY',
      'OPENAI_API_KEY',
      'CODEX_API_KEY',
      'GEMINI_API_KEY',
      'GH_TOKEN',
      'DB_PASSWORD',
      'JWT_SECRET',
      'STRIPE_SECRET_KEY',
    ])
      expect(isSecretName(n), n).toBe(true);
    for (const n of ['PATH', 'HOME', 'NODE_ENV', 'PORT', 'TOKENIZER_MODE'])
      expect(isSecretName(n), n).toBe(false);
  });

  it('parses dotenv files: export, quotes, comments', () => {
    const vars = parseDotenv(
      'export A=plain # comment\nB="quoted # not a comment"\nC=\'single\'\n# D=nope\nE = spaced \nF="line\\nbreak"\n',
    );
    expect(Object.fromEntries(vars)).toEqual({
      A: 'plain',
      B: 'quoted # not a comment',
      C: 'single',
      E: 'spaced',
      F: 'line\nbreak',
    });
  });

  it('collects .env values (also from the main worktree of a linked one) and secret environment variables', async () => {
    writeFileSync(
      join(dir, '.env'),
      'SERVICE_URL=https://user:hunter22@db.example\nPORT=3000\nSHORT_TOKEN=abcdef\n',
    );
    writeFileSync(join(dir, '.env.example'), 'SERVICE_URL=placeholder-value-here\n');
    const wt = join(dir, '.trees', 'w1');
    mkdirSync(wt, { recursive: true });
    writeFileSync(join(wt, '.git'), `gitdir: ${dir}/.git/worktrees/w1\n`);
    const r = await redactorFor(wt, {
      ANTHROPIC_API_KEY: 'sk-ant-123456789',
      HOME: '/home/someone',
      API_TOKEN: 'x',
    });
    expect(
      r.redact(
        'url https://user:hunter22@db.example on 3000 key sk-ant-123456789 tok abcdef home /home/someone x',
      ),
    ).toBe(
      'url [redacted:SERVICE_URL] on 3000 key [redacted:ANTHROPIC_API_KEY] tok [redacted:SHORT_TOKEN] home /home/someone x',
    );
    expect(r.redact('placeholder-value-here')).toBe('placeholder-value-here');
  });

  it('redacts JSON-escaped forms and the longest secret first', () => {
    const r = new Redactor([
      ['A_TOKEN', 'abc"def\\ghi'],
      ['B_TOKEN', 'abc"def\\ghi-longer'],
    ]);
    expect(r.redact(JSON.stringify({ t: 'abc"def\\ghi-longer and abc"def\\ghi' }))).toBe(
      '{"t":"[redacted:B_TOKEN] and [redacted:A_TOKEN]"}',
    );
  });

  it('a stream never lets a secret through, however the chunks split it', () => {
    const secret = 'sk-proj-SECRET-0123456789';
    const r = new Redactor([['OPENAI_API_KEY', secret]]);
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 30 }), { maxLength: 6 }),
        fc.array(fc.nat(200), { maxLength: 8 }),
        (parts, cuts) => {
          const text = parts.join(secret);
          const s = new RedactingStream(r);
          let out = '';
          let from = 0;
          for (const c of [...cuts].sort((a, b) => a - b)) {
            const to = Math.min(c, text.length);
            out += s.write(Buffer.from(text.slice(from, Math.max(from, to))));
            from = Math.max(from, to);
          }
          out += s.write(Buffer.from(text.slice(from))) + s.end();
          expect(out).not.toContain(secret);
          expect(out).toBe(r.redact(text));
        },
      ),
      { numRuns: 300 },
    );
  });
});
