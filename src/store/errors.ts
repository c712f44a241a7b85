import { WardenError } from '../core/errors.js';

/**
 * Wraps a driver error as W_STORE naming the store (password-free URL) and what was being
 * done. The SQL is cut short and the parameters are never included: they may be user data.
 */
export function storeError(safeUrl: string, action: string, cause: unknown, sql?: string): WardenError {
  if (cause instanceof WardenError) return cause;
  const statement = sql ? ` [${sql.replace(/\s+/g, ' ').trim().slice(0, 80)}]` : '';
  return new WardenError('W_STORE', `${action} failed: ${reason(cause)}${statement}`, { where: safeUrl, cause });
}

/** A readable reason; a refused connection to localhost is an AggregateError with an empty message. */
function reason(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  if (cause.message) return cause.message;
  const inner = cause instanceof AggregateError ? cause.errors.map((e: unknown) => (e instanceof Error ? e.message : String(e))).filter(Boolean) : [];
  if (inner.length) return [...new Set(inner)].join('; ');
  return (cause as NodeJS.ErrnoException).code ?? cause.name;
}
