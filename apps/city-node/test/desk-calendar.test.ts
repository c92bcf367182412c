import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { application, idNumber, type TestNode, testApp } from "./support/index.js";

/** The node's wall clock, set by each test: "today" must be China's date (UTC+8), never UTC's. */
let now = new Date("2025-10-16T12:00:00Z");
type Node = TestNode;
let node: Node;
beforeAll(async () => {
  node = await testApp("deskcal", { clock: () => now });
});
afterAll(async () => node?.close());

type Page = { items: { id: string }[] };
const overdueIds = async () =>
  (
    (await node.get("/v1/unemployment-registrations?overdue=true&limit=200")).body as unknown as Page
  ).items.map((r) => r.id);

describe("the 10-working-day deadline (办结时限) at the desk", () => {
  it("counts 2026 by the State Council's 2026 schedule, not provisional", async () => {
    // Tue 2026-02-10: 2-14 (Sat) and 2-28 (Sat) are worked, 2-15..2-23 are the Spring Festival.
    const res = await node.post(
      "/v1/unemployment-registrations",
      application(idNumber(), { appliedOn: "2026-02-10" }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ dueBy: "2026-03-02", deadlineProvisional: false });
  });

  it("says a deadline is provisional when it reaches a year without a schedule (the first day after the limit)", async () => {
    const last = await node.post(
      "/v1/unemployment-registrations",
      application(idNumber(), { appliedOn: "2026-12-17" }),
    );
    expect(last.body).toMatchObject({ dueBy: "2026-12-31", deadlineProvisional: false });
    const first = await node.post(
      "/v1/unemployment-registrations",
      application(idNumber(), { appliedOn: "2026-12-18" }),
    );
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ dueBy: "2027-01-01", deadlineProvisional: true });
    const read = await node.get(`/v1/unemployment-registrations/${first.body.id}`);
    expect(read.body).toMatchObject({ deadlineProvisional: true });
  });

  it("lists as overdue from China's midnight, not UTC's", async () => {
    // Applied Fri 2025-09-26: due Thu 2025-10-16 (see desk-unemployment.test.ts).
    const res = await node.post(
      "/v1/unemployment-registrations",
      application(idNumber(), { appliedOn: "2025-09-26" }),
    );
    expect(res.body).toMatchObject({ dueBy: "2025-10-16" });
    // 23:59 in China on the due day (15:59 UTC): not yet overdue.
    now = new Date("2025-10-16T15:59:00Z");
    expect(await overdueIds()).not.toContain(res.body.id);
    // 00:30 in China the next day, still 10-16 in UTC: overdue.
    now = new Date("2025-10-16T16:30:00Z");
    expect(await overdueIds()).toContain(res.body.id);
  });

  it("takes an application on China's date when none is given", async () => {
    // 00:30 on 1 January 2026 in China, still 31 December 2025 in UTC.
    now = new Date("2025-12-31T16:30:00Z");
    const res = await node.post("/v1/unemployment-registrations", {
      ...application(idNumber()),
      appliedOn: undefined,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    // Thu 2026-01-01 (元旦, 1-03 rest, Sun 1-04 worked): 1-04, 5, 6, 7, 8, 9, 12, 13, 14, 15.
    expect(res.body).toMatchObject({
      appliedOn: "2026-01-01",
      dueBy: "2026-01-15",
      deadlineProvisional: false,
    });
  });
});
