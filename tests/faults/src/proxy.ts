import { connect, createServer, type Server, type Socket } from "node:net";

/** How the proxy spoils the network while degraded. */
export interface Degradation {
  /** Each chunk is held this long, drawn anew for each (ms): jitter that never reorders a connection's bytes. */
  latencyMs: [min: number, max: number];
  /** A random open connection is reset (RST both ways) after a pause drawn from this range (ms). */
  resetEveryMs: [min: number, max: number];
}

const between = ([min, max]: [number, number]) => min + Math.random() * (max - min);

/**
 * The matrix's own TCP proxy in front of the broker (the broker advertises the proxy's port, so
 * every connection a client opens after bootstrap comes through it too). Clean until `degrade`; TLS
 * passes through untouched, so the clients' and the broker's certificates are checked as ever.
 */
export class BrokerProxy {
  private server: Server | undefined;
  private readonly connections = new Set<{ client: Socket; upstream: Socket }>();
  private degradation: Degradation | undefined;
  private resetTimer: NodeJS.Timeout | undefined;
  /** Connections the proxy reset in its last degradation. */
  resets = 0;

  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  start(): Promise<void> {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
  }

  degrade(d: Degradation): void {
    this.degradation = d;
    this.resets = 0;
    this.scheduleReset();
  }

  heal(): void {
    this.degradation = undefined;
    clearTimeout(this.resetTimer);
  }

  async close(): Promise<void> {
    this.heal();
    for (const c of this.connections) this.cut(c);
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(client: Socket) {
    const upstream = connect(this.target);
    const pair = { client, upstream };
    this.connections.add(pair);
    const latency = () => (this.degradation ? between(this.degradation.latencyMs) : 0);
    relay(client, upstream, latency);
    relay(upstream, client, latency);
    // Either side gone (the broker killed, the client done): the other goes too, as it would without us.
    const end = () => {
      if (!this.connections.delete(pair)) return;
      client.destroy();
      upstream.destroy();
    };
    for (const s of [client, upstream]) {
      s.on("close", end);
      s.on("error", end);
    }
  }

  private cut({ client, upstream }: { client: Socket; upstream: Socket }) {
    client.resetAndDestroy();
    upstream.resetAndDestroy();
  }

  private scheduleReset() {
    clearTimeout(this.resetTimer);
    const d = this.degradation;
    if (!d) return;
    this.resetTimer = setTimeout(() => {
      const open = [...this.connections];
      const victim = open[Math.floor(Math.random() * open.length)];
      if (victim) {
        this.resets++;
        this.cut(victim);
      }
      this.scheduleReset();
    }, between(d.resetEveryMs));
  }
}

/**
 * Copies `from` to `to`, each chunk after `delay()` ms but never before the chunk ahead of it: a
 * queue with one timer, as a TCP stream over a slow link keeps its order. End follows the last byte.
 */
function relay(from: Socket, to: Socket, delay: () => number) {
  const queue: { at: number; chunk: Buffer | undefined }[] = [];
  let timer: NodeJS.Timeout | undefined;
  const deliver = (chunk: Buffer | undefined) => {
    if (to.destroyed) return;
    if (chunk) to.write(chunk);
    else to.end();
  };
  const drain = () => {
    timer = undefined;
    const now = Date.now();
    while (queue.length > 0 && queue[0]!.at <= now) deliver(queue.shift()!.chunk);
    if (queue.length > 0) timer = setTimeout(drain, queue[0]!.at - now);
  };
  const push = (chunk: Buffer | undefined) => {
    const wait = delay();
    if (wait === 0 && queue.length === 0) return deliver(chunk);
    const at = Math.max(Date.now() + wait, queue.at(-1)?.at ?? 0);
    queue.push({ at, chunk });
    timer ??= setTimeout(drain, at - Date.now());
  };
  from.on("data", (chunk: Buffer) => push(chunk));
  from.on("end", () => push(undefined));
  to.on("close", () => clearTimeout(timer));
}
