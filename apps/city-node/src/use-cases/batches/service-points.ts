import { createHash } from "node:crypto";
import { districtOf } from "@pes/core";
import { reportingCityOf } from "@pes/schemas";
import type { Database } from "@pes/sync/db";
import { eq, or, sql } from "drizzle-orm";
import { servicePoints } from "../../db/tables/network.js";
import { DomainRuleError } from "../../domain/index.js";

/** What a batch does with a service point its records name that the node does not know. */
export type UnknownServicePoints = "create" | "refuse";

/** The advisory lock a batch holds while it may add service points (an arbitrary key of this node's). */
const POINT_LOCK = 0x5e_7_01;
const LOCAL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const CODE_MAX = 64;

/** The node's id of a service point created for the city's code `code`: the code itself when it can be one. */
export const idForCode = (code: string) =>
  LOCAL_ID.test(code) ? code : `sp-${createHash("sha256").update(code).digest("hex").slice(0, 16)}`;

/** A service point a record names: by the node's id, or by the city's own code (with a name for a new one). */
export interface NamedPoint {
  id: string;
  /** Given when the record named the point by the city's code. */
  code?: string | undefined;
  name?: string | undefined;
  /** Known to the node when the batch started. */
  known: boolean;
}

/**
 * The city's service network as a batch sees it: loaded once per batch (the network is small), so
 * an item naming a known point costs no query. A point the batch creates is looked for in the
 * database only by the items naming it.
 */
export class ServicePointBook {
  private constructor(
    private readonly byCode: Map<string, string>,
    /** Each point's id, and whether it is active. */
    private readonly ids: Map<string, boolean>,
  ) {}

  static async load(db: Database): Promise<ServicePointBook> {
    const rows = await db
      .select({ id: servicePoints.id, code: servicePoints.code, active: servicePoints.active })
      .from(servicePoints);
    return new ServicePointBook(
      new Map(rows.filter((r) => r.code !== null).map((r) => [r.code!, r.id])),
      new Map(rows.map((r) => [r.id, r.active])),
    );
  }

  /**
   * The point a code names: the point with that code, else the point whose id is the code, else the
   * id it gets when it is created.
   */
  byCityCode(code: string): NamedPoint {
    const id = this.byCode.get(code);
    if (id) return { id, code, known: true };
    if (this.ids.has(code)) return { id: code, code, known: true };
    return { id: idForCode(code), code, known: false };
  }

  isKnown(id: string): boolean {
    return this.ids.has(id);
  }

  /** Whether the point is active; undefined when the batch started without it. */
  isActive(id: string): boolean | undefined {
    return this.ids.get(id);
  }

  /** Points created by a chunk that committed: known from now on. */
  learn(created: readonly { id: string; code?: string | undefined }[]): void {
    for (const p of created) {
      this.ids.set(p.id, true);
      if (p.code) this.byCode.set(p.code, p.id);
    }
  }
}

/** The service point fields a record may carry besides the intake's own (servicePointCode, servicePointName). */
export interface PointFields {
  code?: string;
  name?: string;
}

/**
 * Takes servicePointCode and servicePointName out of a record (they are the batch's, not the
 * intake's); a refusal at the field when they are not text.
 */
export function takePointFields(
  record: Record<string, unknown>,
):
  | { ok: true; fields: PointFields; rest: Record<string, unknown> }
  | { ok: false; path: string; message: string } {
  const { servicePointCode: code, servicePointName: name, ...rest } = record;
  for (const [path, value] of [
    ["servicePointCode", code],
    ["servicePointName", name],
  ] as const) {
    if (value === undefined) continue;
    if (
      typeof value !== "string" ||
      value.trim() === "" ||
      value.trim().length > (path === "servicePointName" ? 100 : CODE_MAX)
    )
      return {
        ok: false,
        path,
        message:
          path === "servicePointCode"
            ? `The city's code of the service point: 1 to ${CODE_MAX} characters`
            : "The service point's name: 1 to 100 characters",
      };
  }
  return {
    ok: true,
    fields: {
      ...(typeof code === "string" ? { code: code.trim() } : {}),
      ...(typeof name === "string" ? { name: name.trim() } : {}),
    },
    rest,
  };
}

/**
 * Makes sure the point a record names exists, in the item's savepoint: a point unknown to the
 * batch is looked for (an earlier item, or another batch, may have created it); when it is not
 * there, it is created in the district of `divisionCode` (the record's person or employer) if the
 * batch says `create`, or the item is refused at `field`. Returns the point when the batch did not
 * know it (`created` when this item added it).
 */
export async function ensurePoint(
  db: Database,
  point: NamedPoint,
  ctx: {
    cityCode: string;
    unknown: UnknownServicePoints;
    divisionCode: string | undefined;
    field: string;
    /** Points the chunk's applied items found or added already. */
    seen: ReadonlySet<string>;
  },
): Promise<{ id: string; code?: string | undefined; created: boolean } | undefined> {
  if (point.known || ctx.seen.has(point.id)) return undefined;
  const found = { id: point.id, code: point.code, created: false };
  const exists = async () =>
    (
      await db
        .select({ id: servicePoints.id })
        .from(servicePoints)
        .where(
          point.code
            ? or(eq(servicePoints.code, point.code), eq(servicePoints.id, point.id))
            : eq(servicePoints.id, point.id),
        )
    ).length > 0;
  // Another batch (or an earlier item) may have added it since the batch started.
  if (await exists()) return found;
  const what = point.code ? `code ${point.code}` : point.id;
  if (ctx.unknown !== "create")
    throw new DomainRuleError(
      "unknown-service-point",
      `No service point of this city has the ${point.code ? "code" : "id"} ${point.code ?? point.id}: a city admin adds it (PUT /v1/service-points), or sends the batch with unknownServicePoints=create`,
      { field: ctx.field },
    );
  // One batch at a time adds points, until it commits: two batches each adding points the other
  // adds too would otherwise wait for each other's insert (a deadlock). Then look again.
  await db.execute(sql`select pg_advisory_xact_lock(${POINT_LOCK})`);
  if (await exists()) return found;
  const district = ctx.divisionCode ? districtOf(ctx.divisionCode) : undefined;
  if (!district || reportingCityOf(district) !== ctx.cityCode)
    throw new DomainRuleError(
      "service-point-district-unknown",
      `The service point ${what} is new, and the record names no division of this city to place it in`,
      { field: ctx.field },
    );
  const [added] = await db
    .insert(servicePoints)
    .values({
      id: point.id,
      code: point.code ?? null,
      name: point.name ?? point.code ?? point.id,
      kind: "public",
      divisionCode: district,
    })
    .onConflictDoNothing()
    .returning({ id: servicePoints.id });
  return { ...found, created: added !== undefined };
}
