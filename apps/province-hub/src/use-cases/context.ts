import type { PiiCipher, Sealer } from "@pes/sync";
import type { Database } from "@pes/sync/db";

/**
 * What a use case of the province hub runs with, its first argument; the second is the request's data
 * as one object. Routes build it per request (routes/context.ts), scheduled jobs per run. A use case
 * that needs less takes a Pick of it.
 */
export interface UseCaseContext {
  /** The database (a change opens its own transactions), or the caller's transaction. */
  db: Database;
  /** Decrypts what the hub keeps encrypted: persons' ID numbers and names, providers' accounts. */
  cipher: PiiCipher;
  /**
   * Seals what the hub writes to its outbox (flow-back, voucher events) for each record's receiver
   * (docs/adr/0006): the hub's trust's sealer.
   */
  sealer: Sealer;
  /** The province's secret for person keys (HMAC of the ID number). */
  personKeySecret: string;
  /**
   * Who acts, as the voucher trail names them: `operator:<id>`, `gateway:<name>` (a machine account by
   * its name), or a job of the hub's own (`hub:hourly-expiry`).
   */
  actor: string;
  /** The acting operator's id when it is a gateway: it redeems only for the providers it serves. */
  gatewayId?: string | undefined;
}
