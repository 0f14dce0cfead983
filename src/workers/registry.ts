/**
 * The worker registry: `.weft/workers/<id>.json` (the record), `<id>.log`
 * (the agent's full output) and `<id>.d/` (the agent's private state and the
 * supervisor's launch file). Records are written to a temp file and renamed,
 * so a reader sees the old or the new record, never a torn one.
 */
import { mkdir, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RepoPaths } from '../git/repo-paths.js';
import { replaceFile } from '../util/replace-file.js';
import { type WorkerRecord, workerRecordSchema } from './record.js';

export const WORKERS_DIR = join('.weft', 'workers');

export interface WorkerFiles {
  record: string;
  log: string;
  /** Private directory: agent state dir, launch spec. */
  dir: string;
}

export class WorkerRegistry {
  readonly dir: string;

  constructor(readonly repo: RepoPaths) {
    this.dir = join(repo.top, WORKERS_DIR);
  }

  files(id: string): WorkerFiles {
    return {
      record: join(this.dir, `${id}.json`),
      log: join(this.dir, `${id}.log`),
      dir: join(this.dir, `${id}.d`),
    };
  }

  /**
   * Claim a new id derived from the branch (`worker/x` -> `worker-x`, then
   * `worker-x-2`, …) by creating its record file exclusively.
   */
  async claimId(branch: string): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const slug =
      branch
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .replace(/^[-.]+|-+$/g, '')
        .slice(0, 60) || 'worker';
    for (let n = 1; ; n++) {
      const id = n === 1 ? slug : `${slug}-${n}`;
      try {
        await (await open(this.files(id).record, 'wx')).close();
        return id;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
  }

  async write(record: WorkerRecord): Promise<void> {
    const target = this.files(record.id).record;
    await mkdir(this.dir, { recursive: true });
    await replaceFile(target, `${JSON.stringify(record, null, 2)}\n`);
  }

  /** The record, or undefined when it does not exist or is not a valid record. */
  async read(id: string): Promise<WorkerRecord | undefined> {
    let text: string;
    try {
      text = await readFile(this.files(id).record, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    return parseRecord(text);
  }

  /** Every readable record, oldest first. Claimed-but-empty and corrupt files are skipped. */
  async list(): Promise<WorkerRecord[]> {
    const ids = await this.ids();
    const records = await Promise.all(ids.map((id) => this.read(id)));
    return sortRecords(records);
  }

  /**
   * The records in state `running`. Finished records pile up until `cleanup`;
   * a text check spares parsing them on every spawn.
   */
  async listRunning(): Promise<WorkerRecord[]> {
    const ids = await this.ids();
    const records = await Promise.all(
      ids.map(async (id) => {
        const text = await readFile(this.files(id).record, 'utf8').catch(() => '');
        return RUNNING.test(text) ? parseRecord(text) : undefined;
      }),
    );
    return sortRecords(records).filter((r) => r.state === 'running');
  }

  /**
   * Ids whose record file is not a valid record and was last written more than
   * `olderThanMs` ago: a claim whose spawn crashed before it wrote, or a file
   * damaged by hand. (Younger ones may be a spawn registering right now.)
   */
  async unreadable(olderThanMs = 60_000): Promise<string[]> {
    const found: string[] = [];
    for (const id of await this.ids()) {
      if ((await this.read(id)) !== undefined) continue;
      const info = await stat(this.files(id).record).catch(() => undefined);
      if (info !== undefined && Date.now() - info.mtimeMs > olderThanMs) found.push(id);
    }
    return found;
  }

  private async ids(): Promise<string[]> {
    try {
      const names = await readdir(this.dir);
      return names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  /** Delete the record, log and private directory. */
  async remove(id: string): Promise<void> {
    const f = this.files(id);
    await Promise.all([rm(f.log, { force: true }), rm(f.dir, { recursive: true, force: true })]);
    await rm(f.record, { force: true });
  }
}

const RUNNING = /"state":\s*"running"/;

function sortRecords(records: (WorkerRecord | undefined)[]): WorkerRecord[] {
  return records
    .filter((r): r is WorkerRecord => r !== undefined)
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id));
}

function parseRecord(text: string): WorkerRecord | undefined {
  try {
    const r = workerRecordSchema.safeParse(JSON.parse(text));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}
