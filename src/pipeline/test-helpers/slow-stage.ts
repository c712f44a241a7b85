import type { Rec } from '../../io/record.js';
import { MapStage } from '../stage.js';

/** A test stage that sleeps per batch (so a run can be killed mid-way) and tags records. */
class SlowStage extends MapStage {
  readonly name = 'slow';
  private readonly delayMs: number;

  constructor(delayMs: number) {
    super();
    this.delayMs = delayMs;
  }

  override async *run(input: AsyncIterable<Rec[]>, ctx: Parameters<MapStage['run']>[1]): AsyncIterable<Rec[]> {
    for await (const batch of super.run(input, ctx)) {
      await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      yield batch;
    }
  }

  map(record: Rec): Rec {
    record.slow = { len: String(record.text ?? '').length };
    return record;
  }
}

export function createSlowStage(options: Record<string, unknown>): SlowStage {
  return new SlowStage(Number(options.delay_ms ?? 10));
}

/** A stage that throws on records whose text contains "BOOM". */
class ExplodingStage extends MapStage {
  readonly name = 'exploding';
  map(record: Rec): Rec {
    if (String(record.text).includes('BOOM')) throw new Error('boom');
    return record;
  }
}

export function createExplodingStage(): ExplodingStage {
  return new ExplodingStage();
}
