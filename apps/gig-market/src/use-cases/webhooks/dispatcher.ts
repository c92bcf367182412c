import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import type { Logger } from "@pes/core";
import { type PiiCipher, rowsOf } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import { flowbackItems } from "../../db/tables/flowback.js";
import { webhookAttempts, webhookDeliveries, webhooks } from "../../db/tables/webhooks.js";
import { presentItem } from "../flowback/feed.js";
import { type BackoffOptions, retryDelayMs } from "./backoff.js";
import { signedHeaders } from "./sign.js";
import { vetWebhookTarget, type WebhookTargetPolicy } from "./url.js";

/** What an attempt to a refused target logs: no status code, no network error, so no port scanner. */
export const REFUSED_TARGET = "refused: the URL does not resolve to an allowed address";

export interface DispatcherOptions {
  db: Database;
  cipher: PiiCipher;
  backoff: BackoffOptions;
  /** Where deliveries may go, checked again at each attempt against the address it resolves to. */
  targets: WebhookTargetPolicy;
  /** Each attempt's limit; default 10 s. */
  timeoutMs?: number;
  /** How long the dispatcher waits when nothing is due; default 1 s. */
  pollMs?: number;
  /** Deliveries claimed and sent concurrently per round; default 20. */
  batchSize?: number;
  logger?: Logger;
  /** Told each attempt's outcome, for the market's figures (/metrics). */
  onOutcome?: (outcome: DeliveryOutcome) => void;
}

/** What an attempt ends in: delivered, due again after the backoff, or failed for good. */
export const DELIVERY_OUTCOMES = ["delivered", "retry", "failed"] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

interface Claimed {
  id: string;
  lease: string;
  attempts: number;
  webhookId: string;
  itemId: string;
  createdAt: Date;
}

/** The secrets a delivery is signed with: the current one, the replaced one in its window, the legacy one. */
interface Signing {
  secrets: string[];
  legacySecret?: string;
}

interface Outcome {
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

/**
 * Sends due webhook deliveries. A round claims them with `for update skip locked` and a lease (so
 * several instances share the work, and a delivery whose sender died is due again once the lease
 * runs out), sends each as a signed POST with a timeout, logs the attempt, then marks it delivered
 * (2xx), due again after the backoff, or failed after the last attempt.
 */
export class WebhookDispatcher {
  private running: Promise<void> | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;

  constructor(private readonly opts: DispatcherOptions) {}

  private get timeoutMs() {
    return this.opts.timeoutMs ?? 10_000;
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** Lets the round in hand finish (its attempts are logged), then returns. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    const batch = this.opts.batchSize ?? 20;
    while (!this.stopped) {
      let sent = 0;
      try {
        sent = await this.round(batch);
      } catch (e) {
        this.opts.logger?.warn("webhook round failed", {
          error: (e as Error).name,
          message: (e as Error).message,
        });
      }
      if (sent < batch && !this.stopped)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.opts.pollMs ?? 1_000);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
    }
  }

  /** Claims and sends one batch of due deliveries; how many. */
  async round(batch: number): Promise<number> {
    const claimed = await this.claim(batch);
    if (claimed.length === 0) return 0;
    const { db, cipher } = this.opts;
    const hooks = await db
      .select({
        id: webhooks.id,
        url: webhooks.url,
        secretEnc: webhooks.secretEnc,
        // Only while its window lasts, by the database's clock as the rotation set it.
        previousSecretEnc: sql<
          string | null
        >`case when ${webhooks.previousSecretExpiresAt} > now() then ${webhooks.previousSecretEnc} end`,
        legacySignature: webhooks.legacySignature,
      })
      .from(webhooks)
      .where(inArray(webhooks.id, [...new Set(claimed.map((c) => c.webhookId))]));
    const items = await db
      .select()
      .from(flowbackItems)
      .where(inArray(flowbackItems.id, [...new Set(claimed.map((c) => c.itemId))]));
    const hookOf = new Map(hooks.map((h) => [h.id, h]));
    const itemOf = new Map(items.map((i) => [i.id, i]));
    await Promise.all(
      claimed.map(async (d) => {
        const hook = hookOf.get(d.webhookId)!;
        const item = itemOf.get(d.itemId)!;
        const body = JSON.stringify({
          id: d.id,
          type: item.kind,
          createdAt: d.createdAt.toISOString(),
          data: presentItem(item),
        });
        const secret = cipher.decrypt(hook.secretEnc);
        const signing: Signing = {
          secrets: hook.previousSecretEnc ? [secret, cipher.decrypt(hook.previousSecretEnc)] : [secret],
          ...(hook.legacySignature ? { legacySecret: secret } : {}),
        };
        const outcome = await this.send(hook.url, signing, d.id, body);
        await this.record(d, outcome);
      }),
    );
    return claimed.length;
  }

  private async claim(batch: number): Promise<Claimed[]> {
    const leaseMs = this.timeoutMs + 30_000;
    const rows = rowsOf<{
      id: string;
      lease: string;
      attempts: number;
      webhook_id: string;
      item_id: string;
      created_at: string | Date;
    }>(
      await this.opts.db.execute(sql`
        with due as (
          select id from gm_webhook_deliveries
          where status = 'pending' and next_attempt_at <= now()
          order by next_attempt_at limit ${batch}
          for update skip locked)
        update gm_webhook_deliveries d
        set lease = gen_random_uuid(), attempts = d.attempts + 1,
            next_attempt_at = now() + make_interval(secs => ${leaseMs / 1000})
        from due where d.id = due.id
        returning d.id, d.lease, d.attempts, d.webhook_id, d.item_id, d.created_at`),
    );
    return rows.map((r) => ({
      id: r.id,
      lease: r.lease,
      attempts: r.attempts,
      webhookId: r.webhook_id,
      itemId: r.item_id,
      createdAt: new Date(r.created_at),
    }));
  }

  /**
   * One attempt: resolves the URL's host once, refuses it unless every address is allowed (no
   * connection at all then), and connects to that very address (the host name still in the Host
   * header and the TLS server name), so a rebinding between the check and the connection cannot
   * happen. A redirect is not followed: it would send the signed body where the market did not say.
   */
  private async send(url: string, signing: Signing, id: string, body: string): Promise<Outcome> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      const target = await Promise.race([
        vetWebhookTarget(url, this.opts.targets),
        new Promise<never>((_, reject) =>
          signal.addEventListener("abort", () => reject(signal.reason), { once: true }),
        ),
      ]);
      if (!target.ok) return { statusCode: null, durationMs: elapsed(), error: REFUSED_TARGET };
      const timestamp = Math.floor(Date.now() / 1000);
      const status = await post(target, body, signal, {
        "content-type": "application/json",
        "user-agent": "pes-gig-market-webhooks/1",
        ...signedHeaders(signing.secrets, id, timestamp, body, signing.legacySecret),
      });
      const ok = status >= 200 && status < 300;
      return { statusCode: status, durationMs: elapsed(), error: ok ? null : `HTTP ${status}` };
    } catch (e) {
      return { statusCode: null, durationMs: elapsed(), error: describeFailure(e, this.timeoutMs) };
    }
  }

  private async record(d: Claimed, outcome: Outcome): Promise<void> {
    const { db, backoff, logger } = this.opts;
    const ok = outcome.error === null;
    const last = d.attempts >= backoff.maxAttempts;
    await db.transaction(async (tx) => {
      await tx.insert(webhookAttempts).values({ deliveryId: d.id, ...outcome });
      // Only under its own lease: a redelivery or a deletion meanwhile decides instead.
      const mine = and(eq(webhookDeliveries.id, d.id), eq(webhookDeliveries.lease, d.lease));
      const set = ok
        ? { status: "delivered" as const, deliveredAt: sql`now()` }
        : last
          ? { status: "failed" as const }
          : {
              nextAttemptAt: sql`now() + make_interval(secs => ${retryDelayMs(d.attempts, backoff.baseMs) / 1000})`,
            };
      await tx
        .update(webhookDeliveries)
        .set({ ...set, lease: null })
        .where(mine);
    });
    // Ids, codes and timings only: never the body or the URL (which may carry the receiver's token).
    const fields = { deliveryId: d.id, webhookId: d.webhookId, attempt: d.attempts, ...outcome };
    if (ok) logger?.info("webhook delivered", fields);
    else logger?.warn(last ? "webhook failed" : "webhook attempt failed", fields);
    this.opts.onOutcome?.(ok ? "delivered" : last ? "failed" : "retry");
  }
}

/** POSTs `body` to the vetted address; the answer's status (its body is not read). */
function post(
  target: { url: URL; address: string; family: 4 | 6 },
  body: string,
  signal: AbortSignal,
  headers: Record<string, string>,
): Promise<number> {
  // Whatever the connection asks (one address or all of them), the answer is the vetted address.
  const pinned = ((_host, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as LookupFunction;
  const request = target.url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(target.url, {
      method: "POST",
      headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
      lookup: pinned,
      // A fresh connection each time: no pooled socket outlives the check it was made under.
      agent: false,
      signal,
    });
    req.once("response", (res) => {
      resolve(res.statusCode ?? 0);
      res.destroy();
    });
    req.once("error", reject);
    req.end(body);
  });
}

/** A short, body-free reason: the timeout, or the network error's code. */
function describeFailure(e: unknown, timeoutMs: number): string {
  const err = e as {
    name?: string;
    code?: string;
    message?: string;
    cause?: { code?: string; message?: string };
  };
  if (err.name === "TimeoutError" || err.name === "AbortError") return `timed out after ${timeoutMs} ms`;
  if (err.code && err.code !== "ABORT_ERR") return err.code;
  if (err.cause?.code) return err.cause.code;
  return `${err.name ?? "Error"}: ${err.cause?.message ?? err.message ?? ""}`.slice(0, 200);
}
