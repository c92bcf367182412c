import type { Logger } from "@pes/core";
import type { GigPlacement, GigPosting, GigRating } from "@pes/schemas";
import type { PiiCipher } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import type { Market } from "../domain/market.js";
import type { VoucherAuthority } from "./vouchers/authority.js";

/**
 * The port the market's records are published through: the outbox, in the change's own transaction,
 * always as the record's own market. streams/publish.ts (gigPublisherFor) implements it.
 */
export interface GigPublisher {
  posting(tx: Database, record: GigPosting): Promise<unknown>;
  placement(tx: Database, record: GigPlacement): Promise<unknown>;
  rating(tx: Database, record: GigRating): Promise<unknown>;
}

/**
 * What a use case of the gig market runs with, its first argument; the second is the request's data
 * as one object. Routes build it per request (routes/context.ts), the flow-back stream per event. A
 * use case that needs less takes a Pick of it.
 */
export interface UseCaseContext {
  /** The database (a change opens its own transaction) or the caller's transaction. */
  db: Database;
  /** The acting market: the one the API key belongs to. Everything read or changed is its own. */
  market: Market;
  /** Encrypts personal data at rest (ID numbers, names, mobiles, contact phones, webhook secrets). */
  cipher: PiiCipher;
  /** The province's secret for person keys (HMAC of the ID number). */
  personKeySecret: string;
  publisher: GigPublisher;
  /** The province hub's voucher API: the one place vouchers are decided. */
  vouchers: VoucherAuthority;
  /** Where a use case tells what an operator should know (ids and counts only). */
  logger?: Logger;
}
