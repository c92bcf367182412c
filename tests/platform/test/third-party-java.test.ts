import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startIngest, type TestDatabase, testDatabase } from "@pes/province-hub/testing";
import { headerText, type IncomingHeaders, personKeyOf, topics } from "@pes/schemas";
import { samplePerson, sampleRecord } from "@pes/schemas/samples";
import {
  createKafka,
  ensurePrincipal,
  PiiCipher,
  provisionAcls,
  provisionTopics,
  readDeadLetter,
} from "@pes/sync";
import {
  startGroupAtEnd,
  TEST_BROKERS,
  TEST_PKI_DIR,
  testKeysOf,
  testRegistryFile,
  testTrust,
  waitFor,
} from "@pes/sync/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPublishRecord, publishRecord } from "./support/third-party-java.js";

/**
 * Issue 15: a team writing its node in another language publishes a valid, sealed and signed record
 * from ADR 6 and the AsyncAPI document alone. tests/third-party/java (Java, Bouncy Castle, the Apache
 * Kafka client; none of this project's code) publishes as 厦门 (principal city-350200, its own TLS
 * credentials) on pes.city.350200.person, and a real hub ingest applies it; with its signature
 * tampered, the hub dead-letters it. The test only builds the program, writes its input files (the
 * city's keys and the registry, as `pnpm enrol` hands them over) and watches the hub.
 */

const CITY = "350200";
const SOURCE = "/city/350200";
const TOPIC = topics.cityPerson(CITY);
// As the AsyncAPI document names them for an unemployment registration (checked below).
const TYPE = "cn.gov.fj.pes.unemployment-registration.v1";
const DATASCHEMA = "https://pes.fj.gov.cn/schemas/unemployment-registration/v1.json";
const SECRET = `third-party-secret-${randomUUID()}`;

const kafka = createKafka({ brokers: TEST_BROKERS, clientId: "third-party-test" });
/** The headers of the dead letters since the start. */
const deadLetters: Array<IncomingHeaders | undefined> = [];
const watcher = kafka.consumer({ groupId: `third-party-watch-${randomUUID()}` });
let hubDb: TestDatabase;
let hub: Awaited<ReturnType<typeof startIngest>>;
let classpath: string;
let dir: string;

beforeAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  const hubGroup = `third-party-hub-${randomUUID()}`;
  try {
    // 厦门's credentials, topics and ACLs, as `pnpm enrol city 350200` makes them. The hub reads 厦门's person
    // topic from now on (the benches fill it); the few records of the other ingest topics from their
    // start (each setOffsets joins the group: seconds per topic).
    ensurePrincipal(TEST_PKI_DIR, `city-${CITY}`);
    await provisionTopics(admin, { cities: [CITY], markets: [] });
    await provisionAcls(admin, { cities: [CITY], markets: [] });
    await startGroupAtEnd(admin, hubGroup, [TOPIC]);
    const dlqEnds = await admin.fetchTopicOffsets(topics.deadLetters());
    await watcher.connect();
    await watcher.subscribe({ topic: topics.deadLetters() });
    await watcher.run({ eachMessage: async ({ message }) => void deadLetters.push(message.headers) });
    for (const end of dlqEnds)
      watcher.seek({ topic: topics.deadLetters(), partition: end.partition, offset: end.high });
  } finally {
    await admin.disconnect();
  }
  hubDb = await testDatabase("thirdpartyhub");
  [hub, classpath] = await Promise.all([
    startIngest(hubDb.db, {
      kafkaBrokers: TEST_BROKERS,
      personKeySecret: SECRET,
      cipher: new PiiCipher(Buffer.alloc(32, 7).toString("base64")),
      trust: testTrust("/province"),
      groupId: hubGroup,
    }),
    buildPublishRecord(),
  ]);
  // What a city receives with its credentials: its private keys and every party's public keys.
  dir = mkdtempSync(join(tmpdir(), "pes-third-party-"));
  writeFileSync(join(dir, "keys.json"), JSON.stringify(testKeysOf(SOURCE)));
  writeFileSync(join(dir, "registry.json"), JSON.stringify(testRegistryFile(["/province", SOURCE])));
}, 600_000);

afterAll(async () => {
  await watcher.disconnect();
  await hub?.close();
  await hubDb?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** An unemployment registration of person `n`, keyed with this run's secret (the hub's), as event.json. */
function eventFile(name: string, n: number) {
  const p = samplePerson(n, { birthDate: "1988-08-08", name: "林晓" });
  const person = { ...p, key: personKeyOf(p.idNumber, SECRET) };
  const data = sampleRecord("unemployment-registration", { id: randomUUID(), person });
  const file = join(dir, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      key: person.key,
      attributes: { source: SOURCE, type: TYPE, subject: data.id, dataschema: DATASCHEMA },
      data,
    }),
  );
  return { file, recordId: data.id as string };
}

const publish = (event: string, ...extra: string[]) =>
  publishRecord(classpath, [
    ...["--brokers", TEST_BROKERS.join(","), "--credentials", join(TEST_PKI_DIR, `city-${CITY}`)],
    ...["--keys", join(dir, "keys.json"), "--registry", join(dir, "registry.json")],
    ...["--topic", TOPIC, "--event", event, ...extra],
  ]);

const hubRecord = async (eventId: string) =>
  (
    await hubDb.query<{ record_id: string; type: string; source: string; city_code: string }>(
      sql`select record_id, type, source, city_code from hub_records where event_id = ${eventId}`,
    )
  )[0];

describe("a node written in Java publishes to the hub (issue 15, ADR 6)", () => {
  it("uses the type and data schema the AsyncAPI document names", () => {
    const asyncapi = readFileSync(
      new URL("../../../packages/schemas/generated/asyncapi.yaml", import.meta.url),
      "utf8",
    );
    expect(asyncapi).toContain(`const: ${TYPE}`);
    expect(asyncapi).toContain(`const: ${DATASCHEMA}`);
  });

  it("publishes a sealed, signed record that the hub verifies, opens and ingests", async () => {
    const { file, recordId } = eventFile("valid", 1);
    const eventId = await publish(file);
    expect(eventId).toMatch(/^[0-9a-f-]{36}$/);
    const row = await waitFor(() => hubRecord(eventId), {
      timeoutMs: 60_000,
      what: "the Java-published record in hub_records",
    });
    expect(row).toEqual({
      record_id: recordId,
      type: "unemployment-registration",
      source: SOURCE,
      city_code: CITY,
    });
  }, 120_000);

  it("is dead-lettered as forged when its signature is tampered with, and not applied", async () => {
    const { file } = eventFile("tampered", 2);
    const eventId = await publish(file, "--tamper-signature");
    const dead = await waitFor(() => deadLetters.find((h) => headerText(h, "ce_id") === eventId), {
      timeoutMs: 60_000,
      what: "the tampered record among the dead letters",
    });
    expect(["forged", "altered"]).toContain(readDeadLetter(dead).reason);
    expect(await hubRecord(eventId)).toBeUndefined();
  }, 120_000);
});
