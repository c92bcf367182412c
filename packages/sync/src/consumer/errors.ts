/**
 * A handler throws this for a record it can never apply (a domain rule says no); it goes to the dead
 * letters at once. `code` names the rule for machines (e.g. unknown-registration): a receipt carries it.
 */
export class RejectedRecordError extends Error {
  constructor(
    message: string,
    readonly fieldPath?: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = "RejectedRecordError";
  }
}

const TRANSIENT_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECT_TIMEOUT",
]);

/**
 * Failures that may pass if tried again: the database unreachable or restarting, a serialization
 * conflict, a deadlock. These are retried and, if they last, stop the batch without committing its
 * offsets; they never send a record to the dead letters.
 */
export function isTransient(error: unknown): boolean {
  const e = error as { code?: string; cause?: unknown } | undefined;
  const code = e?.code;
  if (code && (TRANSIENT_CODES.has(code) || /^(08|53|57P|40001|40P01)/.test(code))) return true;
  return e?.cause !== undefined && e.cause !== error ? isTransient(e.cause) : false;
}

export async function withRetry<T>(
  fn: () => Promise<T>,
  opts: {
    attempts: number;
    initialMs: number;
    maxMs: number;
    retryIf: (e: unknown) => boolean;
    onRetry?: () => void;
  },
): Promise<T> {
  let delay = opts.initialMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (attempt >= opts.attempts || !opts.retryIf(e)) throw e;
      opts.onRetry?.();
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, opts.maxMs);
    }
  }
}
