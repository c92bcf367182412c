import { PiiCipher } from "@pes/sync";
import type { Context } from "hono";
import type { AppEnv } from "../context.js";
import type { UseCaseContext } from "../use-cases/context.js";

/** What a use case runs with for this request: the database, the cipher, the sealer, the secret and who acts. */
export function useCaseContext(c: Context<AppEnv>): UseCaseContext {
  const { db, config, trust } = c.get("services");
  const operator = c.get("operator");
  const gateway = operator.role === "gateway";
  return {
    db: db.db,
    cipher: new PiiCipher(config.piiKey),
    sealer: trust.sealer,
    personKeySecret: config.personKeySecret,
    // The trail names a machine account by its name, a person by their operator id.
    actor: gateway ? `gateway:${operator.name}` : `operator:${operator.id}`,
    gatewayId: gateway ? operator.id : undefined,
  };
}
