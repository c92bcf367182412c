import type { VoucherNotice as VoucherSchema, WorkNeededNotice as WorkNeededSchema } from "@pes/schemas";
import { maskMobile, maskName, maskResidentId, parseTopic } from "@pes/schemas";
import {
  type EventHandler,
  type FlowbackReceipts,
  type IncomingEvent,
  type PiiCipher,
  RejectedRecordError,
} from "@pes/sync";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { markets } from "../db/tables/markets.js";
import { appendItem, type NewItem } from "../use-cases/flowback/store.js";

type WorkNeededNotice = z.output<typeof WorkNeededSchema>;
type VoucherNotice = z.output<typeof VoucherSchema>;

function workNeededItem(marketId: string, n: WorkNeededNotice): NewItem {
  if (n.marketId !== marketId)
    throw new RejectedRecordError(
      `addressed to market ${n.marketId}, not ${marketId}`,
      "marketId",
      "not-addressed-here",
    );
  return {
    marketId,
    kind: "work-needed-notice",
    recordId: n.id,
    revision: n.revision,
    payload: {
      person: { key: n.person.key, idNumber: n.person.idNumberMasked, name: n.person.nameMasked },
      workNeeded: {
        status: n.status,
        reasons: n.reasons,
        keyGroups: n.keyGroups,
        areaCode: n.areaCode,
        contactMobile: n.contactMobile ? maskMobile(n.contactMobile) : null,
        noticedAt: n.noticedAt,
      },
      voucher: null,
    },
    pii: n.contactMobile ? { contactMobile: n.contactMobile } : null,
  };
}

/**
 * The voucher notice carries the full person: masked for the feed, the clear part only encrypted.
 * Its marketId is where the voucher was redeemed, which may be another market of the area; the
 * topic says whom it is for.
 */
function voucherItem(marketId: string, n: VoucherNotice): NewItem {
  const { key, ...personal } = n.person;
  return {
    marketId,
    kind: "voucher-notice",
    recordId: n.id,
    revision: n.revision,
    payload: {
      person: { key, idNumber: maskResidentId(personal.idNumber), name: maskName(personal.name) },
      workNeeded: null,
      voucher: {
        id: n.voucherId,
        policyId: n.policyId,
        amountFen: n.amountFen,
        status: n.status,
        expiresOn: n.expiresOn ?? null,
        redeemedAtMarket: n.marketId ?? null,
        changedAt: n.changedAt,
      },
    },
    pii: personal,
  };
}

/**
 * Applies a market's flow-back topic (validated by the consumer against the contract before it gets
 * here) and acknowledges each record it applied with a receipt in the same transaction (docs/adr/0007).
 * A record on the topic of a market this deployment does not serve is skipped, not an error, and not
 * acknowledged (the deployment does not speak for that market); one addressed to another market than
 * its topic's, or of a type gig markets do not take, is rejected and so dead-lettered with the reason,
 * and acknowledged as refused (the consumer's onRefused).
 */
export function flowbackHandler(cipher: PiiCipher, receipts: FlowbackReceipts): EventHandler {
  return async (tx, event) => {
    const marketId = parseTopic(event.topic)?.market;
    if (!marketId) throw new RejectedRecordError(`${event.topic} is not a gig market's flow-back topic`);
    const [served] = await tx.select({ id: markets.id }).from(markets).where(eq(markets.id, marketId));
    if (!served) return;
    const added = await appendItem({ db: tx, cipher }, itemOf(marketId, event));
    // A revision the feed has, or one older than it has: received, and nothing to change.
    await receipts.applied(tx, event, added ? undefined : SUPERSEDED);
  };
}

const SUPERSEDED = { code: "superseded", text: "the feed holds this revision or a newer one" };

function itemOf(marketId: string, event: IncomingEvent): NewItem {
  switch (event.definition.name) {
    case "work-needed-notice":
      return workNeededItem(marketId, event.data as WorkNeededNotice);
    case "voucher-notice":
      return voucherItem(marketId, event.data as VoucherNotice);
    default:
      throw new RejectedRecordError(
        `a gig market does not take ${event.definition.name}`,
        undefined,
        "not-taken-here",
      );
  }
}
