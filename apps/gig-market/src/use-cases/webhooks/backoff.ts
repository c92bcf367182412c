export interface BackoffOptions {
  /** The first retry's delay; each next one is three times longer (10 s, 30 s, 90 s … at 10 000). */
  baseMs: number;
  /** At most this many attempts, then the delivery is `failed`. */
  maxAttempts: number;
}

/** No delay grows beyond this many times the base: 1 hour at the default 10 s. */
export const MAX_DELAY_FACTOR = 360;

/**
 * How long to wait after failed attempt number `attempt` (1 = the first): base·3^(attempt−1), capped,
 * with ±20 % jitter so receivers that came back up are not hit by every retry in the same second.
 */
export function retryDelayMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const plain = Math.min(baseMs * 3 ** Math.max(0, attempt - 1), baseMs * MAX_DELAY_FACTOR);
  return Math.round(plain * (0.8 + 0.4 * random()));
}
