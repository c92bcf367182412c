import { randomUUID } from "node:crypto";
import { topics } from "@pes/schemas";
import { gigMarketsExtension } from "../../src/use-cases/flowback/markets.js";
import { testApp } from "./app.js";
import { fromCity } from "./events.js";
import type { Person } from "./person.js";

export type Who = Person;

/**
 * The test hub (testApp) for the voucher tests: its persons come in through the real ingest (so
 * their ID numbers and names are stored encrypted as in production), learning gig markets from their
 * gig events; post() and patch() send as the operator.
 */
export async function voucherHub(label: string) {
  const hub = await testApp(label, {}, { extensions: [gigMarketsExtension], writeAs: "operator" });
  return {
    ...hub,
    /** A person on a key-group ledger of `cityCode`, as the city node streams it. */
    async onLedger(who: Who, group: string, cityCode = "350200", districtCode = "350203", extra = {}) {
      await hub.ingest(
        fromCity(cityCode, "key-group-membership", {
          id: randomUUID(),
          person: who,
          group,
          startedOn: "2026-01-05",
          endedOn: undefined,
          source: "registration",
          graduatedOn: group === "college-graduate" ? "2025-07-01" : undefined,
          districtCode,
          ...extra,
        }),
      );
    },
    /** A gig market the hub has heard from, whose gig work is in `districtCode`. */
    async market(marketId: string, cityCode = "350200", districtCode = "350203") {
      await hub.ingest(
        fromCity(
          cityCode,
          "gig-posting",
          { id: randomUUID(), marketId, districtCode, locationCode: districtCode },
          { source: `/gig/${marketId}`, topic: topics.gigEvents(marketId) },
        ),
      );
    },
    /** The voucher records the hub put in its outbox for a voucher, oldest first, with their topic. */
    async outboxed(voucherId: string) {
      // biome-ignore lint/suspicious/noExplicitAny: the tests read the records' fields as they expect them
      const opened = (await hub.outbox()).map((r): any => ({
        topic: r.topic,
        type: r.type,
        ...r.data,
      }));
      return opened.filter((r) => r.voucherId === voucherId);
    },
  };
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
