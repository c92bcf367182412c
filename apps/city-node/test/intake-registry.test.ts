import type { Database } from "@pes/sync/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  atomically,
  type IntakeContext,
  type IntakeKindName,
  intakeOf,
} from "../src/use-cases/intake/index.js";
import { bodies, idNumber, type LedgerNode, ledgerNode, personBlock } from "./support/index.js";

// The intake registry as a batch will use it (issue 17 #3): items dispatched by kind to the same code
// as the single routes, each in a savepoint of one transaction; a refused item leaves nothing behind
// and does not stop the others.

let node: LedgerNode;
beforeAll(async () => {
  node = await ledgerNode("intakereg");
});
afterAll(async () => node?.close());

/** The context a batch of the 思明 clerk runs with, on `db`. */
function contextOn(db: Database): IntakeContext {
  const { config, vault, publisher } = node.services;
  return {
    db,
    cityCode: config.cityCode,
    vault,
    publisher,
    staffId: node.staff.simingClerk.staffId,
    requestId: "batch-test",
    purpose: "batch import",
    caller: {
      staffId: node.staff.simingClerk.staffId,
      role: "clerk",
      divisionCode: "350203",
      servicePointId: null,
    },
  };
}

describe("the intake registry in savepoints (as a batch runs it)", () => {
  it("applies good items, refuses bad ones whole, and audits the one outside the area", async () => {
    const huliPerson = idNumber();
    // A person of 湖里, known to the node: outside the 思明 clerk's area.
    expect(
      (
        await node.post(
          "/v1/service-records",
          bodies.service(personBlock(huliPerson, "350206001001")),
          node.staff.huliClerk,
        )
      ).status,
    ).toBe(201);
    const first = { ...bodies.service(), sourceRecordId: "B-1" };
    const items: { kind: IntakeKindName; record: unknown }[] = [
      { kind: "service-record", record: first },
      { kind: "training-record", record: { ...bodies.training(), stage: "graduated" } },
      {
        kind: "service-record",
        record: { ...bodies.service(personBlock(huliPerson)), sourceRecordId: "B-3" },
      },
      { kind: "key-group-membership", record: { ...bodies.keyGroup(), group: "registered-unemployed" } },
      // The same record again (a retry inside the batch): unchanged.
      { kind: "service-record", record: { ...first } },
      // The same source id about another person: a record stays with its person.
      { kind: "service-record", record: { ...bodies.service(), sourceRecordId: "B-1" } },
      { kind: "training-record", record: { ...bodies.training(), sourceRecordId: "B-6" } },
    ];
    const before = await node.counts([
      "service_records",
      "training_records",
      "key_group_memberships",
      "pes_outbox",
    ]);
    const results = await node.db.db.transaction(async (tx) => {
      const ctx = contextOn(tx);
      const out: { status: string; id?: string; code?: string; paths?: string[] }[] = [];
      for (const item of items) {
        const intake = intakeOf(item.kind);
        const parsed = intake.input.safeParse(item.record);
        if (!parsed.success) {
          out.push({ status: "invalid", paths: parsed.error.issues.map((i) => i.path.join(".")) });
          continue;
        }
        const input = parsed.data;
        try {
          const applied = await atomically(
            ctx,
            { entity: intake.entity, named: intake.names?.(input) },
            (sp) => intake.apply(sp, input),
          );
          out.push({ status: applied.outcome, id: applied.id });
        } catch (e) {
          out.push({ status: "refused", code: (e as { code?: string }).code ?? String(e) });
        }
      }
      return out;
    });
    expect(results, JSON.stringify(results)).toEqual([
      { status: "created", id: expect.any(String) },
      { status: "invalid", paths: ["stage"] },
      { status: "refused", code: "person-not-found" },
      { status: "refused", code: "invalid-key-group-membership" },
      { status: "unchanged", id: results[0]!.id },
      { status: "refused", code: "person-fixed" },
      { status: "created", id: expect.any(String) },
    ]);
    const after = await node.counts([
      "service_records",
      "training_records",
      "key_group_memberships",
      "pes_outbox",
    ]);
    expect(after).toEqual({
      service_records: before.service_records! + 1,
      training_records: before.training_records! + 1,
      key_group_memberships: before.key_group_memberships,
      pes_outbox: before.pes_outbox! + 2,
    });
    const denied = await node.rows<{ action: string; request_id: string }>(
      "select action, request_id from audit_log where action = 'deny' and request_id = 'batch-test'",
    );
    expect(denied).toHaveLength(1);
  });
});
