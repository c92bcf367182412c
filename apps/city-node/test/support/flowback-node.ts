import { createKafkaProbe } from "@pes/http";
import type { FujianCityCode } from "@pes/schemas";
import { TEST_BROKERS } from "@pes/sync/testing";
import { createApp } from "../../src/app.js";
import { startStreams } from "../../src/streams/runtime.js";
import { testServices } from "./app.js";
import { testDatabase } from "./database.js";
import { type Principal, staffWithToken } from "./principals.js";

// biome-ignore lint/suspicious/noExplicitAny: answers are read loosely
type Json = any;

/**
 * A city node of `city` that reads its flow-back topic on the real broker: its own database, the
 * services and app, its city admin; the streams started (and restarted) on demand. For the tests of
 * what the province sends down; the city's topic should be one no other test publishes on.
 */
export async function flowbackNode(label: string, city: { cityCode: FujianCityCode; cityName: string }) {
  const closers: Array<() => Promise<unknown>> = [];
  const database = await testDatabase(label, city.cityCode);
  closers.push(() => database.close());
  const probe = createKafkaProbe({ clientId: `city-${label}`, brokers: TEST_BROKERS });
  closers.push(() => probe.close());
  const services = testServices(city, database.db, probe);
  const app = createApp(services);
  const admin = await staffWithToken(database.db, "city-admin", city.cityCode);
  let streams: Awaited<ReturnType<typeof startStreams>> | undefined;
  return {
    database,
    services,
    app,
    admin,
    /** A request as `who`: JSON in, JSON (or the bytes of a file) out. */
    async call(method: string, path: string, who: Principal, body?: unknown, headers = {}) {
      const res = await app.request(path, {
        method,
        headers: { ...who.headers, "content-type": "application/json", ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const type = res.headers.get("content-type") ?? "";
      return {
        status: res.status,
        body: (type.includes("json") ? await res.json() : await res.arrayBuffer()) as Json,
      };
    },
    /** Starts the node's streams in `groupId`: its relay and its flow-back consumer. */
    async startStreams(groupId: string, onError: (e: unknown) => void = () => {}) {
      streams = await startStreams(
        { cityCode: city.cityCode, kafkaBrokers: TEST_BROKERS },
        database.db,
        services,
        onError,
        { groupId },
      );
    },
    /** Stops the streams (a restart of the node is stopStreams then startStreams). */
    async stopStreams() {
      await streams?.close();
      streams = undefined;
    },
    /** Closes everything it opened, the streams first. */
    async close() {
      await streams?.close();
      for (const close of closers.toReversed()) await close().catch(() => {});
    },
  };
}
export type FlowbackNode = Awaited<ReturnType<typeof flowbackNode>>;
