import { describe, expect, it } from 'vitest';
import { parse, problems } from './support/parse.js';

const body = ['## T001: a', 'x'];

describe('front matter', () => {
  it('reads every run setting', () => {
    const { taskFile, diagnostics } = parse([
      '---',
      'workers: 4',
      'agent: claude',
      'base: develop',
      'validate: npm test',
      'timeout: 10m',
      'hang-timeout: 90',
      'max-attempts: 2',
      'setup: npm ci',
      '---',
      ...body,
    ]);
    expect(diagnostics).toEqual([]);
    expect(taskFile.settings).toEqual({
      workers: 4,
      agent: 'claude',
      base: 'develop',
      validate: 'npm test',
      timeoutMs: 600_000,
      hangTimeoutMs: 90_000,
      maxAttempts: 2,
      setup: 'npm ci',
    });
    expect(taskFile.tasks[0]?.position).toEqual({ line: 11, column: 1 });
  });

  it('accepts camelCase and snake_case spellings of the keys', () => {
    const { taskFile, diagnostics } = parse(['---', 'hangTimeout: 30s', 'max_attempts: 5', '---', ...body]);
    expect(diagnostics).toEqual([]);
    expect(taskFile.settings).toEqual({ hangTimeoutMs: 30_000, maxAttempts: 5 });
  });

  it('is optional, and may be empty', () => {
    expect(parse(body).taskFile.settings).toEqual({});
    expect(parse(['---', '---', ...body])).toMatchObject({ diagnostics: [], taskFile: { settings: {} } });
  });

  it('reports unknown keys at the key, and keeps the valid settings', () => {
    const { taskFile, diagnostics } = parse([
      '---',
      'workers: 2',
      'colour: blue',
      '  # comment',
      'retries: 3',
      '---',
      ...body,
    ]);
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.kind}`)).toEqual([
      '3:1 unknown-setting',
      '5:1 unknown-setting',
    ]);
    expect(diagnostics[0]?.message).toContain('known settings: workers, agent');
    expect(taskFile.settings).toEqual({ workers: 2 });
  });

  it('reports wrong types and values at the value', () => {
    expect(
      problems([
        '---',
        'workers: many',
        'agent: 3',
        'timeout: soon',
        'max-attempts: 1.5',
        'base: ""',
        'hang-timeout: -5',
        '---',
        ...body,
      ]),
    ).toEqual([
      '2:10 bad-setting',
      '3:8 bad-setting',
      '4:10 bad-setting',
      '5:15 bad-setting',
      '6:7 bad-setting',
      '7:15 bad-setting',
    ]);
  });

  it('reports YAML syntax errors where they are', () => {
    const { diagnostics } = parse(['---', 'workers: 2', 'agent: [claude', '---', ...body]);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.every((d) => d.kind === 'front-matter' && d.line >= 3 && d.line <= 4)).toBe(true);
  });

  it('reports a key given twice', () => {
    expect(problems(['---', 'workers: 2', 'workers: 3', '---', ...body])).toEqual(['3:1 front-matter']);
    expect(problems(['---', 'max-attempts: 2', 'maxAttempts: 3', '---', ...body])).toEqual([
      '3:1 bad-setting',
    ]);
  });

  it('must be a mapping, and must be closed', () => {
    expect(problems(['---', '- workers', '---', ...body])).toEqual(['2:1 front-matter']);
    expect(problems(['---', 'workers: 2', ...body])).toEqual(['1:1 front-matter']);
  });

  it('is only front matter at the very top of the file', () => {
    const { taskFile, diagnostics } = parse(['', '---', 'workers: 2', '---', ...body]);
    expect(diagnostics).toEqual([]);
    expect(taskFile.settings).toEqual({});
  });
});
