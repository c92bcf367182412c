import postgres from "postgres";
import type { MatrixCredentials } from "./credentials.js";
import type { Gate } from "./load.js";
import type { Broker, Platform } from "./platform.js";
import { sleep } from "./platform.js";
import type { PrivatePostgres } from "./postgres.js";
import type { BrokerProxy } from "./proxy.js";

export interface Options {
  persons: number;
  cycles: number;
  writers: number;
  /** How long a timed fault lasts: the broker paused, the network degraded. */
  pauseMs: number;
  settleTimeoutMs: number;
  brokerName: string;
  /** The broker's own port (its controller the next one). */
  brokerPort: number;
  /** The proxy in front of the broker, the port the broker advertises. */
  proxyPort: number;
  /** The matrix's own PostgreSQL, the hub's database. */
  postgresPort: number;
}

/** What a fault acts on. */
export interface Ctx {
  /** The row's writers, to hold for a moment. */
  writers: Gate;
  broker: Broker;
  proxy: BrokerProxy;
  postgres: PrivatePostgres;
  credentials: MatrixCredentials;
  platform: Platform;
  opts: Options;
}

export interface Fault {
  name: string;
  describe: string;
  writers?: (opts: Options) => number;
  /** Runs before the row's load: a process restarted with a failpoint armed. */
  prepare?: (ctx: Ctx) => Promise<void>;
  /** When the fault starts: the part of the row's writes acknowledged by then (default a third). */
  injectAt?: number;
  /** Runs the fault once `injectAt` of the row's writes are acknowledged; resolves when it has ended. */
  inject?: (ctx: Ctx, progress: () => number, total: number) => Promise<void>;
  /** What the fault did, when the row does not show it (the connections the proxy cut). */
  note?: (ctx: Ctx) => string;
}

const waitUntilAcked = async (progress: () => number, n: number) => {
  while (progress() < n) await sleep(50);
};

/** Waits until every outbox row the city node has written by now is published. */
async function untilPublished(cityDatabaseUrl: string, timeoutMs: number) {
  const sql = postgres(cityDatabaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [top] = await sql<{ last: string | null }[]>`select max(id)::text as last from pes_outbox`;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [left] = await sql<{ n: number }[]>`
        select count(*)::int as n from pes_outbox where id <= ${top?.last ?? "0"}::bigint and published_at is null`;
      if (left?.n === 0) return;
      if (Date.now() > deadline)
        throw new Error(`the city's outbox kept ${left?.n} rows unpublished for ${timeoutMs} ms`);
      await sleep(100);
    }
  } finally {
    await sql.end();
  }
}

export const FAULTS: Fault[] = [
  { name: "none", describe: "baseline, no fault" },
  {
    name: "broker-sigkill",
    describe: "broker SIGKILL mid-stream, restarted 5 s later",
    async inject({ broker }) {
      await broker.kill();
      await sleep(5_000);
      broker.start();
    },
  },
  {
    name: "broker-sigstop",
    describe: "broker SIGSTOP, SIGCONT after the pause",
    async inject({ broker, opts }) {
      broker.signal("SIGSTOP");
      await sleep(opts.pauseMs);
      broker.signal("SIGCONT");
    },
  },
  {
    name: "city-node-sigkill",
    describe: "city node (API + relay) SIGKILL mid-stream, restarted",
    async inject({ platform }) {
      await platform.city.kill();
      await platform.city.start();
    },
  },
  {
    name: "hub-sigkill",
    describe: "hub SIGKILL while ingesting, restarted",
    async inject({ platform }) {
      await platform.hubs[0]!.kill();
      await platform.hubs[0]!.start();
    },
  },
  { name: "writers-100", describe: "100 concurrent writers", writers: () => 100 },
  {
    name: "hub-scale-1-2-1",
    describe: "hub scaled 1 → 2 → 1 processes in one group",
    async inject({ platform }, progress, total) {
      const second = await platform.addHub();
      await waitUntilAcked(progress, Math.floor((2 * total) / 3));
      await second.stop();
      platform.hubs.splice(platform.hubs.indexOf(second), 1);
    },
  },
  {
    name: "postgres-restart",
    describe: "PostgreSQL under the hub stopped (-m fast), started 5 s later",
    async inject({ postgres }) {
      await postgres.stop();
      await sleep(5_000);
      await postgres.start();
    },
  },
  {
    name: "relay-killed-after-send",
    describe: "relay killed between Kafka's ack and marking its rows (failpoint), restarted",
    // Armed before the load: a node restarted mid-load may find the load finished.
    prepare: ({ platform }) => platform.city.restart({ PES_FAILPOINTS: "relay.after-send@5" }),
    injectAt: 0,
    async inject({ platform }) {
      await platform.city.killedByFailpoint();
      await platform.city.start();
    },
  },
  {
    name: "consumer-killed-mid-chunk",
    describe: "hub killed inside a chunk's transaction, after its writes (failpoint), restarted",
    prepare: ({ platform }) => platform.hubs[0]!.restart({ PES_FAILPOINTS: "consumer.chunk-written@3" }),
    injectAt: 0,
    async inject({ platform }) {
      await platform.hubs[0]!.killedByFailpoint();
      await platform.hubs[0]!.start();
    },
  },
  {
    name: "credentials-rotated",
    describe: "city's TLS certificate and SM2 keys rotated (7-day overlap), node restarted with them",
    async inject({ platform, credentials, writers }) {
      // The writers held while what the node acknowledged so far goes out under the old key (a relay
      // that lags would sign it all with the new one), then let go while the node restarts, so the
      // rest of the row goes out under the new key. The hub is paused across it: records signed with
      // the old key wait on the topic for it beside the new key's.
      const hub = platform.hubs[0]!;
      writers.close();
      try {
        await untilPublished(platform.cityDatabaseUrl, 60_000);
        hub.signal("SIGSTOP");
        try {
          credentials.rotateCity();
          await platform.city.stop();
          writers.open();
          await platform.city.start();
        } finally {
          hub.signal("SIGCONT");
        }
      } finally {
        writers.open();
      }
    },
  },
  {
    name: "network-degraded",
    describe: "network to the broker 50–200 ms per chunk, a connection reset every 1–4 s, for the pause",
    async inject({ proxy, opts }) {
      proxy.degrade({ latencyMs: [50, 200], resetEveryMs: [1_000, 4_000] });
      await sleep(opts.pauseMs);
      proxy.heal();
    },
    note: ({ proxy }) => `${proxy.resets} connections reset`,
  },
];
