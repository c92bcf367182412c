import { performance } from "node:perf_hooks";

/** One request of the mix: which route it counts under, and the call that answers its status. */
export interface Request {
  route: string;
  send(): Promise<number>;
}

export interface RouteFigures {
  route: string;
  requests: number;
  perSecond: number;
  p50ms: number;
  p99ms: number;
  maxMs: number;
  /** Answers outside the route's expected statuses: a bench that hides failures measures nothing. */
  unexpected: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/**
 * Sends `next()` requests from `concurrency` loops for `seconds`, timing each from send to the
 * answer's status (the body read). A loop sends its next request only when the last has answered,
 * so the figures are the service's, not a queue's in this process.
 */
export async function drive(
  next: () => Request | undefined,
  opts: { concurrency: number; seconds: number; expected: (route: string, status: number) => boolean },
): Promise<{ seconds: number; routes: RouteFigures[] }> {
  const times = new Map<string, number[]>();
  const unexpected = new Map<string, number>();
  const started = performance.now();
  const until = started + opts.seconds * 1000;
  async function loop() {
    while (performance.now() < until) {
      const request = next();
      if (!request) return;
      const t0 = performance.now();
      const status = await request.send();
      const ms = performance.now() - t0;
      (times.get(request.route) ?? times.set(request.route, []).get(request.route)!).push(ms);
      if (!opts.expected(request.route, status))
        unexpected.set(request.route, (unexpected.get(request.route) ?? 0) + 1);
    }
  }
  await Promise.all(Array.from({ length: opts.concurrency }, loop));
  const seconds = (performance.now() - started) / 1000;
  const routes = [...times].map(([route, list]) => {
    const sorted = list.sort((a, b) => a - b);
    return {
      route,
      requests: sorted.length,
      perSecond: sorted.length / seconds,
      p50ms: percentile(sorted, 50),
      p99ms: percentile(sorted, 99),
      maxMs: sorted.at(-1) ?? 0,
      unexpected: unexpected.get(route) ?? 0,
    };
  });
  return { seconds, routes };
}

/** The figures as the README table prints them. */
export function table(result: { seconds: number; routes: RouteFigures[] }): string {
  const total = result.routes.reduce((n, r) => n + r.requests, 0);
  const lines = [
    "| route | requests | req/s | p50 ms | p99 ms | max ms | unexpected |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...result.routes.map(
      (r) =>
        `| ${r.route} | ${r.requests} | ${r.perSecond.toFixed(0)} | ${r.p50ms.toFixed(1)} | ${r.p99ms.toFixed(1)} | ${r.maxMs.toFixed(1)} | ${r.unexpected} |`,
    ),
    `| **all** | ${total} | ${(total / result.seconds).toFixed(0)} | | | | ${result.routes.reduce((n, r) => n + r.unexpected, 0)} |`,
  ];
  return lines.join("\n");
}
