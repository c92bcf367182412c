import { describe, expect, it } from "vitest";
import { type AckedWrite, type CheckInput, check, type HubApplied, type TopicEntry } from "../src/checker.js";

// One person, one record written three times (apply, register, close), and a second person.
const A = "person-a";
const B = "person-b";
const acked: AckedWrite[] = [
  { personKey: A, seq: 1, recordId: "r1", revision: 1 },
  { personKey: A, seq: 2, recordId: "r1", revision: 2 },
  { personKey: A, seq: 3, recordId: "r1", revision: 3 },
  { personKey: B, seq: 1, recordId: "r2", revision: 1 },
];
const entry = (
  personKey: string,
  recordId: string,
  revision: number,
  offset: number,
  eventId?: string,
): TopicEntry => ({
  personKey,
  recordId,
  revision,
  eventId: eventId ?? `e-${recordId}-${revision}`,
  partition: 0,
  offset: BigInt(offset),
});
const topic = [entry(A, "r1", 1, 0), entry(B, "r2", 1, 1), entry(A, "r1", 2, 2), entry(A, "r1", 3, 3)];
const applied = (eventId: string, at: number, offset: number): HubApplied => ({
  eventId,
  partition: 0,
  offset: BigInt(offset),
  appliedAt: at,
});
const hubApplied = [
  applied("e-r1-1", 10, 0),
  applied("e-r2-1", 10, 1),
  applied("e-r1-2", 11, 2),
  applied("e-r1-3", 11, 3),
];
const hubRows = [
  { recordId: "r1", personKey: A, revision: 3 },
  { recordId: "r2", personKey: B, revision: 1 },
];
const clean: CheckInput = { acked, topic, hubRows, hubApplied };

describe("the fault checker", () => {
  it("finds nothing wrong when every acknowledged write is on the topic and applied once, in order", () => {
    expect(check(clean)).toEqual({
      acknowledged: 4,
      onTopic: 4,
      applied: 4,
      lost: 0,
      duplicated: 0,
      reordered: 0,
      redelivered: 0,
      persons: [],
    });
  });

  it("counts a re-publication with the same event id as redelivered, not duplicated", () => {
    const report = check({ ...clean, topic: [...topic, entry(A, "r1", 2, 4)] });
    expect(report).toMatchObject({ redelivered: 1, duplicated: 0, reordered: 0, lost: 0 });
  });

  it("reports an acknowledged write absent at the hub as lost", () => {
    const report = check({
      ...clean,
      hubRows: [hubRows[0]!],
      hubApplied: hubApplied.filter((a) => a.eventId !== "e-r2-1"),
    });
    expect(report).toMatchObject({ lost: 1, applied: 3 });
    expect(report.persons).toEqual([
      { personKey: B, lost: ["r2@1 absent at the hub"], duplicated: [], reordered: [] },
    ]);
  });

  it("reports the last revision lost when the hub keeps an older one", () => {
    const report = check({ ...clean, hubRows: [{ ...hubRows[0]!, revision: 2 }, hubRows[1]!] });
    expect(report.lost).toBe(1);
    expect(report.persons[0]!.lost).toEqual(["r1@3 (hub holds revision 2)"]);
  });

  it("takes a write superseded by a newer revision at the hub as kept, not lost", () => {
    // The hub saw revisions 1 and 3 only (2 and 3 in one chunk: 2 is in the inbox but never became the row).
    const report = check({ ...clean, hubApplied: hubApplied.filter((a) => a.eventId !== "e-r1-2") });
    expect(report).toMatchObject({ lost: 0, applied: 3 });
  });

  it("reports one revision applied twice (two events) and two rows for one record as duplicated", () => {
    const report = check({
      ...clean,
      topic: [...topic, entry(A, "r1", 2, 4, "e-r1-2-again")],
      hubApplied: [...hubApplied, applied("e-r1-2-again", 12, 4)],
      hubRows: [...hubRows, { recordId: "r2", personKey: B, revision: 1 }],
    });
    expect(report.duplicated).toBe(2);
    expect(report.persons.map((p) => p.duplicated)).toEqual([
      ["r1@2 applied 2 times"],
      ["r2 has 2 rows at the hub"],
    ]);
  });

  it("reports writes on the topic out of acknowledgement order", () => {
    const swapped = [entry(A, "r1", 2, 0), entry(B, "r2", 1, 1), entry(A, "r1", 1, 2), entry(A, "r1", 3, 3)];
    const report = check({ ...clean, topic: swapped });
    expect(report.persons[0]!.reordered).toContain("on the topic, write 1 came after write 2");
  });

  it("reports the hub applying a later write before an earlier one", () => {
    const report = check({
      ...clean,
      hubApplied: [
        applied("e-r1-1", 20, 0),
        applied("e-r2-1", 10, 1),
        applied("e-r1-2", 11, 2),
        applied("e-r1-3", 21, 3),
      ],
    });
    expect(report.reordered).toBe(1);
    expect(report.persons[0]!.reordered).toEqual(["the hub applied r1@2 before r1@1"]);
  });

  it("reports a newer revision at the hub than the last acknowledged, unless a write on it went unanswered", () => {
    const rows = [{ ...hubRows[0]!, revision: 4 }, hubRows[1]!];
    expect(check({ ...clean, hubRows: rows }).reordered).toBe(1);
    expect(check({ ...clean, hubRows: rows, indeterminate: new Set(["r1"]) }).reordered).toBe(0);
  });
});
