import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodies, idNumber, type LedgerNode, ledgerNode, personBlock } from "./support/index.js";

let node: LedgerNode;
beforeAll(async () => {
  node = await ledgerNode("intaketrain");
});
afterAll(async () => node?.close());

const enrolled = (person = personBlock()) => ({
  person,
  kind: "employment-skills",
  course: "电工（中级）",
  stage: "enrolled",
  enrolledOn: "2025-04-01",
  subsidised: true,
});

describe("training revisions (培训记录: enrolled → completed → certified)", () => {
  it("revises a training by id to completed, then certified, each a new revision published", async () => {
    const person = personBlock(idNumber());
    const created = await node.post("/v1/training-records", enrolled(person));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.headers.get("etag")).toBe('"1"');
    const id = String(created.body.id);

    let completed!: Awaited<ReturnType<LedgerNode["put"]>>;
    const rows = await node.published(async () => {
      completed = await node.put(`/v1/training-records/${id}`, {
        ...enrolled(person),
        stage: "completed",
        completedOn: "2025-05-31",
        passed: true,
      });
    });
    expect(completed.status, JSON.stringify(completed.body)).toBe(200);
    expect(completed.body).toMatchObject({ id, revision: 2, stage: "completed" });
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.payload)).toMatchObject({ id, revision: 2, stage: "completed" });

    const certified = await node.put(
      `/v1/training-records/${id}`,
      {
        ...bodies.training(person),
      },
      undefined,
      { "if-match": '"2"' },
    );
    expect(certified.status, JSON.stringify(certified.body)).toBe(200);
    expect(certified.body).toMatchObject({ id, revision: 3, certificate: true });

    const stale = await node.put(`/v1/training-records/${id}`, bodies.training(person), undefined, {
      "if-match": '"2"',
    });
    expect(stale.status).toBe(409);

    const back = await node.put(`/v1/training-records/${id}`, enrolled(person));
    expect(back.status).toBe(422);
    expect(back.body.errors!.map((e) => e.path)).toContain("stage");
  });

  it("takes a sourceRecordId: the same content is a no-op, other content revision 2", async () => {
    const person = personBlock(idNumber());
    const body = { ...enrolled(person), sourceRecordId: "XM-PX-1" };
    const first = await node.post("/v1/training-records", body);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const again = await node.published(async () => {
      const res = await node.post("/v1/training-records", body);
      expect(res.status).toBe(200);
      expect(res.headers.get("idempotent-replayed")).toBe("true");
      expect(res.body).toEqual(first.body);
    });
    expect(again).toHaveLength(0);
    const revised = await node.post("/v1/training-records", {
      ...body,
      stage: "completed",
      completedOn: "2025-05-31",
    });
    expect(revised.status, JSON.stringify(revised.body)).toBe(200);
    expect(revised.body).toMatchObject({ id: first.body.id, revision: 2, stage: "completed" });
  });
});
