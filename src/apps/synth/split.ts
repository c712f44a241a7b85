import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '../../core/atomic.js';
import { WardenError } from '../../core/errors.js';
import { seededRandom } from '../../text/random.js';
import { readInput } from './files.js';

export interface SplitOptions {
  /** Share of rows (or of each stratum's rows) that goes to train, strictly between 0 and 1. */
  ratio: number;
  seed: number;
  /** Field whose values are split in the same proportion (e.g. label). */
  stratify?: string | undefined;
  /** Field whose rows always land on the same side (e.g. a template family held out). */
  groupBy?: string | undefined;
  /** Where `<stem>_train.jsonl` and `<stem>_eval.jsonl` go; default beside the input. */
  outDir?: string | undefined;
}

export interface SplitSide {
  path: string;
  rows: number;
  groups: number;
}

export interface SplitReport {
  train: SplitSide;
  eval: SplitSide;
  /** Rows per side for each stratum ('all' without --stratify). */
  strata: Record<string, { train: number; eval: number }>;
  /** Groups whose rows carry more than one stratify value (placed by their majority value). */
  mixedGroups: number;
}

interface Row {
  line: number;
  raw: string;
  value: Record<string, unknown>;
}

interface Unit {
  rows: number[];
  stratum: string;
}

/**
 * Splits a JSONL file into train and eval files, reproducibly for a seed. With `stratify`,
 * each value of the field is split at the ratio on its own; with `groupBy`, the unit of
 * assignment is a group (all its rows on one side) and groups are placed until each stratum's
 * train side is as close to the ratio as whole groups allow. A stratum with two or more units
 * always gets at least one on each side. Rows keep their input order and exact bytes.
 *
 * @example
 * const report = await splitFile('data/combined.jsonl', { ratio: 0.8, seed: 42, stratify: 'label', groupBy: 'family' });
 * report.train.path; // 'data/combined_train.jsonl'
 */
export async function splitFile(input: string, options: SplitOptions): Promise<SplitReport> {
  if (!(options.ratio > 0 && options.ratio < 1)) throw new WardenError('W_USAGE', `--ratio must be between 0 and 1, exclusive (got ${options.ratio})`);
  const rows = parseRows(input, (await readInput(input)).toString('utf8'));
  if (rows.length === 0) throw new WardenError('W_TRAIN_DATA', 'no rows to split', { where: input });

  const units = buildUnits(input, rows, options);
  const strata = new Map<string, Unit[]>();
  for (const unit of units) {
    const list = strata.get(unit.stratum);
    if (list) list.push(unit);
    else strata.set(unit.stratum, [unit]);
  }
  const random = seededRandom(options.seed);
  const side = new Uint8Array(rows.length); // 0 train, 1 eval
  const counts: SplitReport['strata'] = {};
  let trainGroups = 0;
  let evalGroups = 0;
  // Sorted keys: the split depends on the seed and the rows, not on which value came first.
  for (const key of [...strata.keys()].sort()) {
    const placed = assign(strata.get(key)!, options.ratio, random);
    const count = { train: 0, eval: 0 };
    placed.forEach(({ unit, toEval }) => {
      for (const r of unit.rows) side[r] = toEval ? 1 : 0;
      if (toEval) {
        count.eval += unit.rows.length;
        evalGroups++;
      } else {
        count.train += unit.rows.length;
        trainGroups++;
      }
    });
    counts[key] = count;
  }

  const stem = basename(input).replace(/\.(?:jsonl|ndjson|json)$/i, '');
  const dir = options.outDir ?? dirname(input);
  const trainPath = join(dir, `${stem}_train.jsonl`);
  const evalPath = join(dir, `${stem}_eval.jsonl`);
  let train = '';
  let evalText = '';
  rows.forEach((row, i) => {
    if (side[i] === 1) evalText += row.raw + '\n';
    else train += row.raw + '\n';
  });
  await writeFileAtomic(trainPath, train);
  await writeFileAtomic(evalPath, evalText);
  const sum = (s: 'train' | 'eval') => Object.values(counts).reduce((n, c) => n + c[s], 0);
  return {
    train: { path: trainPath, rows: sum('train'), groups: trainGroups },
    eval: { path: evalPath, rows: sum('eval'), groups: evalGroups },
    strata: counts,
    mixedGroups: units.filter((u) => isMixed(u, rows, options.stratify)).length,
  };
}

function parseRows(path: string, text: string): Row[] {
  const rows: Row[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.endsWith('\r') ? lines[i]!.slice(0, -1) : lines[i]!;
    if (raw.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new WardenError('W_IO_BAD_JSONL', `invalid JSON: ${(error as Error).message}`, { where: `${path}:${i + 1}`, cause: error });
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new WardenError('W_IO_BAD_JSONL', 'expected a JSON object', { where: `${path}:${i + 1}` });
    }
    rows.push({ line: i + 1, raw, value: value as Record<string, unknown> });
  }
  return rows;
}

function buildUnits(path: string, rows: Row[], options: SplitOptions): Unit[] {
  const groups = new Map<string, number[]>();
  rows.forEach((row, i) => {
    let key = String(i);
    if (options.groupBy !== undefined) {
      const value = row.value[options.groupBy];
      if (value === undefined || value === null) {
        throw new WardenError('W_TRAIN_DATA', `row has no "${options.groupBy}" field to group by`, { where: `${path}:${row.line}` });
      }
      key = fieldKey(value);
    }
    const list = groups.get(key);
    if (list) list.push(i);
    else groups.set(key, [i]);
  });
  return [...groups.values()].map((members) => ({ rows: members, stratum: majority(members, rows, options.stratify) }));
}

function majority(members: number[], rows: Row[], field: string | undefined): string {
  if (field === undefined) return 'all';
  const tally = new Map<string, number>();
  for (const r of members) {
    const key = stratumKey(rows[r]!.value[field]);
    tally.set(key, (tally.get(key) ?? 0) + 1);
  }
  let best = '';
  let bestCount = -1;
  for (const [key, n] of tally) if (n > bestCount || (n === bestCount && key < best)) [best, bestCount] = [key, n];
  return best;
}

function isMixed(unit: Unit, rows: Row[], field: string | undefined): boolean {
  if (field === undefined || unit.rows.length < 2) return false;
  const first = stratumKey(rows[unit.rows[0]!]!.value[field]);
  return unit.rows.some((r) => stratumKey(rows[r]!.value[field]) !== first);
}

function stratumKey(value: unknown): string {
  return value === undefined || value === null ? '(missing)' : fieldKey(value);
}

function fieldKey(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Shuffles units with the seeded generator, then fills train while a unit brings its side
 * closer to the target row count; both sides get a unit when there are two or more.
 */
function assign(units: Unit[], ratio: number, random: () => number): { unit: Unit; toEval: boolean }[] {
  const order = [...units];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const target = ratio * order.reduce((n, u) => n + u.rows.length, 0);
  let trainRows = 0;
  const placed = order.map((unit) => {
    const toTrain = trainRows + unit.rows.length / 2 <= target;
    if (toTrain) trainRows += unit.rows.length;
    return { unit, toEval: !toTrain };
  });
  if (placed.length >= 2) {
    if (placed.every((p) => !p.toEval)) placed[placed.length - 1]!.toEval = true;
    else if (placed.every((p) => p.toEval)) placed[0]!.toEval = false;
  }
  return placed;
}
