import { stableStringify } from '../../core/hash.js';
import { createStages } from '../registry.js';
import type { StageRef } from '../spec.js';
import type { Stage } from '../stage.js';

/**
 * Stage sets for a long-running worker. Building stages can be costly (a model loads), so a set
 * is built once and reused for every shard of the same pipeline; one set per job running at
 * once, since a stage runs one shard at a time as in the local pool. Sets of a pipeline that
 * is no longer asked for are closed when another pipeline comes along.
 *
 * @example
 * const pool = new StagePool();
 * const stages = await pool.acquire(config.stages);
 * try { await runShard({ ..., stages }); } finally { pool.release(config.stages, stages); }
 */
export class StagePool {
  private readonly idle = new Map<string, Stage[][]>();

  async acquire(refs: readonly StageRef[]): Promise<Stage[]> {
    const key = stableStringify(refs);
    await this.closeOthers(key);
    const ready = this.idle.get(key)?.pop();
    if (ready) return ready;
    const stages = await createStages(refs);
    for (const stage of stages) await stage.init?.();
    return stages;
  }

  release(refs: readonly StageRef[], stages: Stage[]): void {
    const key = stableStringify(refs);
    const list = this.idle.get(key) ?? [];
    list.push(stages);
    this.idle.set(key, list);
  }

  /** Closes every idle set; call when the worker stops. */
  async close(): Promise<void> {
    await this.closeOthers(undefined);
  }

  private async closeOthers(keep: string | undefined): Promise<void> {
    for (const [key, sets] of this.idle) {
      if (key === keep) continue;
      this.idle.delete(key);
      for (const stages of sets) for (const stage of stages) await stage.close?.();
    }
  }
}
