/**
 * The repository's settings file, `.weft/config.yaml` (else `weft.config.yaml`)
 * at the top of the main worktree: read and parsed in one place. Each reader
 * (workers, notifications, discovery roles, team roles) validates the keys it
 * owns with its own schema and ignores the others, so all live in one file. A
 * file that is not valid YAML, or a key of the wrong shape, is a UsageError
 * naming the file.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type * as z from 'zod';
import { UsageError } from '../errors.js';

export const CONFIG_FILES = [join('.weft', 'config.yaml'), 'weft.config.yaml'] as const;

export interface ConfigDocument {
  /** The file's name relative to the repository top, when there is one. */
  name?: string;
  data: Record<string, unknown>;
}

export async function readConfigDocument(top: string): Promise<ConfigDocument> {
  for (const name of CONFIG_FILES) {
    let text: string;
    try {
      text = await readFile(join(top, name), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    let data: unknown;
    try {
      data = parse(text) ?? {};
    } catch (err) {
      throw new UsageError(`${name}: not valid YAML: ${(err as Error).message}`, { cause: err });
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new UsageError(`${name}: expected a mapping of settings at the top`);
    }
    return { name, data: data as Record<string, unknown> };
  }
  return { data: {} };
}

/** Validate one top-level key with `schema`; a wrong shape is a UsageError naming file and path. */
export function configKey<T extends z.ZodType>(doc: ConfigDocument, key: string, schema: T): z.infer<T> {
  const r = schema.safeParse(doc.data[key]);
  if (!r.success) {
    throw new UsageError(`${doc.name ?? 'config'}: invalid \`${key}\` settings`, {
      details: r.error.issues.map((i) => `${[key, ...i.path].join('.')}: ${i.message}`),
    });
  }
  return r.data;
}

/** Validate the whole document with `schema` (unknown keys pass); a wrong shape is a UsageError naming file and path. */
export function configDocument<T extends z.ZodType>(doc: ConfigDocument, schema: T): z.infer<T> {
  const r = schema.safeParse(doc.data);
  if (!r.success) {
    throw new UsageError(`${doc.name ?? 'config'}: invalid settings`, {
      details: r.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`),
    });
  }
  return r.data;
}
