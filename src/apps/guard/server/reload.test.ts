import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAuditStore, type AuditStore } from '../audit/index.js';
import { defaultGuardConfig, loadGuardConfig } from '../config.js';
import { GuardEngine } from '../engine.js';
import { startGuardServer, type RunningGuardServer } from './start.js';
import { watchAndReload, withShadow } from './reload.js';
import { SECRET } from './test-helpers/harness.js';

// The storm sends hundreds of requests from one address: lift the per-client rate limit.
const SERVER = 'server: { rate_limit: { requests_per_minute: 10000000, burst: 1000000 } }\n';
const policyFile = (action: string, extra = '') => `${SERVER}default_policy: default\npolicies:\n  default:\n    rules:\n      - { detector: secrets, action: ${action} }\n${extra}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let dir: string;
let audit: AuditStore;
let server: RunningGuardServer | undefined;
let stop: (() => void) | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'warden-guard-reload-'));
  audit = await openAuditStore('sqlite::memory:');
});
afterEach(async () => {
  stop?.();
  await server?.close();
  await audit.close();
  await rm(dir, { recursive: true, force: true });
  server = undefined;
  stop = undefined;
});

describe('withShadow', () => {
  it('puts every policy in shadow mode without touching the input', () => {
    const config = defaultGuardConfig();
    const shadow = withShadow(config);
    expect(Object.values(shadow.policies).every((p) => p.mode === 'shadow')).toBe(true);
    expect(config.policies['default']!.mode).toBe('enforce');
  });
});

describe('hot reload under load', () => {
  it('a reload storm swaps policies while requests run: none fails, each sees one whole policy, the last write wins', async () => {
    const file = join(dir, 'guard.yaml');
    await writeFile(file, policyFile('mask'));
    const { config } = await loadGuardConfig(file);
    const engine = await GuardEngine.create({ config });
    server = await startGuardServer({ config, engine, audit, port: 0, processMetrics: false });
    const logs: string[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write: (c: Buffer, _e, done) => (logs.push(c.toString()), done()) }));
    let reloads = 0;
    stop = watchAndReload({ file, engine, initial: config, logger, debounceMs: 5, onReload: () => reloads++ });

    const masked = `key sk${'*'.repeat(SECRET.length - 4)}cY`;
    const redacted = 'key [REDACTED:payments]';
    const seen = new Map<string, number>();
    let failures = 0;
    let storming = true;
    const worker = async () => {
      while (storming) {
        const res = await fetch(`${server!.url}/v1/guard`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ response: `key ${SECRET}` }) });
        if (res.status !== 200) failures++;
        if (res.status !== 200) continue;
        const { response } = (await res.json()) as { response: string };
        seen.set(response, (seen.get(response) ?? 0) + 1);
      }
    };
    const workers = Array.from({ length: 6 }, worker);
    for (let i = 0; i < 40; i++) {
      // An invalid version in the middle of the storm is rejected and changes nothing.
      await writeFile(file, i === 20 ? 'policies: { default: { rules: [ { detector: secrets, action: explode } ] } }\n' : policyFile(i % 2 ? 'redact' : 'mask', `# ${i}\n`));
      await sleep(15);
    }
    await writeFile(file, policyFile('redact', '# final\n'));
    await sleep(300);
    storming = false;
    await Promise.all(workers);

    expect(failures).toBe(0);
    expect(reloads).toBeGreaterThanOrEqual(2);
    expect([...seen.keys()].every((r) => r === masked || r === redacted), [...seen.keys()].join(' | ')).toBe(true);
    expect(seen.get(masked)).toBeGreaterThan(0);
    expect(seen.get(redacted)).toBeGreaterThan(0);
    const final = await fetch(`${server.url}/v1/guard`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ response: `key ${SECRET}` }) });
    expect(((await final.json()) as { response: string }).response).toBe(redacted);
    expect(logs.join('')).toContain('guard policies reloaded');
  });

  it('with --shadow the reloaded policies stay in shadow mode; server setting changes are reported, not applied', async () => {
    const file = join(dir, 'guard.yaml');
    await writeFile(file, policyFile('block'));
    const { config } = await loadGuardConfig(file);
    const engine = await GuardEngine.create({ config: withShadow(config) });
    const logs: string[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write: (c: Buffer, _e, done) => (logs.push(c.toString()), done()) }));
    let reloads = 0;
    stop = watchAndReload({ file, engine, initial: config, shadow: true, logger, debounceMs: 5, onReload: () => reloads++ });
    await sleep(50);
    await writeFile(file, policyFile('redact').replace(SERVER, 'server: { port: 9999 }\n'));
    for (let i = 0; i < 100 && reloads === 0; i++) await sleep(20);
    expect(reloads).toBe(1);
    const { decision } = engine.guard(`key ${SECRET}`);
    expect(decision).toMatchObject({ shadow: true, response: `key ${SECRET}` });
    expect(logs.join('')).toContain('restart to apply');
  });
});
