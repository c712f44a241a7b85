import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { WardenError } from '../src/core/errors.js';

/**
 * A fresh temp directory per test, removed afterwards.
 *
 * @example
 * let dir: string;
 * useTempDir((path) => (dir = path));
 */
export function useTempDir(set: (path: string) => void, prefix = 'warden-'): void {
  let current: string | undefined;
  beforeEach(async () => {
    current = await mkdtemp(join(tmpdir(), prefix));
    set(current);
  });
  afterEach(async () => {
    if (current) await rm(current, { recursive: true, force: true });
  });
}

/** Awaits a promise that must reject with a WardenError, and returns the error. */
export async function expectWardenError(promise: Promise<unknown>): Promise<WardenError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WardenError);
  return error as WardenError;
}
