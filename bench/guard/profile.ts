import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

interface CpuProfile {
  startTime: number;
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  function: string;
  /** file:line (1-based), relative to the repository when inside it. */
  where: string;
  self_ms: number;
  /** Share of the busy (non-idle) samples. */
  percent: number;
}

/**
 * The functions with the most self time in the `.cpuprofile` file Node wrote to `dir`
 * (`node --cpu-prof --cpu-prof-dir DIR`), idle time left out. With a window (CLOCK_MONOTONIC µs,
 * `process.hrtime.bigint() / 1000n` in any process of this machine: V8 stamps samples with the
 * same clock), only samples inside it count, so start-up (module loading) stays out.
 *
 * @example
 * const top = await topSelfTime('bench/tmp/guard-profile', repo, 20, { fromUs, toUs });
 */
export async function topSelfTime(
  dir: string,
  repo: string,
  limit = 20,
  window?: { fromUs: number; toUs: number },
): Promise<{ file: string; busy_ms: number; windowed: boolean; top: SelfTime[]; by_part: { part: string; percent: number }[] }> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile')).sort();
  if (files.length === 0) throw new Error(`no .cpuprofile in ${dir}`);
  const file = join(dir, files[files.length - 1]!);
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const partUs = new Map<string, number>();
  const selfUs = new Map<string, { fn: string; where: string; us: number }>();
  const stamps: number[] = [];
  let at = profile.startTime;
  for (const dt of profile.timeDeltas) stamps.push((at += dt));
  const inWindow = (i: number) => !window || (stamps[i]! >= window.fromUs && stamps[i]! <= window.toUs);
  // A clock mismatch would leave nothing in the window: then count the whole profile and say so.
  const windowed = window !== undefined && profile.samples.some((_, i) => inWindow(i));
  let busyUs = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === '(idle)' || (windowed && !inWindow(i))) return;
    const dt = profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0;
    busyUs += dt;
    const part = partOf(id, byId, parent);
    partUs.set(part, (partUs.get(part) ?? 0) + dt);
    const { functionName, url, lineNumber } = node.callFrame;
    const path = url.replace(/^file:\/\//, '');
    const where = path ? `${path.startsWith(repo) ? relative(repo, path) : path}:${lineNumber + 1}` : '';
    const key = `${functionName}\u0000${where}`;
    const entry = selfUs.get(key) ?? { fn: functionName || '(anonymous)', where, us: 0 };
    entry.us += dt;
    selfUs.set(key, entry);
  });
  const top = [...selfUs.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, limit)
    .map((e) => ({ function: e.fn, where: e.where, self_ms: Math.round(e.us / 100) / 10, percent: Math.round((e.us / Math.max(1, busyUs)) * 1000) / 10 }));
  const byPart = [...partUs.entries()].sort((a, b) => b[1] - a[1]).map(([part, us]) => ({ part, percent: Math.round((us / Math.max(1, busyUs)) * 1000) / 10 }));
  return { file: relative(repo, file), busy_ms: Math.round(busyUs / 1000), windowed, top, by_part: byPart };
}

/** Which part of the server a code location belongs to; first match wins. */
const PARTS: [string, RegExp][] = [
  ['audit (recorder, SQLite)', /\/dist\/apps\/guard\/(audit\/|server\/audit-recorder)|\/dist\/store\/|node_modules\/better-sqlite3\//],
  ['metrics (prom-client)', /\/dist\/apps\/guard\/server\/metrics|node_modules\/(prom-client|tdigest|bintrees)\//],
  ['request log (pino)', /\/dist\/apps\/guard\/server\/logging|node_modules\/(pino|sonic-boom|pino-std-serializers|safe-stable-stringify)\//],
  ['scanner and detectors', /\/dist\/(detect|text)\/|node_modules\/libphonenumber-js\//],
  ['pre-classifier', /\/dist\/ml\//],
  ['policy and rendering', /\/dist\/apps\/guard\/(policy\/|engine|actions)/],
  ['proxy (forwarding, upstream fetch, SSE, stream guard)', /\/dist\/apps\/guard\/proxy\//],
  ['guard routes, auth, limits', /\/dist\/apps\/guard\/server\//],
  ['fastify (routing, hooks, JSON parse and serialise)', /node_modules\/(fastify|@fastify|find-my-way|fast-json-stringify|secure-json-parse|avvio|fast-querystring|toad-cache|fastq|ajv|light-my-request)\//],
  ['other warden code', /\/dist\//],
  ['other libraries', /node_modules\//],
];

/**
 * The part a sample's time goes to: the first frame, from the leaf up, that is Warden's or a
 * library's code (Node internals and natives — writev, string encoding — count toward whoever
 * called them); samples with no such frame are the runtime's (GC, http parsing, event loop).
 */
function partOf(id: number, byId: Map<number, CpuProfile['nodes'][number]>, parent: Map<number, number>): string {
  const leaf = byId.get(id)!.callFrame.functionName;
  if (leaf === '(garbage collector)') return 'garbage collector';
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const url = byId.get(at)!.callFrame.url;
    if (!url || url.startsWith('node:')) continue;
    for (const [part, pattern] of PARTS) if (pattern.test(url)) return part;
  }
  return 'node runtime (http, net, event loop)';
}
