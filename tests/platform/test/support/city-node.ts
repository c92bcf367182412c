import { freePort, spawnTsx } from "@pes/http/testing";
import { sourceOf, topics } from "@pes/schemas";
import { createKafka } from "@pes/sync";
import { createTestDatabase, startGroupAtEnd, TEST_BROKERS, testTrustEnv } from "@pes/sync/testing";
import { appDir } from "./apps.js";

const cityNodeDir = appDir("city-node");

export interface CityNodeProcess {
  base: string;
  /** The node's own database, for tests that read what it keeps. */
  databaseUrl: string;
  /** A city admin's token, issued by the node's own CLI. */
  adminToken: string;
  /**
   * Stops the process (SIGTERM, as an operator would) and, once `whileDown` has run, starts it again
   * on the same database, port and consumer group.
   */
  restart(whileDown?: () => Promise<void>): Promise<void>;
  /** SIGTERM, wait for the process to end, drop its database. */
  close(): Promise<void>;
}

/** A real city-node process on its own database (`label`), in a consumer group of its own, and a city admin's token. */
export async function cityNodeProcess(opts: {
  cityCode: string;
  label: string;
  personKeySecret: string;
  consumerGroup: string;
  adminName: string;
  listenTimeoutMs: number;
}): Promise<CityNodeProcess> {
  // Its group reads only the flow-back sent from now on: the topic keeps every earlier run's, which a
  // new group would otherwise read (and mostly refuse) first.
  const admin = createKafka({ brokers: TEST_BROKERS, clientId: `city-node-kit-${opts.cityCode}` }).admin();
  await admin.connect();
  await startGroupAtEnd(admin, opts.consumerGroup, [topics.flowbackCity(opts.cityCode)]).finally(() =>
    admin.disconnect(),
  );
  const db = await createTestDatabase(opts.label);
  const port = await freePort();
  const env = {
    CITY_CODE: opts.cityCode,
    PORT: String(port),
    DATABASE_URL: db.url,
    KAFKA_BROKERS: TEST_BROKERS.join(","),
    PES_PERSON_KEY_SECRET: opts.personKeySecret,
    NODE_ENV: "test",
    // Its own group: other tests run nodes of the same city on other databases at the same time.
    PES_CONSUMER_GROUP: opts.consumerGroup,
    // The city's test keys, and the province's public keys: it seals for the hub and verifies its flow-back.
    ...testTrustEnv(sourceOf.city(opts.cityCode), [sourceOf.province()]),
  };
  const listening = async () => {
    const started = spawnTsx(cityNodeDir, "src/main.ts", env);
    try {
      await started.waitUntil(
        () => started.output.includes('"msg":"listening"'),
        `the ${opts.cityCode} node listening`,
        opts.listenTimeoutMs,
      );
    } catch (e) {
      await started.kill();
      throw e;
    }
    return started;
  };
  const stop = async (running: Awaited<ReturnType<typeof listening>>) => {
    running.signal("SIGTERM");
    await running.waitForExit("the city node stopping", 30_000).catch(() => running.kill());
  };
  let proc: Awaited<ReturnType<typeof listening>>;
  try {
    proc = await listening();
  } catch (e) {
    await db.drop();
    throw e;
  }
  try {
    const tokenRun = spawnTsx(cityNodeDir, "src/cli/issue-token.ts", env, ["--admin", opts.adminName]);
    await tokenRun.waitForExit("the city token CLI", 60_000);
    const adminToken = /token \(shown once[^)]*\): (\S+)/.exec(tokenRun.output)?.[1];
    if (!adminToken) throw new Error(`no token printed: ${tokenRun.output}`);
    return {
      base: `http://127.0.0.1:${port}`,
      databaseUrl: db.url,
      adminToken,
      async restart(whileDown) {
        await stop(proc);
        await whileDown?.();
        proc = await listening();
      },
      async close() {
        await stop(proc);
        await db.drop();
      },
    };
  } catch (e) {
    await proc.kill();
    await db.drop();
    throw e;
  }
}
