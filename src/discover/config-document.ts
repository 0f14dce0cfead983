/**
 * The raw settings document (`.weft/config.yaml`, else `weft.config.yaml`),
 * for readers of keys the worker config does not know (`roles:`, `team:`).
 * Each reader validates its own key with its own schema; the worker config
 * loader ignores keys it does not know, so both can live in one file.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { UsageError } from '../errors.js';
import { CONFIG_FILES } from '../workers/config.js';

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
