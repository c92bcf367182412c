import { maskMobile } from "@pes/schemas";
import { openPii, openRecord } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { and, eq, or, type SQL, sql } from "drizzle-orm";
import { flowbackNotices } from "../../db/tables/flowback.js";
import { persons } from "../../db/tables/persons.js";
import type { PersonVault } from "../context.js";
import { type PersonRow, type PersonView, presentPerson } from "../persons/store.js";

const NEED = "service-needed-notice";

export interface WorkItem {
  noticeId: string;
  revision: number;
  reasons: string[];
  keyGroups: string[];
  shortfall131: { careerGuidance: number; jobRecommendations: number; trainingOrInternship: number } | null;
  areaCode: string;
  dueBy: string | null;
  noticedAt: string;
  contactMobile: string | null;
  /** The node's person of the notice, masked; null when the node does not hold them (the province knows them from elsewhere). */
  person: PersonView | null;
}

/**
 * Where a need is: the node's own person's division when it holds them (a community, usually), else
 * the notice's area (the province often knows only the district) — so a street's or a community's
 * clerk sees the persons of their streets and communities.
 */
const areaOfNeed = sql<string>`coalesce(${persons.divisionCode}, ${flowbackNotices.areaCode})`;

/** The area filter of a caller's access root; undefined: the whole node. */
const withinRoot = (root: string | undefined): SQL | undefined =>
  root ? or(sql`${areaOfNeed} = ${root}`, sql`${areaOfNeed} like ${`${root}%`}`) : undefined;

/**
 * 今日走访: the open service-needed notices of the province within `root`, the most urgent first —
 * the earliest due day (none last), the persons the node holds before those it does not, then the
 * most reasons at once, then the oldest notice. The
 * person is shown masked (a list: domain/jurisdiction.ts), with the notice's contact mobile.
 */
export async function readWorkList(
  db: Database,
  vault: PersonVault,
  opts: { root: string | undefined; limit: number },
): Promise<{ items: WorkItem[]; total: number }> {
  const where = and(
    eq(flowbackNotices.type, NEED),
    eq(flowbackNotices.status, "open"),
    withinRoot(opts.root),
  );
  // One statement: the total and the items from one snapshot (two would disagree while notices arrive).
  const rows = await db
    .select({ notice: flowbackNotices, person: persons, total: sql<number>`(count(*) over ())::int` })
    .from(flowbackNotices)
    .leftJoin(persons, eq(persons.personKey, flowbackNotices.personKey))
    .where(where)
    .orderBy(
      sql`${flowbackNotices.data}->>'dueBy' asc nulls last`,
      // Those the node holds first: a visit can be recorded for them from the list.
      sql`${persons.id} is null`,
      sql`jsonb_array_length(${flowbackNotices.data}->'reasons') desc`,
      sql`${flowbackNotices.data}->>'noticedAt' asc`,
      flowbackNotices.id,
    )
    .limit(opts.limit);
  return {
    total: rows[0]?.total ?? 0,
    items: rows.map(({ notice, person }) => workItemOf(vault, notice.data, notice, person)),
  };
}

function workItemOf(
  vault: PersonVault,
  sealed: Record<string, unknown>,
  notice: { id: string; areaCode: string | null },
  person: PersonRow | null,
): WorkItem {
  const data = openRecord(vault.cipher, NEED, sealed) as {
    revision: number;
    reasons: string[];
    keyGroups: string[];
    shortfall131?: WorkItem["shortfall131"];
    areaCode: string;
    dueBy?: string;
    noticedAt: string;
    contactMobile?: string;
  };
  return {
    noticeId: notice.id,
    revision: data.revision,
    reasons: data.reasons,
    keyGroups: data.keyGroups,
    shortfall131: data.shortfall131 ?? null,
    areaCode: person?.divisionCode ?? notice.areaCode ?? data.areaCode,
    dueBy: data.dueBy ?? null,
    noticedAt: data.noticedAt,
    contactMobile: data.contactMobile ? maskMobile(data.contactMobile) : null,
    person: person ? presentPerson(person, vault, false) : null,
  };
}

/** An open need and its person as the node holds them, for recording a visit; undefined when either is missing. */
export async function openNeed(
  db: Database,
  noticeId: string,
): Promise<{ areaCode: string; person: PersonRow | null } | undefined> {
  const [row] = await db
    .select({ areaCode: flowbackNotices.areaCode, person: persons })
    .from(flowbackNotices)
    .leftJoin(persons, eq(persons.personKey, flowbackNotices.personKey))
    .where(
      and(
        eq(flowbackNotices.id, noticeId),
        eq(flowbackNotices.type, NEED),
        eq(flowbackNotices.status, "open"),
      ),
    );
  const areaCode = row?.person?.divisionCode ?? row?.areaCode;
  return row && areaCode ? { areaCode, person: row.person } : undefined;
}

/** The person block of a desk form for a person the node holds: what recording a visit sends to the intake. */
export function deskPersonOf(vault: PersonVault, person: PersonRow) {
  const { idNumber, name } = openPii(vault.cipher, person);
  return { idNumber, name, divisionCode: person.divisionCode };
}
