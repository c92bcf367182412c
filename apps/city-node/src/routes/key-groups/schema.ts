import { z } from "@hono/zod-openapi";
import type { MembershipRow } from "../../use-cases/ledgers/key-groups.js";
import { PersonView } from "../shared.js";

export const MembershipLine = z
  .object({
    id: z.uuid(),
    revision: z.number().int(),
    group: z.string(),
    startedOn: z.string(),
    endedOn: z.string().nullable(),
    source: z.string(),
    graduatedOn: z.string().optional(),
    servicePointId: z.string().nullable(),
  })
  .openapi("KeyGroupMembershipLine");

export const MembershipView = MembershipLine.extend({ person: PersonView }).openapi("KeyGroupMembership");

export function presentLine(row: MembershipRow): z.infer<typeof MembershipLine> {
  const d = row.data as { source: string; graduatedOn?: string };
  return {
    id: row.id,
    revision: row.revision,
    group: row.group,
    startedOn: row.startedOn,
    endedOn: row.endedOn,
    source: d.source,
    ...(d.graduatedOn ? { graduatedOn: d.graduatedOn } : {}),
    servicePointId: row.servicePointId,
  };
}
