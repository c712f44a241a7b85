/**
 * Maps `items` through `fn` with at most `limit` calls in flight; results keep the input
 * order whatever order the calls finish in. The first rejection rejects the whole map after
 * the calls already started have settled (none is left running unobserved).
 *
 * @example
 * await mapLimit([3, 1, 2], 2, async (n) => n * 10); // [30, 10, 20]
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  let failure: unknown;
  async function lane(): Promise<void> {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index]!, index);
      } catch (error) {
        if (!failed) failure = error;
        failed = true;
      }
    }
  }
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane);
  await Promise.all(lanes);
  if (failed) throw failure;
  return results;
}
