import type { Database } from "@pes/sync/db";
import { eq } from "drizzle-orm";
import { expiryInDays, issueTokenWithId, MAX_TOKEN_DAYS } from "../auth/tokens.js";
import { staff } from "../db/tables/network.js";
import { audit } from "../use-cases/audit/record.js";
import { NODE_ACTOR } from "../use-cases/ledgers/retirement-closure.js";

/** Why the audit log shows a change made at the node's console rather than through the API. */
export const CLI_PURPOSE = "issued at the node with the token CLI";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CliIssue {
  /** A new city admin of that name… */
  admin?: string;
  /** …or an existing, active staff member. */
  staffId?: string;
  label?: string;
  /** Lifetime in days, 1 to 3650; absent: the token never expires (the bootstrap admin token). */
  expiresInDays?: number;
}

/** Parses `--expires-in-days`: a whole number of days, 1 to 3650. */
export function parseExpiresInDays(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const days = Number(value);
  if (!/^\d+$/.test(value) || days < 1 || days > MAX_TOKEN_DAYS)
    throw new Error(`--expires-in-days must be a whole number of days from 1 to ${MAX_TOKEN_DAYS}`);
  return days;
}

/**
 * What the CLI does: creates the city admin if asked, issues a token, and audits both as the node
 * itself (the console has no staff token to name anyone by).
 */
export async function issueFromCli(
  db: Database,
  cityCode: string,
  args: CliIssue,
  now = new Date(),
): Promise<{ staffId: string; created: boolean; tokenId: string; token: string; expiresAt: Date | null }> {
  const expiresAt = args.expiresInDays === undefined ? null : expiryInDays(args.expiresInDays, now);
  return db.transaction(async (tx) => {
    let staffId = args.staffId;
    if (args.admin) {
      const [admin] = await tx
        .insert(staff)
        .values({ name: args.admin, role: "city-admin", divisionCode: cityCode })
        .returning({ id: staff.id });
      staffId = admin!.id;
      await audit(tx, {
        staffId: NODE_ACTOR,
        action: "create",
        entity: "staff",
        entityId: staffId,
        purpose: CLI_PURPOSE,
      });
    } else {
      if (!UUID.test(staffId ?? "")) throw new Error(`--staff must be a staff member's id (a UUID)`);
      const [member] = await tx.select({ active: staff.active }).from(staff).where(eq(staff.id, staffId!));
      if (!member) throw new Error(`no staff member ${staffId}`);
      if (!member.active) throw new Error(`staff member ${staffId} is deactivated; reactivate them first`);
    }
    const issued = await issueTokenWithId(tx, staffId!, args.label ?? "cli", expiresAt ?? undefined);
    await audit(tx, {
      staffId: NODE_ACTOR,
      action: "create",
      entity: "api_token",
      entityId: issued.id,
      purpose: CLI_PURPOSE,
    });
    return {
      staffId: staffId!,
      created: Boolean(args.admin),
      tokenId: issued.id,
      token: issued.token,
      expiresAt,
    };
  });
}
