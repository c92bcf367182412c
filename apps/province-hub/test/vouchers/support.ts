import { randomUUID } from "node:crypto";
import { createKafkaProbe } from "@pes/http";
import { PiiCipher, rowsOf } from "@pes/sync";
import type { DatabaseHandle } from "@pes/sync/db";
import { createTestDatabase, TEST_BROKERS } from "@pes/sync/testing";
import { sql } from "drizzle-orm";
import { createApp } from "../../src/app.js";
import { openAppDatabase } from "../../src/db/index.js";
import type { OperatorRole } from "../../src/db/tables/operators.js";
import { gigMarketsExtension } from "../../src/use-cases/flowback/markets.js";
import { ingestHandler } from "../../src/use-cases/ingest/handler.js";
import { cipherKey, fromCity, person, SECRET } from "../ingest/support.js";
import { operatorHeaders, testOperator } from "../support/operators.js";

// biome-ignore lint/suspicious/noExplicitAny: test responses are read loosely
type Json = any;
export type Who = ReturnType<typeof person>;
export { person, SECRET };

/**
 * A hub on a fresh real database whose persons come in through the real ingest (so their ID
 * numbers and names are stored encrypted as in production), with a token for every role.
 */
export async function voucherHub(label: string) {
  const testDb = await createTestDatabase(label);
  const db: DatabaseHandle = await openAppDatabase({ databaseUrl: testDb.url, dataDir: "/nonexistent" });
  const kafka = createKafkaProbe({ clientId: `hub-${label}`, brokers: TEST_BROKERS });
  const app = createApp({ config: { personKeySecret: SECRET, piiKey: cipherKey }, db, kafka });
  const ingest = ingestHandler({
    personKeySecret: SECRET,
    cipher: new PiiCipher(cipherKey),
    extensions: [gigMarketsExtension],
  });
  // The gateway of the tests' gig-market deployment: providers that it redeems for list gatewayId.
  const gateway = await testOperator(db, "gateway");
  const as = {
    viewer: await operatorHeaders(db, "viewer"),
    operator: await operatorHeaders(db, "operator"),
    admin: await operatorHeaders(db, "admin"),
    gateway: gateway.headers,
  };
  async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
    const res = await app.request(path, {
      method,
      headers: { ...headers, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    const type = res.headers.get("content-type") ?? "";
    return {
      status: res.status,
      type,
      headers: res.headers,
      text,
      body: (text && type.includes("json") ? JSON.parse(text) : {}) as Json,
    };
  }
  const hub = {
    app,
    db,
    as,
    /** The operator id of `as.gateway`. */
    gatewayId: gateway.id,
    /** Another operator with `role`, e.g. a second deployment's gateway. */
    operator: (role: OperatorRole) => testOperator(db, role),
    call,
    get: (path: string, headers: Record<string, string> = as.viewer) => call("GET", path, headers),
    post: (path: string, body: unknown, headers: Record<string, string> = as.operator) =>
      call("POST", path, headers, body),
    patch: (path: string, body: unknown, headers: Record<string, string> = as.operator) =>
      call("PATCH", path, headers, body),
    async query<T>(text: ReturnType<typeof sql>): Promise<T[]> {
      return rowsOf<T>(await db.db.execute(text));
    },
    /** A person on a key-group ledger of `cityCode`, as the city node streams it. */
    async onLedger(who: Who, group: string, cityCode = "350200", districtCode = "350203", extra = {}) {
      const event = fromCity(cityCode, "key-group-membership", {
        id: randomUUID(),
        person: who,
        group,
        startedOn: "2026-01-05",
        endedOn: undefined,
        source: "registration",
        graduatedOn: group === "college-graduate" ? "2025-07-01" : undefined,
        districtCode,
        ...extra,
      });
      await db.db.transaction((tx) => ingest(tx, event));
    },
    /** A gig market the hub has heard from, whose gig work is in `districtCode`. */
    async market(marketId: string, cityCode = "350200", districtCode = "350203") {
      const event = fromCity(
        cityCode,
        "gig-posting",
        { id: randomUUID(), marketId, districtCode, locationCode: districtCode },
        { source: `/gig/${marketId}`, topic: "pes.gig.events" },
      );
      await db.db.transaction((tx) => ingest(tx, event));
    },
    /** The voucher records the hub put in its outbox for a voucher, oldest first, with their topic. */
    async outboxed(voucherId: string) {
      const rows = await hub.query<{ topic: string; type: string; payload: string }>(
        sql`select topic, headers->>'ce_type' as type, payload from pes_outbox order by id`,
      );
      return rows
        .map((r) => ({ topic: r.topic, type: r.type, ...JSON.parse(r.payload) }))
        .filter((r) => r.voucherId === voucherId);
    },
    async close() {
      await kafka.close();
      await db.close();
      await testDb.drop();
    },
  };
  return hub;
}

export type VoucherHub = Awaited<ReturnType<typeof voucherHub>>;

/**
 * A provider with a settlement account; a gig market's id is its market id. `gatewayIds`, when
 * given, are the gateways that may redeem in its name.
 */
export const provider = (
  id: string,
  kind: "gig-market" | "training-school" = "gig-market",
  gatewayIds?: string[],
) => ({
  id,
  name: `${id} 服务机构`,
  kind,
  settlementAccount: {
    bankName: "中国工商银行厦门分行",
    accountName: `${id} 账户`,
    accountNumber: "6222020400012345678",
  },
  ...(gatewayIds ? { gatewayIds } : {}),
});

/** Annex 1: employment-skills training, 1,000 yuan a person after passing. */
export const skillsPolicy = (id: string, providers: string[], extra: Record<string, unknown> = {}) => ({
  id,
  name: "职业技能培训补贴券",
  serviceKind: "skills-training",
  amountFen: 100_000,
  eligibleGroups: ["rural-migrant", "registered-unemployed"],
  eligibleProviders: providers,
  issueFrom: "2026-01-01",
  issueUntil: "2099-12-31",
  validDays: 90,
  ...extra,
});
