/**
 * Crash points for the fault matrix (tests/faults), test-only: PES_FAILPOINTS names points and a hit
 * count, e.g. `relay.after-send@50,consumer.chunk-written@3`, and the process SIGKILLs itself on that
 * hit of failpoint(name) — a crash at an exact place, which an outside kill can only hit by chance.
 * Unset, failpoint() returns at its first test. Refused with NODE_ENV=production.
 */
export type FailpointName =
  /** The relay: Kafka acknowledged a batch, its outbox rows are not yet marked published. */
  | "relay.after-send"
  /** The consumer: a chunk's writes are made, its transaction is not yet committed. */
  | "consumer.chunk-written";

/** Hits left before each armed point fires; undefined when nothing is armed. */
export function parseFailpoints(setting: string | undefined): Map<string, number> | undefined {
  if (!setting?.trim()) return undefined;
  const armed = new Map<string, number>();
  for (const item of setting.split(",")) {
    const m = /^\s*([a-z.-]+)(?:@(\d+))?\s*$/.exec(item);
    if (!m) throw new Error(`PES_FAILPOINTS: not a failpoint: ${JSON.stringify(item)} (name or name@hit)`);
    armed.set(m[1]!, Math.max(1, Number(m[2] ?? 1)));
  }
  return armed;
}

function armedFromEnv(): Map<string, number> | undefined {
  const armed = parseFailpoints(process.env.PES_FAILPOINTS);
  if (armed && process.env.NODE_ENV === "production")
    throw new Error("PES_FAILPOINTS is for the fault tests only; refused with NODE_ENV=production");
  return armed;
}

const armed = armedFromEnv();

/** SIGKILLs this process when PES_FAILPOINTS arms `name` and this is the hit it names. */
export function failpoint(name: FailpointName): void {
  if (armed === undefined) return;
  const left = armed.get(name);
  if (left === undefined) return;
  if (left > 1) {
    armed.set(name, left - 1);
    return;
  }
  console.error(JSON.stringify({ level: "warn", message: `failpoint ${name}: SIGKILL`, pid: process.pid }));
  // A signal a process sends itself is delivered before kill() returns: no statement after this runs.
  process.kill(process.pid, "SIGKILL");
}
