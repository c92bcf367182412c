import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { application, HULI_STREET, type TestNode, testApp } from "./support/index.js";

type Node = TestNode;
let node: Node;
const siming: string[] = [];
let huliId: string;

beforeAll(async () => {
  node = await testApp("desklist");
  for (let i = 0; i < 3; i++)
    siming.push(String((await node.post("/v1/unemployment-registrations", application())).body.id));
  const huli = application();
  huli.person.divisionCode = `${HULI_STREET}002`;
  huliId = String((await node.post("/v1/unemployment-registrations", huli, node.staff.huliClerk)).body.id);
});
afterAll(async () => node?.close());

type Page = { items: { id: string; person: { masked: boolean; idNumber: string } }[]; next: string | null };

describe("listing registrations", () => {
  it("shows a clerk only the persons of their jurisdiction, masked, page by page", async () => {
    const first = (await node.get("/v1/unemployment-registrations?limit=2")).body as unknown as Page;
    expect(first.items).toHaveLength(2);
    expect(first.next).not.toBeNull();
    const second = (await node.get(`/v1/unemployment-registrations?limit=2&cursor=${first.next}`))
      .body as unknown as Page;
    const ids = [...first.items, ...second.items].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual([...siming].sort());
    expect(second.next).toBeNull();
    for (const item of [...first.items, ...second.items]) {
      expect(item.person.masked).toBe(true);
      expect(item.person.idNumber).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    }
  });

  it("pages rows created within one millisecond without skipping any", async () => {
    // Microseconds apart, as two desks can be: the cursor must not round them to the millisecond.
    await node.db.db.execute(sql`update unemployment_registrations r
      set created_at = '2025-05-05 10:00:00.123100+08'::timestamptz + x.n * interval '300 microseconds'
      from (select id, row_number() over (order by id) as n from unemployment_registrations
        where id = any(${sql.param(siming)}::uuid[])) as x
      where r.id = x.id`);
    const seen: string[] = [];
    let next: string | null = "";
    for (let pages = 0; next !== null && pages < 10; pages++) {
      const page = (await node.get(`/v1/unemployment-registrations?limit=1${next ? `&cursor=${next}` : ""}`))
        .body as unknown as Page;
      seen.push(...page.items.map((r) => r.id));
      next = page.next;
    }
    expect(seen.sort()).toEqual([...siming].sort());
  });

  it("shows the other district's clerk only theirs, and the city admin everyone", async () => {
    const huli = (await node.get("/v1/unemployment-registrations", node.staff.huliClerk))
      .body as unknown as Page;
    expect(huli.items.map((r) => r.id)).toEqual([huliId]);
    const all = (await node.get("/v1/unemployment-registrations", node.staff.admin)).body as unknown as Page;
    expect(all.items.map((r) => r.id).sort()).toEqual([...siming, huliId].sort());
  });

  it("filters by state, and refuses a cursor it did not issue", async () => {
    await node.post(`/v1/unemployment-registrations/${siming[0]}/register`, { registeredOn: "2025-09-29" });
    const registered = (await node.get("/v1/unemployment-registrations?state=registered"))
      .body as unknown as Page;
    expect(registered.items.map((r) => r.id)).toEqual([siming[0]]);
    expect((await node.get("/v1/unemployment-registrations?cursor=bm9wZQ")).status).toBe(422);
    expect((await node.get("/v1/unemployment-registrations?limit=0")).status).toBe(400);
  });
});
