import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { provider, skillsPolicy, type VoucherHub, voucherHub } from "../support/index.js";

let hub: VoucherHub;
beforeAll(async () => {
  hub = await voucherHub("vpolicies");
  for (const p of [
    provider("xm-siming", "gig-market", [hub.gatewayId]),
    provider("xm-tech-school", "training-school"),
  ])
    expect((await hub.post("/v1/voucher-providers", p)).status).toBe(201);
});
afterAll(async () => hub?.close());

describe("voucher providers", () => {
  it("keeps the settlement account encrypted and shows it masked", async () => {
    const list = await hub.get("/v1/voucher-providers");
    expect(list.status).toBe(200);
    const market = list.body.items.find((p: { id: string }) => p.id === "xm-siming");
    expect(market).toMatchObject({
      kind: "gig-market",
      settlementAccount: { accountNumberMasked: "6222***********5678" },
    });
    expect(list.text).not.toContain("6222020400012345678");
    const [row] = await hub.query<{ account_enc: string }>(
      (await import("drizzle-orm")).sql`select account_enc from hub_voucher_providers where id = 'xm-siming'`,
    );
    expect(row!.account_enc).not.toContain("6222020400012345678");
  });

  it("refuses a second provider with the same id (409)", async () => {
    const again = await hub.post("/v1/voucher-providers", provider("xm-siming"));
    expect(again.status).toBe(409);
    expect(again.body.type).toMatch(/voucher-provider-exists$/);
  });

  it.each([
    ["no id", { ...provider("a1"), id: undefined }, "id"],
    ["a gig market whose id is not a market id", provider("XM_Market"), "id"],
    ["an unknown kind", { ...provider("a2"), kind: "bank" }, "kind"],
    [
      "an account number with letters",
      {
        ...provider("a3"),
        settlementAccount: { ...provider("a3").settlementAccount, accountNumber: "62x2" },
      },
      "settlementAccount.accountNumber",
    ],
    ["an empty name", { ...provider("a4"), name: " " }, "name"],
  ])("answers 400 with the field path for %s", async (_, body, path) => {
    const res = await hub.post("/v1/voucher-providers", body);
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/problem\+json/);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });
});

describe("voucher policies", () => {
  it("adds, reads, lists and changes a policy", async () => {
    const added = await hub.post(
      "/v1/voucher-policies",
      skillsPolicy("xm-skills", ["xm-siming", "xm-tech-school"]),
    );
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ id: "xm-skills", amountFen: 100_000, validDays: 90 });
    expect((await hub.get("/v1/voucher-policies/xm-skills")).body.name).toBe("职业技能培训补贴券");
    expect((await hub.get("/v1/voucher-policies")).body.items.map((p: { id: string }) => p.id)).toContain(
      "xm-skills",
    );
    const changed = await hub.patch("/v1/voucher-policies/xm-skills", {
      validDays: 60,
      eligibleProviders: ["xm-siming"],
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      validDays: 60,
      eligibleProviders: ["xm-siming"],
      amountFen: 100_000,
    });
    expect((await hub.get("/v1/voucher-policies/nope")).status).toBe(404);
    expect((await hub.post("/v1/voucher-policies", skillsPolicy("xm-skills", ["xm-siming"]))).status).toBe(
      409,
    );
  });

  it.each([
    ["an amount in yuan with decimals", { amountFen: 1000.5 }, "amountFen"],
    ["a zero amount", { amountFen: 0 }, "amountFen"],
    ["an unknown key group", { eligibleGroups: ["students"] }, "eligibleGroups.0"],
    ["no key group", { eligibleGroups: [] }, "eligibleGroups"],
    ["no provider", { eligibleProviders: [] }, "eligibleProviders"],
    [
      "a window that ends before it starts",
      { issueFrom: "2026-05-01", issueUntil: "2026-04-01" },
      "issueUntil",
    ],
    ["a date that does not exist", { issueFrom: "2026-02-30" }, "issueFrom"],
    ["zero valid days", { validDays: 0 }, "validDays"],
    ["an unknown service kind", { serviceKind: "haircut" }, "serviceKind"],
  ])("answers 400 with the field path for %s", async (_, change, path) => {
    const res = await hub.post("/v1/voucher-policies", skillsPolicy("p-bad", ["xm-siming"], change));
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it.each([
    ["skills training above 1,000 yuan", { amountFen: 100_001 }, "amountFen"],
    [
      "an apprenticeship below 4,000 yuan",
      { serviceKind: "apprenticeship", amountFen: 300_000 },
      "amountFen",
    ],
    [
      "a skills certificate above 3,000 yuan",
      { serviceKind: "skills-certificate", amountFen: 300_100 },
      "amountFen",
    ],
    [
      "a provider the hub does not know",
      { eligibleProviders: ["xm-siming", "ghost-school"] },
      "eligibleProviders.1",
    ],
  ])("answers 422 for %s (annex 1 standards, known providers)", async (_, change, path) => {
    const res = await hub.post("/v1/voucher-policies", skillsPolicy("p-rule", ["xm-siming"], change));
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([path]);
  });

  it("accepts the annex amounts: entrepreneurship 1,500, certificate 500–3,000, apprenticeship 4,000–6,000 yuan", async () => {
    for (const [id, serviceKind, amountFen] of [
      ["p-ent", "entrepreneurship-training", 150_000],
      ["p-cert", "skills-certificate", 50_000],
      ["p-app", "apprenticeship", 600_000],
      ["p-gig", "gig-work-introduction", 20_000],
    ] as const)
      expect(
        (await hub.post("/v1/voucher-policies", skillsPolicy(id, ["xm-siming"], { serviceKind, amountFen })))
          .status,
      ).toBe(201);
  });

  it("checks a change against the rules too", async () => {
    const res = await hub.patch("/v1/voucher-policies/xm-skills", { amountFen: 200_000 });
    expect(res.status).toBe(422);
    expect((await hub.patch("/v1/voucher-policies/xm-skills", {})).status).toBe(400);
    expect(
      (await hub.patch("/v1/voucher-policies/xm-skills", { issueUntil: "2025-01-01" })).body.errors[0].path,
    ).toBe("issueUntil");
  });
});

describe("who may do what", () => {
  it("lets a viewer read but not write (403)", async () => {
    expect((await hub.get("/v1/voucher-policies", hub.as.viewer)).status).toBe(200);
    for (const [method, path, body] of [
      ["POST", "/v1/voucher-policies", skillsPolicy("p-v", ["xm-siming"])],
      ["PATCH", "/v1/voucher-policies/xm-skills", { validDays: 5 }],
      ["POST", "/v1/voucher-providers", provider("v-market")],
      ["POST", "/v1/voucher-expiry-runs", {}],
      ["POST", "/v1/voucher-settlements", { providerId: "xm-siming", through: "2026-01-31" }],
    ] as const) {
      const res = await hub.call(method, path, hub.as.viewer, body);
      expect(res.status, `${method} ${path}`).toBe(403);
    }
  });

  it("confines a gateway to reading, claiming and redeeming vouchers", async () => {
    const refused = [
      ["GET", "/v1/voucher-policies"],
      ["GET", "/v1/vouchers"],
      ["GET", "/v1/voucher-reconciliation?period=2026-01"],
      ["GET", "/v1/warnings"],
      ["GET", "/v1/operators"],
      ["POST", "/v1/voucher-policies"],
      ["POST", "/v1/vouchers/00000000-0000-4000-8000-000000000000/revocation"],
      ["GET", "/v1/vouchers/00000000-0000-4000-8000-000000000000/trail"],
    ] as const;
    for (const [method, path] of refused) {
      const res = await hub.call(method, path, hub.as.gateway, method === "GET" ? undefined : {});
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    const id = "00000000-0000-4000-8000-000000000000";
    expect((await hub.get(`/v1/vouchers/${id}`, hub.as.gateway)).status).toBe(404);
    const body = { providerId: "xm-siming", personKey: `pk_${"a".repeat(32)}` };
    expect((await hub.post(`/v1/vouchers/${id}/redemption`, body, hub.as.gateway)).status).toBe(404);
  });

  it("lets an admin add a gateway operator", async () => {
    const res = await hub.post(
      "/v1/operators",
      { name: "xm-siming 零工市场网关", role: "gateway" },
      hub.as.admin,
    );
    expect(res.status).toBe(201);
    expect(res.body.role).toBe("gateway");
  });
});
