import { DomainError } from "@pes/core";
import type { Database } from "@pes/sync/db";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { FlowbackKind, flowbackItems } from "../../db/tables/flowback.js";
import { webhookAttempts, webhookDeliveries, webhooks } from "../../db/tables/webhooks.js";
import type { UseCaseContext } from "../context.js";
import { newWebhookSecret } from "./sign.js";

export type WebhookRow = typeof webhooks.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type AttemptRow = typeof webhookAttempts.$inferSelect;

/** A subscription with its secret in clear: returned only by create and rotate. */
export interface WebhookWithSecret {
  row: WebhookRow;
  secret: string;
}

/** A new subscription of the market; the URL was vetted (vetWebhookTarget) by the caller. */
export async function createWebhook(
  { db, market, cipher }: Pick<UseCaseContext, "db" | "market" | "cipher">,
  input: { url: string; kinds?: FlowbackKind[] | undefined },
): Promise<WebhookWithSecret> {
  const secret = newWebhookSecret();
  const [row] = await db
    .insert(webhooks)
    .values({
      marketId: market.id,
      url: input.url,
      kinds: input.kinds ? [...new Set(input.kinds)] : null,
      secretEnc: cipher.encrypt(secret),
    })
    .returning();
  return { row: row!, secret };
}

/** The market's live subscription, or 404 for an unknown, deleted or another market's one. */
export async function findWebhook(
  { db, market }: Pick<UseCaseContext, "db" | "market">,
  { id }: { id: string },
): Promise<WebhookRow> {
  const [row] = await db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.id, id), eq(webhooks.marketId, market.id), isNull(webhooks.deletedAt)));
  if (!row) throw new DomainError("not_found", "webhook-not-found", `Your market has no webhook ${id}`);
  return row;
}

/** Ends the subscription: it is gone for the market and its pending deliveries are cancelled. */
export async function deleteWebhook(
  ctx: Pick<UseCaseContext, "db" | "market">,
  { id }: { id: string },
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await findWebhook({ ...ctx, db: tx }, { id });
    await tx.update(webhooks).set({ deletedAt: sql`now()` }).where(eq(webhooks.id, id));
    await tx
      .update(webhookDeliveries)
      .set({ status: "cancelled", lease: null })
      .where(and(eq(webhookDeliveries.webhookId, id), eq(webhookDeliveries.status, "pending")));
  });
}

/**
 * A new secret at once. The one it replaces keeps signing each delivery too (a second signature) for
 * `overlapSeconds`, so a receiver that deploys the new secret later loses nothing; a rotation within
 * that window drops the older one. Deliveries stop carrying the pre-Standard-Webhooks headers.
 */
export async function rotateSecret(
  ctx: Pick<UseCaseContext, "db" | "market" | "cipher">,
  { id, overlapSeconds }: { id: string; overlapSeconds: number },
): Promise<WebhookWithSecret> {
  const { db, cipher } = ctx;
  await findWebhook(ctx, { id });
  const secret = newWebhookSecret();
  const overlap = overlapSeconds > 0;
  const [row] = await db
    .update(webhooks)
    .set({
      secretEnc: cipher.encrypt(secret),
      secretRotatedAt: sql`now()`,
      // The right-hand side reads the row as it was: the secret being replaced.
      previousSecretEnc: overlap ? sql`${webhooks.secretEnc}` : null,
      previousSecretExpiresAt: overlap ? sql`now() + make_interval(secs => ${overlapSeconds})` : null,
      legacySignature: false,
    })
    .where(eq(webhooks.id, id))
    .returning();
  return { row: row!, secret };
}

/** One pending delivery of a new item per live subscription of its market that takes its kind. */
export async function enqueueDeliveries(tx: Database, item: typeof flowbackItems.$inferSelect) {
  await tx.execute(sql`
    insert into gm_webhook_deliveries (webhook_id, market_id, item_id)
    select id, market_id, ${item.id}::uuid from gm_webhooks
    where market_id = ${item.marketId} and deleted_at is null
      and (kinds is null or kinds @> jsonb_build_array(${item.kind}::text))`);
}

/** The market's delivery of the subscription, or 404. */
export async function findDelivery(
  { db, market }: Pick<UseCaseContext, "db" | "market">,
  { webhookId, id }: { webhookId: string; id: string },
): Promise<DeliveryRow> {
  const [row] = await db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.id, id),
        eq(webhookDeliveries.webhookId, webhookId),
        eq(webhookDeliveries.marketId, market.id),
      ),
    );
  if (!row) throw new DomainError("not_found", "delivery-not-found", `This webhook has no delivery ${id}`);
  return row;
}

/**
 * Sends the delivery again, soon, with the same id (the receiver's idempotency key) and a fresh
 * timestamp and signature; a new round of attempts. An attempt in flight no longer decides its status.
 */
export async function redeliver(
  ctx: Pick<UseCaseContext, "db" | "market">,
  { webhookId, id }: { webhookId: string; id: string },
): Promise<DeliveryRow> {
  const { db } = ctx;
  await findWebhook(ctx, { id: webhookId });
  await findDelivery(ctx, { webhookId, id });
  const [row] = await db
    .update(webhookDeliveries)
    .set({ status: "pending", attempts: 0, nextAttemptAt: sql`now()`, lease: null, deliveredAt: null })
    .where(eq(webhookDeliveries.id, id))
    .returning();
  return row!;
}

/** The attempts of these deliveries, oldest first, by delivery. */
export async function attemptsOf(
  { db }: Pick<UseCaseContext, "db">,
  { deliveryIds }: { deliveryIds: string[] },
): Promise<Map<string, AttemptRow[]>> {
  const byDelivery = new Map<string, AttemptRow[]>(deliveryIds.map((id) => [id, []]));
  if (deliveryIds.length === 0) return byDelivery;
  const rows = await db
    .select()
    .from(webhookAttempts)
    .where(inArray(webhookAttempts.deliveryId, deliveryIds))
    .orderBy(asc(webhookAttempts.id));
  for (const r of rows) byDelivery.get(r.deliveryId)?.push(r);
  return byDelivery;
}
