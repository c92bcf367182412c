import pRetry from "p-retry";

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

/**
 * `fn`, tried at most `attempts` times while its failure is one `retryIf` accepts: after initialMs,
 * doubling up to maxMs (p-retry). The last failure, or one not retried, is thrown as it was.
 */
export function withRetry<T>(
  fn: () => Promise<T>,
  opts: {
    attempts: number;
    initialMs: number;
    maxMs: number;
    retryIf: (e: unknown) => boolean;
    onRetry?: () => void;
  },
): Promise<T> {
  return pRetry(() => fn(), {
    retries: Math.max(0, opts.attempts - 1),
    minTimeout: opts.initialMs,
    factor: 2,
    maxTimeout: opts.maxMs,
    shouldRetry: ({ error }) => opts.retryIf(error),
    // Told before shouldRetry decides: only a failure that will be tried again is a retry.
    onFailedAttempt: ({ error, retriesLeft }) => {
      if (retriesLeft > 0 && opts.retryIf(error)) opts.onRetry?.();
    },
  });
}
