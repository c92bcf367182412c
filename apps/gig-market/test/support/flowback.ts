import { randomBytes, randomUUID } from "node:crypto";
import {
  encodeEvent,
  maskName,
  maskResidentId,
  sourceOf,
  topics,
  voucherNotice,
  workNeededNotice,
} from "@pes/schemas";
import { receiverOfTopic, sealAndSign } from "@pes/sync";
import type { Person } from "./person.js";
import { provinceTestTrust } from "./sealed.js";

/** Market ids of this run only: the shared broker's default markets' topics hold other runs' records. */
export const runIds = () => {
  const run = randomBytes(4).toString("hex");
  return { siming: `xm-siming-${run}`, jinjiang: `qz-jinjiang-${run}` };
};

const base = (cityCode: string, over: { id?: string; revision?: number }) => ({
  id: over.id ?? randomUUID(),
  revision: over.revision ?? 1,
  cityCode,
  recordedAt: new Date().toISOString(),
});

export function workNeeded(
  marketId: string,
  who: Person,
  over: { id?: string; revision?: number; status?: "open" | "resolved"; contactMobile?: string } = {},
) {
  return {
    ...base("350200", over),
    person: { key: who.key, idNumberMasked: maskResidentId(who.idNumber), nameMasked: maskName(who.name) },
    marketId,
    status: over.status ?? "open",
    reasons: ["131-shortfall" as const],
    keyGroups: ["college-graduate" as const],
    areaCode: "350203005",
    ...(over.contactMobile ? { contactMobile: over.contactMobile } : {}),
    noticedAt: "2025-07-01T08:00:00+08:00",
  };
}

export function voucher(
  marketId: string,
  who: Person,
  over: { id?: string; revision?: number; status?: string; redeemedAt?: string } = {},
) {
  return {
    ...base("350200", over),
    person: { key: who.key, idNumber: who.idNumber, name: who.name },
    voucherId: "v-350200-0001",
    policyId: "xm-gig-2025",
    amountFen: 50_000,
    status: (over.status ?? "issued") as "issued",
    expiresOn: "2025-12-31",
    // The market it was redeemed at, not the addressee (the topic is): once redeemed only.
    ...(over.status === "redeemed" ? { marketId: over.redeemedAt ?? marketId } : {}),
    changedAt: "2025-07-02T09:00:00+08:00",
  };
}

/** A Kafka message as the hub's relay writes it: the CloudEvents headers, keyed by the person. */
export function message(kind: "work-needed" | "voucher", data: unknown) {
  const encoded =
    kind === "work-needed"
      ? encodeEvent(workNeededNotice, data as never, { source: sourceOf.province() })
      : encodeEvent(voucherNotice, data as never, { source: sourceOf.province() });
  return { key: encoded.key, value: encoded.value, headers: encoded.headers };
}

export const topicOf = (marketId: string) => topics.flowbackGig(marketId);

/**
 * Messages for `topic` as the hub's relay puts them there: sealed for the topic's market and signed
 * by the province, each as a publication of its own (a relay signs each re-publication anew).
 */
export function fromProvince<M extends { value: string; headers: Record<string, string> }>(
  topic: string,
  ...messages: M[]
): M[] {
  const receiver = receiverOfTopic(topic);
  if (!receiver) throw new Error(`${topic} is not a topic of the catalogue`);
  return messages.map((m) => sealAndSign(provinceTestTrust, receiver, [m])[0]!);
}
