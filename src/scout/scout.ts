/**
 * The scout: what a worker needs to know about the repository before it starts
 * (seed 003's context.json). Built from `git ls-files` and `git log`, so it is
 * fast on large repositories: a handful of git calls, no directory walk.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gitOut } from '../git/git.js';
import { type LanguageShare, summariseLanguages } from './languages.js';
import { findProjectCommands, type ProjectCommands } from './project-commands.js';

export const CONTEXT_VERSION = 1;

/** Files agents read for project instructions, by convention. */
const INSTRUCTION_NAMES = new Set([
  'CLAUDE.md',
  'AGENTS.md',
  'GEMINI.md',
  'CONVENTIONS.md',
  '.cursorrules',
  'copilot-instructions.md',
]);

export interface RepoContext {
  version: typeof CONTEXT_VERSION;
  generatedAt: string;
  root: string;
  head: string;
  totalFiles: number;
  languages: LanguageShare[];
  layout: { path: string; files: number }[];
  rootFiles: string[];
  hotFiles: { path: string; commits: number }[];
  commands: ProjectCommands;
  instructionFiles: string[];
  /** Text of the top-level instruction files (trimmed), for worker prompts. */
  instructions: { path: string; text: string }[];
  durationMs: number;
}

export interface ScoutOptions {
  /** How many recent commits to read for churn (default 300). */
  historyDepth?: number;
  hotFileCount?: number;
  /** Characters of each instruction file kept for prompts. */
  instructionChars?: number;
}

export async function scoutRepo(top: string, options: ScoutOptions = {}): Promise<RepoContext> {
  const started = performance.now();
  const [listing, head, log] = await Promise.all([
    gitOut(['ls-files', '-z'], { cwd: top }),
    gitOut(['rev-parse', 'HEAD'], { cwd: top }),
    gitOut(['log', '-n', String(options.historyDepth ?? 300), '--format=', '--name-only', '--no-renames'], {
      cwd: top,
    }),
  ]);
  const files = listing.split('\0').filter((f) => f.length > 0);

  const dirCounts = new Map<string, number>();
  const rootFiles: string[] = [];
  const instructionFiles: string[] = [];
  for (const f of files) {
    const slash = f.indexOf('/');
    if (slash < 0) rootFiles.push(f);
    else dirCounts.set(f.slice(0, slash), (dirCounts.get(f.slice(0, slash)) ?? 0) + 1);
    const base = f.slice(f.lastIndexOf('/') + 1);
    if (INSTRUCTION_NAMES.has(base)) instructionFiles.push(f);
  }

  const churn = new Map<string, number>();
  for (const line of log.split('\n')) {
    if (line) churn.set(line, (churn.get(line) ?? 0) + 1);
  }
  const tracked = new Set(files);
  const hotFiles = [...churn.entries()]
    .filter(([path]) => tracked.has(path))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, options.hotFileCount ?? 20)
    .map(([path, commits]) => ({ path, commits }));

  const rootSet = new Set(rootFiles);
  const maxChars = options.instructionChars ?? 4000;
  const [commands, instructions] = await Promise.all([
    findProjectCommands(top, rootSet),
    Promise.all(
      instructionFiles
        .filter((f) => !f.includes('/') || f.startsWith('.github/'))
        .map(async (path) => ({
          path,
          text: (await readFile(join(top, path), 'utf8')).slice(0, maxChars).trim(),
        })),
    ),
  ]);

  return {
    version: CONTEXT_VERSION,
    generatedAt: new Date().toISOString(),
    root: top,
    head,
    totalFiles: files.length,
    languages: summariseLanguages(files),
    layout: [...dirCounts.entries()]
      .map(([path, n]) => ({ path, files: n }))
      .sort((a, b) => b.files - a.files),
    rootFiles: rootFiles.sort(),
    hotFiles,
    commands,
    instructionFiles,
    instructions,
    durationMs: Math.round(performance.now() - started),
  };
}
