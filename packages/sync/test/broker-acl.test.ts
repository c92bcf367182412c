import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { topics } from "@pes/schemas";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyAcls, applyNodeAcls, revokeAcls } from "../src/acls.js";
import { createKafka, createProducer } from "../src/kafka.js";
import { ensurePrincipal, readCredentials, rotatePrincipal } from "../src/pki.js";
import { provisionAcls, provisionTopics } from "../src/provision.js";
import { kafkaAs, TEST_BROKERS, TEST_KAFKA, TEST_PKI_DIR, waitFor } from "../src/testing/index.js";

/**
 * What the secured broker lets each node do (docs/adr/0005): mutual TLS only, one principal per
 * node, ACLs derived from the catalogue, deny by default. On the real broker, as the real principals.
 */

/** The Kafka error code behind a kafkajs error, however deeply it is wrapped. */
function errorTypes(e: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  const visit = (x: unknown) => {
    if (!x || typeof x !== "object" || seen.has(x)) return;
    seen.add(x);
    const o = x as {
      type?: string;
      originalError?: unknown;
      cause?: unknown;
      errors?: unknown[];
      message?: string;
    };
    if (o.type) out.push(o.type);
    if (o.message) out.push(...(o.message.match(/[A-Z_]{2,}_FAILED/g) ?? []));
    visit(o.originalError);
    visit(o.cause);
    for (const inner of o.errors ?? []) visit(inner);
  };
  visit(e);
  return out;
}

async function refusal(p: Promise<unknown>): Promise<string[]> {
  try {
    await p;
  } catch (e) {
    return errorTypes(e).length > 0 ? errorTypes(e) : [String(e)];
  }
  throw new Error("expected the broker to refuse");
}

async function produce(kafka: Kafka, topic: string) {
  const producer = createProducer(kafka);
  await producer.connect();
  try {
    await producer.send({
      topic,
      acks: -1,
      messages: [{ key: "acl-test", value: randomBytes(8).toString("hex") }],
    });
  } finally {
    await producer.disconnect();
  }
}

/** Subscribes as `kafka` in `groupId` and waits for one record of `topic` (or for the refusal). */
async function readOne(kafka: Kafka, groupId: string, topic: string, timeoutMs = 30_000): Promise<string> {
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  let got: string | undefined;
  let crashed: unknown;
  consumer.on(consumer.events.CRASH, (e) => {
    crashed = e.payload.error;
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        got ??= message.value?.toString();
      },
    });
    await waitFor(
      () => {
        if (crashed) throw crashed;
        return got;
      },
      { timeoutMs, what: `a record of ${topic}` },
    ).catch((e) => {
      throw crashed ?? e;
    });
    return got!;
  } finally {
    await consumer.disconnect();
  }
}

const admin = createKafka({ ...TEST_KAFKA, clientId: "test-acl-admin" }).admin();
const run = randomBytes(3).toString("hex");

beforeAll(async () => {
  await admin.connect();
  await provisionTopics(admin, { cities: ["350100", "350200"], markets: ["xm-siming", "fz-gulou"] });
  await provisionAcls(admin, { cities: ["350100", "350200"], markets: ["xm-siming", "fz-gulou"] });
  for (const p of ["city-350100", "city-350200", "gig-xm-siming", "province-hub"])
    ensurePrincipal(TEST_PKI_DIR, p);
});
afterAll(() => admin.disconnect());

describe("who may connect", () => {
  const ca = readCredentials(join(TEST_PKI_DIR, "pes-admin")).ca;

  it("refuses a client without a certificate (anonymous)", async () => {
    const anonymous = new Kafka({
      clientId: "test-anonymous",
      brokers: TEST_BROKERS,
      ssl: { ca: [ca] },
      retry: { retries: 0 },
      connectionTimeout: 3000,
      logLevel: logLevel.NOTHING,
    }).admin();
    await expect(anonymous.connect().then(() => anonymous.listTopics())).rejects.toThrow();
    await anonymous.disconnect();
  });

  it("refuses plaintext", async () => {
    const plain = new Kafka({
      clientId: "test-plaintext",
      brokers: TEST_BROKERS,
      retry: { retries: 0 },
      connectionTimeout: 3000,
      requestTimeout: 3000,
      logLevel: logLevel.NOTHING,
    }).admin();
    await expect(plain.connect().then(() => plain.listTopics())).rejects.toThrow();
    await plain.disconnect();
  });

  it("refuses a certificate with the right name from another CA", async () => {
    const rogue = mkdtempSync(join(tmpdir(), "pes-rogue-ca-"));
    try {
      const forged = ensurePrincipal(rogue, "city-350200");
      const kafka = createKafka({
        brokers: TEST_BROKERS,
        clientId: "test-rogue",
        // It trusts the real broker; the broker does not trust it.
        tls: { ca, cert: forged.cert, key: forged.key },
        retry: { retries: 0 },
      });
      const a = kafka.admin();
      await expect(a.connect().then(() => a.listTopics())).rejects.toThrow();
      await a.disconnect();
    } finally {
      rmSync(rogue, { recursive: true, force: true });
    }
  });
});

describe("what each node may do", () => {
  it("lets 厦门 (city-350200) write its own topics, and refuses it Fuzhou's with TOPIC_AUTHORIZATION_FAILED", async () => {
    const xiamen = kafkaAs("city-350200");
    await produce(xiamen, topics.cityPerson("350200"));
    await produce(xiamen, topics.cityMaster("350200"));
    expect(await refusal(produce(xiamen, topics.cityPerson("350100")))).toContain(
      "TOPIC_AUTHORIZATION_FAILED",
    );
    expect(await refusal(produce(xiamen, topics.flowbackCity("350200")))).toContain(
      "TOPIC_AUTHORIZATION_FAILED",
    );
  });

  it("lets the hub read ingest topics and write flow-back; 厦门 reads its own flow-back but not Fuzhou's", async () => {
    const hub = kafkaAs("province-hub");
    const xiamen = kafkaAs("city-350200");
    await produce(kafkaAs("city-350200"), topics.cityPerson("350200"));
    await readOne(hub, `province-hub-acl-test-${run}`, topics.cityPerson("350200"));
    await produce(hub, topics.flowbackCity("350200"));
    await produce(hub, topics.flowbackCity("350100"));
    await readOne(xiamen, `city-node-350200-acl-test-${run}`, topics.flowbackCity("350200"));
    expect(
      await refusal(
        readOne(xiamen, `city-node-350200-acl-test-b-${run}`, topics.flowbackCity("350100"), 10_000),
      ),
    ).toContain("TOPIC_AUTHORIZATION_FAILED");
    // Nor a group that is not its own, even on its own topic: the broker answers FindCoordinator with
    // GROUP_AUTHORIZATION_FAILED, which kafkajs reports as a coordinator it cannot find.
    expect(
      await refusal(
        readOne(xiamen, `city-node-350100-acl-test-${run}`, topics.flowbackCity("350200"), 10_000),
      ),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/GROUP_AUTHORIZATION_FAILED|Failed to find group coordinator/),
      ]),
    );
  });

  it("lets a gig market write only its own events, which the hub reads; refuses it another market's and the hub's voucher ledger", async () => {
    const siming = kafkaAs("gig-xm-siming");
    await produce(siming, topics.gigEvents("xm-siming"));
    await readOne(kafkaAs("province-hub"), `province-hub-acl-test-gig-${run}`, topics.gigEvents("xm-siming"));
    expect(await refusal(produce(siming, topics.gigEvents("fz-gulou")))).toContain(
      "TOPIC_AUTHORIZATION_FAILED",
    );
    // Vouchers usable at a market reach it on its own flow-back; the hub's ledger is the hub's.
    expect(
      await refusal(
        readOne(siming, `gig-market-xm-siming-acl-test-vouchers-${run}`, topics.provinceVouchers(), 10_000),
      ),
    ).toContain("TOPIC_AUTHORIZATION_FAILED");
  });

  it("lets a city and a gig market write their own receipts, which the hub reads; refuses them another's", async () => {
    const xiamen = kafkaAs("city-350200");
    const siming = kafkaAs("gig-xm-siming");
    const hub = kafkaAs("province-hub");
    await produce(xiamen, topics.cityReceipts("350200"));
    await produce(siming, topics.gigReceipts("xm-siming"));
    await readOne(hub, `province-hub-acl-test-receipts-city-${run}`, topics.cityReceipts("350200"));
    await readOne(hub, `province-hub-acl-test-receipts-gig-${run}`, topics.gigReceipts("xm-siming"));
    expect(await refusal(produce(xiamen, topics.cityReceipts("350100")))).toContain(
      "TOPIC_AUTHORIZATION_FAILED",
    );
    expect(await refusal(produce(siming, topics.gigReceipts("fz-gulou")))).toContain(
      "TOPIC_AUTHORIZATION_FAILED",
    );
  });

  it("refuses a gig market a city's person topic", async () => {
    const market = kafkaAs("gig-xm-siming");
    expect(
      await refusal(
        readOne(market, `gig-market-xm-siming-acl-test-${run}`, topics.cityPerson("350200"), 10_000),
      ),
    ).toContain("TOPIC_AUTHORIZATION_FAILED");
    expect(await refusal(produce(market, topics.cityPerson("350200")))).toContain(
      "TOPIC_AUTHORIZATION_FAILED",
    );
  });
});

describe("key lifecycle", () => {
  // A market of this run: its credentials, topics and ACLs exist only for these tests.
  const market = `acl-${run}`;
  const principal = `gig-${market}`;
  beforeAll(async () => {
    ensurePrincipal(TEST_PKI_DIR, principal);
    await provisionTopics(admin, { cities: [], markets: [market] });
    await applyNodeAcls(admin, { kind: "gig", market });
  });
  afterAll(async () => {
    await applyAcls(admin, principal, []);
    await admin
      .deleteTopics({
        topics: [topics.flowbackGig(market), topics.gigEvents(market), topics.gigReceipts(market)],
      })
      .catch(() => undefined);
    rmSync(join(TEST_PKI_DIR, principal), { recursive: true, force: true });
  });

  it("rotation: the old and the new certificate both work during the overlap", async () => {
    const { current, previous } = rotatePrincipal(TEST_PKI_DIR, principal);
    expect(current.cert).not.toBe(previous.cert);
    await produce(kafkaAs(principal, { folder: previous.dir }), topics.deadLetters());
    await produce(kafkaAs(principal, { folder: current.dir }), topics.deadLetters());
  });

  it("revocation: the principal's requests are refused, whichever of its certificates it brings", async () => {
    await produce(kafkaAs(principal), topics.deadLetters());
    await revokeAcls(admin, principal);
    // DENY ALL: on the cluster it refuses the idempotent producer's id, on topics every send and fetch.
    const refused = expect.stringMatching(/^(TOPIC|CLUSTER|GROUP)_AUTHORIZATION_FAILED$/);
    expect(await refusal(produce(kafkaAs(principal), topics.deadLetters()))).toContainEqual(refused);
    const previous = kafkaAs(principal, { folder: join(TEST_PKI_DIR, principal, "previous") });
    expect(await refusal(produce(previous, topics.deadLetters()))).toContainEqual(refused);
    expect(
      await refusal(
        readOne(kafkaAs(principal), `gig-market-${market}-revoked`, topics.flowbackGig(market), 10_000),
      ),
    ).toContainEqual(refused);
  });
});
