import { addDays, chinaDate, chinaToday } from "@pes/core";
import type { Database } from "@pes/sync/db";
import { and, eq, lte, ne } from "drizzle-orm";
import { persons } from "../../db/tables/persons.js";
import { unemploymentRegistrations } from "../../db/tables/registrations.js";
import { addYearsMonths, retirementDate } from "../../domain/index.js";
import type { UseCaseContext } from "../context.js";
import { changeRegistration, closingDate, type UnemploymentRow } from "./unemployment.js";

/** The node closes registrations as this pseudo staff member, so the audit log says who did. */
export const NODE_ACTOR = "00000000-0000-0000-0000-000000000000";

/** The youngest statutory retirement age (women workers born before 1975: 50): nobody younger is looked at. */
const YOUNGEST_RETIREMENT_YEARS = 50;

/**
 * 达到法定退休年龄注销: every open (applied or registered) unemployment registration of a person who has
 * reached the statutory retirement age by `today` is closed with reason "retirement-age" on the day they
 * reached it (never before the registration opened), published through the outbox and audited, each in
 * its own transaction. Women's ages follow the category declared at application (worker by default).
 * Run it as often as you like: a closed registration is not looked at again.
 */
export async function closeRegistrationsAtRetirement(
  ctx: Omit<UseCaseContext, "staffId">,
  { today }: { today: string },
): Promise<UnemploymentRow[]> {
  const { db } = ctx;
  const actor = { ...ctx, staffId: NODE_ACTOR, purpose: "达到法定退休年龄注销" };
  const bornBy = addYearsMonths(today, -YOUNGEST_RETIREMENT_YEARS, 0);
  const candidates = await db
    .select({
      id: unemploymentRegistrations.id,
      birthDate: persons.birthDate,
      sex: persons.sex,
      femaleCategory: unemploymentRegistrations.femaleCategory,
    })
    .from(unemploymentRegistrations)
    .innerJoin(persons, eq(persons.id, unemploymentRegistrations.personId))
    .where(and(ne(unemploymentRegistrations.state, "closed"), lte(persons.birthDate, bornBy)));
  const closed: UnemploymentRow[] = [];
  for (const c of candidates) {
    const retires = retirementDate({
      birthDate: c.birthDate,
      sex: c.sex,
      ...(c.femaleCategory ? { femaleCategory: c.femaleCategory } : {}),
    });
    if (retires > today) continue;
    const row = await db.transaction(async (tx) => {
      const [found] = await tx
        .select({ row: unemploymentRegistrations, person: persons })
        .from(unemploymentRegistrations)
        .innerJoin(persons, eq(persons.id, unemploymentRegistrations.personId))
        .where(eq(unemploymentRegistrations.id, c.id))
        .for("update", { of: unemploymentRegistrations });
      if (!found || found.row.state === "closed") return undefined; // closed meanwhile
      return changeRegistration(
        { ...actor, db: tx },
        {
          registration: found.row,
          person: found.person,
          event: { type: "close", on: closingDate(found.row, retires), reason: "retirement-age" },
          note: "达到法定退休年龄",
        },
      );
    });
    if (row) closed.push(row);
  }
  return closed;
}

/** Milliseconds from `now` to the next midnight in China (UTC+8). */
export function untilNextChinaMidnight(now: Date): number {
  const tomorrow = addDays(chinaDate(now), 1);
  return Date.parse(`${tomorrow}T00:00:00+08:00`) - now.getTime();
}

/**
 * Runs `closeRegistrationsAtRetirement` at start-up and then every day just after midnight China time.
 * `stop()` cancels the next run and waits for a running one.
 */
export function scheduleRetirementClosures(opts: {
  db: Database;
  ctx: Omit<UseCaseContext, "staffId" | "db">;
  clock?: () => Date;
  onError: (e: unknown) => void;
  onClosed?: (rows: UnemploymentRow[], today: string) => void;
}) {
  const clock = opts.clock ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = (async () => {
      const today = chinaToday(clock);
      try {
        const rows = await closeRegistrationsAtRetirement({ ...opts.ctx, db: opts.db }, { today });
        opts.onClosed?.(rows, today);
      } catch (e) {
        opts.onError(e);
      }
      if (!stopped) timer = setTimeout(run, untilNextChinaMidnight(clock()) + 1000);
    })();
  };
  run();
  return {
    /** The run under way (the first, right after start). */
    get running() {
      return running;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
