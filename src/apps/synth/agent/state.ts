import { existsSync } from 'node:fs';
import { open, readFile, rm, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../core/atomic.js';
import { WardenError } from '../../../core/errors.js';
import type { AgentPlan } from './plan.js';

/** What fixes a run's output: the same config continues a run directory, another one is refused. */
export interface AgentConfig {
  records: number;
  seed: number;
  plan: AgentPlan;
  model: string;
  max_attempts: number;
  prompts_sha256: string;
}

/** How this invocation runs (may change between resumes). */
export interface AgentInvocation {
  out: string;
  plan_file: string | null;
  batch: 'auto' | 'on' | 'off';
  checkpoint_every: number;
  no_cache: boolean;
}

export interface RunFile {
  version: 1;
  config: AgentConfig;
  config_hash: string;
  invocation: AgentInvocation;
  command: string[];
}

/** One task's progress: todo until a record is accepted (done) or the attempts run out (abandoned). */
export interface TaskState {
  s: 'todo' | 'done' | 'abandoned';
  /** Answers judged so far (the next request is attempt a + 1). */
  a: number;
  /** Requests that failed in transport (each one gets a new item id on the next round). */
  f: number;
  /** Why the last answer was refused: the re-ask quotes these (never a raw value). */
  r?: string[];
}

export interface Checkpoint {
  version: 1;
  config_hash: string;
  /** Records in records.partial.jsonl up to `bytes`; anything after is cut on resume. */
  written: number;
  bytes: number;
  round: number;
  /** Tasks that are not fresh, by index (see packTasks: done ones as a bitmap on disk). */
  tasks: Record<string, TaskState>;
  rejects: Record<string, number>;
  errors: Record<string, number>;
  usage: { inputTokens: number; outputTokens: number; answers: number };
  saved_at: string;
}

export const FILES = {
  run: 'run.json',
  checkpoint: 'checkpoint.json',
  partial: 'records.partial.jsonl',
  records: 'records.jsonl',
  manifest: 'manifest.json',
  tracker: 'batches.sqlite',
  cache: 'llm-cache.sqlite',
} as const;

/**
 * The run directory of `warden synth dlp-agent`: run.json (config and hash), checkpoint.json
 * (written atomically every N records, at every round's end and on Ctrl+C or an error),
 * records.partial.jsonl (appended; cut back to the checkpoint's length on resume, so a record
 * is never duplicated or lost), batches.sqlite (the batch tracker) and, at the end,
 * records.jsonl and manifest.json (atomic).
 */
export class AgentRunDir {
  constructor(readonly root: string) {}

  path(name: keyof typeof FILES): string {
    return join(this.root, FILES[name]);
  }

  async readRun(): Promise<RunFile | undefined> {
    if (!existsSync(this.path('run'))) return undefined;
    return readJson<RunFile>(this.path('run'));
  }

  async writeRun(run: RunFile): Promise<void> {
    await writeFileAtomic(this.path('run'), JSON.stringify(run, null, 2) + '\n');
  }

  async readCheckpoint(hash: string): Promise<Checkpoint | undefined> {
    if (!existsSync(this.path('checkpoint'))) return undefined;
    const raw = await readJson<Omit<Checkpoint, 'tasks'> & PackedTasks>(this.path('checkpoint'));
    if (raw.config_hash !== hash) throw new WardenError('W_RUN_MISMATCH', 'checkpoint.json belongs to another configuration', { where: this.path('checkpoint') });
    const { done, open, ...rest } = raw;
    return { ...rest, tasks: unpackTasks({ done, open }) };
  }

  async writeCheckpoint(cp: Checkpoint): Promise<void> {
    const { tasks, ...rest } = cp;
    await writeFileAtomic(this.path('checkpoint'), JSON.stringify({ ...rest, ...packTasks(tasks), saved_at: new Date().toISOString() }) + '\n');
  }

  /** Cuts records.partial.jsonl back to what the checkpoint counted (records after it are made again). */
  async cutPartial(bytes: number): Promise<void> {
    const path = this.path('partial');
    if (!existsSync(path)) {
      if (bytes > 0) throw new WardenError('W_RUN_MISMATCH', `${FILES.partial} is missing but the checkpoint counts ${bytes} bytes; use --force to start over`, { where: this.root });
      return;
    }
    const size = (await stat(path)).size;
    if (size < bytes) throw new WardenError('W_RUN_MISMATCH', `${FILES.partial} is shorter than the checkpoint says (${size} < ${bytes} bytes); use --force to start over`, { where: path });
    if (size > bytes) await truncate(path, bytes);
  }

  /** Removes the run's files (--force). */
  async clear(): Promise<void> {
    for (const name of Object.values(FILES)) await rm(join(this.root, name), { force: true });
    for (const suffix of ['-wal', '-shm']) {
      await rm(join(this.root, FILES.tracker + suffix), { force: true });
      await rm(join(this.root, FILES.cache + suffix), { force: true });
    }
  }
}

/** An append handle on records.partial.jsonl that knows its length and can be synced before a checkpoint. */
export class PartialWriter {
  private constructor(
    private readonly handle: Awaited<ReturnType<typeof open>>,
    public bytes: number,
  ) {}

  static async open(path: string, bytes: number): Promise<PartialWriter> {
    return new PartialWriter(await open(path, 'a'), bytes);
  }

  async append(line: string): Promise<void> {
    const data = Buffer.from(line + '\n', 'utf8');
    await this.handle.write(data);
    this.bytes += data.length;
  }

  async sync(): Promise<void> {
    await this.handle.sync();
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

async function readJson<T>(path: string): Promise<T> {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    throw new WardenError('W_RUN_MISMATCH', `not valid JSON (${(cause as Error).message}); use --force to start over`, { where: path, cause });
  }
}

/** Task states as saved: done tasks as a base64 bitmap (a 50,000-record run stays a few KB), the others by index. */
export interface PackedTasks {
  done: string;
  open: Record<string, TaskState>;
}

/**
 * @example
 * unpackTasks(packTasks({ 3: { s: 'done', a: 1, f: 0 } })); // { 3: { s: 'done', a: 1, f: 0 } }
 */
export function packTasks(tasks: Readonly<Record<string, TaskState>>): PackedTasks {
  const indices = Object.keys(tasks).map(Number);
  const bits = new Uint8Array(indices.length === 0 ? 0 : (Math.max(...indices) >> 3) + 1);
  const open: Record<string, TaskState> = {};
  for (const [key, t] of Object.entries(tasks)) {
    const i = Number(key);
    if (t.s === 'done') bits[i >> 3]! |= 1 << (i & 7);
    else if (t.a > 0 || t.f > 0 || t.s !== 'todo') open[key] = t;
  }
  return { done: Buffer.from(bits).toString('base64'), open };
}

/** The inverse of packTasks (done tasks come back as `{s: 'done', a: 1, f: 0}`: their counts no longer matter). */
export function unpackTasks(packed: Partial<PackedTasks>): Record<string, TaskState> {
  const tasks: Record<string, TaskState> = { ...(packed.open ?? {}) };
  const bits = Buffer.from(packed.done ?? '', 'base64');
  for (let i = 0; i < bits.length * 8; i++) if (bits[i >> 3]! & (1 << (i & 7))) tasks[i] = { s: 'done', a: 1, f: 0 };
  return tasks;
}
