import { PiiCipher } from "@pes/sync";
import type { Context } from "hono";
import type { AppEnv } from "../../context.js";

/** What the voucher routes need from the request: the database, the cipher and who acts. */
export function voucherContext(c: Context<AppEnv>) {
  const { db, config } = c.get("services");
  const operator = c.get("operator");
  return {
    db: db.db,
    cipher: new PiiCipher(config.piiKey),
    secret: config.personKeySecret,
    // The trail names a machine account by its name, a person by their operator id.
    actor: operator.role === "gateway" ? `gateway:${operator.name}` : `operator:${operator.id}`,
    isGateway: operator.role === "gateway",
    /** The caller's operator id when it is a gateway: it redeems only for the providers it serves. */
    gatewayId: operator.role === "gateway" ? operator.id : undefined,
  };
}
