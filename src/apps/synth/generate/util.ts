import type { GenerateConfig, GenerateManifest } from './manifest.js';
import type { PromptFile } from './prompt-file.js';

/**
 * At most `size` tasks at a time; the rest wait in FIFO order.
 *
 * @example
 * const limit = new Semaphore(4);
 * await limit.run(() => provider.chat(request));
 */
export class Semaphore {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = Math.max(1, size);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}

/**
 * Runs `work` over `items` with at most `size` in flight, in item order; resolves when all ended.
 *
 * @example
 * await pool(files, 4, async function one(file) { await handle(file); });
 */
export async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  }
  await Promise.all(Array.from({ length: Math.min(Math.max(1, size), items.length) }, worker));
}

/** What differs between a stored run and the requested one, for the W_RUN_MISMATCH message. */
export function mismatchMessage(old: GenerateManifest, config: GenerateConfig, prompts: readonly PromptFile[]): string {
  const diffs: string[] = [];
  const keys = ['model', 'fallback_models', 'samples', 'seed', 'near_dup'] as const;
  for (const key of keys) {
    const a = JSON.stringify(old.config?.[key] ?? null);
    const b = JSON.stringify(config[key] ?? null);
    if (a !== b) diffs.push(`${key} ${a} → ${b}`);
  }
  const before = new Map(old.prompts.map((p) => [p.name, p.sha256]));
  for (const p of prompts) {
    const sha = before.get(p.name);
    if (sha === undefined) diffs.push(`new prompt file ${p.name}`);
    else if (sha !== p.sha256) diffs.push(`prompt file ${p.name} changed`);
  }
  for (const name of before.keys()) if (!prompts.some((p) => p.name === name)) diffs.push(`prompt file ${name} missing`);
  return diffs.length ? diffs.join('; ') : 'config hash differs';
}
