import { flowbackReceipts } from "@pes/sync";
import { waitFor } from "@pes/sync/testing";
import { sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flowbackHandler } from "../src/streams/flowback.js";
import { WebhookDispatcher } from "../src/use-cases/webhooks/dispatcher.js";
import {
  type GigApp,
  person,
  type Received,
  startReceiver,
  testApp,
  topicOf,
  voucher,
  workNeeded,
} from "./support/index.js";

// Real deliveries from the running dispatcher to a local HTTP receiver, each checked by the
// Standard Webhooks reference library (standardwebhooks), not by the market's own code.

let gig: GigApp;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let dispatcher: WebhookDispatcher;

beforeAll(async () => {
  gig = await testApp("stdwebhooks", { webhookAllowHosts: ["127.0.0.1"] });
  receiver = await startReceiver();
  dispatcher = new WebhookDispatcher({
    db: gig.db.db,
    cipher: gig.services.cipher,
    backoff: { baseMs: 20, maxAttempts: 5 },
    targets: gig.services.webhookTargets,
    timeoutMs: 2_000,
    pollMs: 20,
  });
  dispatcher.start();
});

afterAll(async () => {
  await dispatcher?.stop();
  await receiver?.close();
  await gig?.close();
});

const wang = person("王芳");

async function notice(kind: "work-needed-notice" | "voucher-notice") {
  const marketId = gig.ids.siming;
  const data = kind === "voucher-notice" ? voucher(marketId, wang) : workNeeded(marketId, wang);
  await gig.db.db.transaction((tx) =>
    flowbackHandler(gig.services.cipher, flowbackReceipts(gig.services.trust))(tx, {
      topic: topicOf(marketId),
      data,
      definition: { name: kind },
    } as never),
  );
}

async function subscribe(path: string) {
  const res = await gig.post("/v1/webhooks", { url: receiver.url(path) });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; secret: string };
}

/** What standardwebhooks' Webhook.verify says of a received request: the parsed body, or its error. */
function verdict(secret: string, r: Received): unknown {
  try {
    return new Webhook(secret).verify(r.body, r.headers as Record<string, string>);
  } catch (e) {
    return (e as Error).message;
  }
}

const arrivedAt = (path: string, n: number) =>
  waitFor(() => (receiver.of(path).length >= n ? receiver.of(path) : undefined), {
    what: `${n} requests at ${path}`,
  });

describe("Standard Webhooks deliveries", () => {
  it("every delivery, retries included, verifies with the standardwebhooks library", async () => {
    const steady = await subscribe("/ok/std");
    const flaky = await subscribe("/flaky/std");
    for (const kind of [
      "voucher-notice",
      "work-needed-notice",
      "voucher-notice",
      "work-needed-notice",
    ] as const)
      await notice(kind);
    // 4 items to each: 4 at /ok, and at /flaky 2 refused attempts then the success for each delivery.
    const steadyGot = await arrivedAt("/ok/std", 4);
    const flakyGot = await arrivedAt("/flaky/std", 12);
    expect(new Set(flakyGot.map((r) => r.headers["webhook-id"])).size).toBe(4);
    for (const r of steadyGot) {
      expect(verdict(steady.secret, r)).toMatchObject({
        id: r.headers["webhook-id"],
        data: expect.any(Object),
      });
      expect(verdict(flaky.secret, r)).toBe("No matching signature found");
      expect(Object.keys(r.headers).filter((h) => h.startsWith("pes-webhook"))).toEqual([]);
    }
    for (const r of flakyGot) expect(verdict(flaky.secret, r)).toMatchObject({ id: r.headers["webhook-id"] });
    await gig.del(`/v1/webhooks/${steady.id}`);
    await gig.del(`/v1/webhooks/${flaky.id}`);
  });

  it("after a rotation signs with both secrets for the window, then with the new one only", async () => {
    const hook = await subscribe("/ok/rotation");
    const rotated = await gig.post(`/v1/webhooks/${hook.id}/secret`, undefined);
    expect(rotated.status, rotated.text).toBe(200);
    const until = Date.parse(rotated.body.previousSecretExpiresAt);
    expect(until - Date.parse(rotated.body.secretRotatedAt)).toBe(86_400_000);
    expect(rotated.body.secret).not.toBe(hook.secret);

    await notice("voucher-notice");
    const [during] = await arrivedAt("/ok/rotation", 1);
    expect((during!.headers["webhook-signature"] as string).split(" ")).toHaveLength(2);
    expect(verdict(rotated.body.secret, during!)).toMatchObject({ type: "voucher-notice" });
    expect(verdict(hook.secret, during!)).toMatchObject({ type: "voucher-notice" });

    // The window has passed (as 24 h later), not waited for.
    await gig.db.db.execute(
      sql`update gm_webhooks set previous_secret_expires_at = now() - interval '1 second' where id = ${hook.id}`,
    );
    await notice("voucher-notice");
    const after = (await arrivedAt("/ok/rotation", 2))[1]!;
    expect((after.headers["webhook-signature"] as string).split(" ")).toHaveLength(1);
    expect(verdict(rotated.body.secret, after)).toMatchObject({ type: "voucher-notice" });
    expect(verdict(hook.secret, after)).toBe("No matching signature found");
    expect((await gig.get(`/v1/webhooks/${hook.id}`)).body.previousSecretExpiresAt).toEqual(
      expect.any(String),
    );
    await gig.del(`/v1/webhooks/${hook.id}`);
  });

  it("keeps the old pes-webhook-* headers for a subscription made before, until it rotates", async () => {
    const hook = await subscribe("/ok/legacy");
    // As the migration marks every subscription that existed before Standard Webhooks.
    await gig.db.db.execute(sql`update gm_webhooks set legacy_signature = true where id = ${hook.id}`);
    await notice("work-needed-notice");
    const [before] = await arrivedAt("/ok/legacy", 1);
    expect(verdict(hook.secret, before!)).toMatchObject({ type: "work-needed-notice" });
    expect(before!.headers["pes-webhook-id"]).toBe(before!.headers["webhook-id"]);
    expect(before!.headers["pes-webhook-signature"]).toMatch(/^v1=[0-9a-f]{64}$/);

    const rotated = await gig.post(`/v1/webhooks/${hook.id}/secret`, undefined);
    await notice("work-needed-notice");
    const after = (await arrivedAt("/ok/legacy", 2))[1]!;
    expect(after.headers["pes-webhook-signature"]).toBeUndefined();
    expect(verdict(rotated.body.secret, after)).toMatchObject({ type: "work-needed-notice" });
    expect(verdict(hook.secret, after)).toMatchObject({ type: "work-needed-notice" });
    await gig.del(`/v1/webhooks/${hook.id}`);
  });

  it("stops the old secret at once when the window is 0", async () => {
    const app = await testApp("stdwebhooks0", {
      webhookAllowHosts: ["127.0.0.1"],
      webhookSecretOverlapSeconds: 0,
    });
    try {
      const created = await app.post("/v1/webhooks", { url: receiver.url("/ok/zero") });
      const rotated = await app.post(`/v1/webhooks/${created.body.id}/secret`, undefined);
      expect(rotated.status, rotated.text).toBe(200);
      expect(rotated.body.previousSecretExpiresAt).toBeNull();
    } finally {
      await app.close();
    }
  });
});
