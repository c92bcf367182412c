import { createHash, randomUUID } from "node:crypto";
import { canonicalJson } from "@pes/core";
import { type ServiceNetwork, serviceNetwork } from "@pes/schemas";
import type { Database } from "@pes/sync/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import { divisions, serviceNetworkPublication, servicePoints, staff } from "../../db/tables/network.js";
import type { UseCaseContext } from "../context.js";

/** What the record carries of the network: everything but its id, revision, city and times. */
type NetworkContent = Pick<ServiceNetwork, "divisions" | "servicePoints">;

const EMPTY: NetworkContent = { divisions: [], servicePoints: [] };
/** Code point order, whatever the database's collation (codes and ids are unique: no ties). */
const byKey =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : 1;

/** The digest the publication row keeps: of the content as canonical JSON, in a stable order. */
const digestOf = (content: NetworkContent) =>
  createHash("sha256").update(canonicalJson(content)).digest("hex");

/**
 * The network as the node holds it now: its streets and communities (their population when the city
 * gave it) and every service point, active or not, with the count of the active staff members
 * attached to it. Counts only: no staff member is named. Sorted by code and id, so that the same
 * network always reads the same.
 */
export async function networkContent(db: Database): Promise<NetworkContent> {
  const loaded = await db
    .select({ code: divisions.code, population: divisions.population })
    .from(divisions)
    .where(inArray(divisions.level, ["street", "community"]));
  const points = await db
    .select({
      id: servicePoints.id,
      kind: servicePoints.kind,
      divisionCode: servicePoints.divisionCode,
      active: servicePoints.active,
      staff: sql<number>`count(${staff.id})::int`,
    })
    .from(servicePoints)
    .leftJoin(staff, and(eq(staff.servicePointId, servicePoints.id), eq(staff.active, true)))
    .groupBy(servicePoints.id);
  return {
    divisions: loaded
      .map((d) => (d.population === null ? { code: d.code } : { code: d.code, population: d.population }))
      .sort(byKey((d) => d.code)),
    servicePoints: points.sort(byKey((p) => p.id)),
  };
}

/**
 * Publishes the node's service network (公共就业服务网络, service-network v1) through the outbox when
 * it differs from the revision published last, in the caller's transaction: called by every change
 * of the divisions, the service points or a point's staff, after the change's own writes. The
 * publication row is locked first and the network read after, so two changes at once publish their
 * revisions one after the other, each with the network as both left it. One record per node (its id
 * made at the first revision), on the city's master topic keyed by the city. An unchanged network,
 * or an empty one never published, publishes nothing. Returns the record published, if any.
 */
export async function publishServiceNetwork(
  ctx: Pick<UseCaseContext, "db" | "cityCode" | "publisher">,
): Promise<ServiceNetwork | undefined> {
  const tx = ctx.db;
  await tx
    .insert(serviceNetworkPublication)
    .values({ id: 1, recordId: randomUUID(), revision: 0 })
    .onConflictDoNothing();
  const [last] = await tx
    .select()
    .from(serviceNetworkPublication)
    .where(eq(serviceNetworkPublication.id, 1))
    .for("update");
  const content = await networkContent(tx);
  const digest = digestOf(content);
  if (digest === (last!.digest ?? digestOf(EMPTY))) return undefined;
  const now = new Date().toISOString();
  const data = serviceNetwork.schema.parse({
    id: last!.recordId,
    revision: last!.revision + 1,
    cityCode: ctx.cityCode,
    recordedAt: now,
    asOf: now,
    ...content,
  }) as ServiceNetwork;
  await ctx.publisher.publish(tx, serviceNetwork, data);
  await tx
    .update(serviceNetworkPublication)
    .set({ revision: data.revision, digest, publishedAt: sql`now()` })
    .where(eq(serviceNetworkPublication.id, 1));
  return data;
}
