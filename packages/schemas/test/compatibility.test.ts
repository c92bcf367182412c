import { describe, expect, it } from "vitest";
import { breakingChanges } from "../scripts/compatibility.js";
import { ifThen } from "../src/checks.js";

const record = {
  type: "object",
  properties: {
    id: { type: "string", format: "uuid" },
    state: { type: "string", enum: ["open", "closed"] },
    note: { type: "string", maxLength: 200 },
    count: { type: "integer", minimum: 0, maximum: 10 },
    tags: { type: "array", items: { type: "string", pattern: "^[a-z]+$" } },
  },
  required: ["id", "state"],
  allOf: [ifThen({ properties: { state: { const: "closed" } } }, { required: ["note"] })],
};
// biome-ignore lint/suspicious/noExplicitAny: crafted schemas edited by path
type Json = Record<string, any>;
const changed = (edit: (s: Json) => void) => {
  const after = structuredClone(record) as Json;
  edit(after);
  return breakingChanges(record, after);
};

describe("breakingChanges", () => {
  it("finds none between a schema and itself", () => {
    expect(breakingChanges(record, structuredClone(record))).toEqual([]);
  });

  it("lets a version loosen: a new optional field, a new enum value, wider limits, fewer required, other words", () => {
    expect(
      changed((s) => {
        s.properties.channel = { type: "string", enum: ["desk", "online"] };
        s.properties.state.enum.push("archived");
        s.properties.note.maxLength = 500;
        s.properties.count.minimum = -5;
        s.properties.tags.items.pattern = undefined;
        delete s.properties.tags.items.pattern;
        s.required = ["id"];
        s.description = "reworded";
        s.properties.id.title = "Id";
      }),
    ).toEqual([]);
  });

  it("refuses a field removed, and a field renamed", () => {
    expect(changed((s) => delete s.properties.note)).toEqual(["$.note: field removed (or renamed)"]);
    expect(
      changed((s) => {
        s.properties.remark = s.properties.note;
        delete s.properties.note;
      }),
    ).toEqual(["$.note: field removed (or renamed)"]);
  });

  it("refuses a type tightened, a new required field, an enum value removed", () => {
    expect(changed((s) => (s.properties.count.type = "string"))).toEqual([
      '$.count: type ["integer"] became ["string"]',
    ]);
    expect(changed((s) => s.required.push("note"))).toEqual(["$.note: newly required"]);
    expect(changed((s) => (s.properties.state.enum = ["open"]))).toEqual([
      '$.state: enum value "closed" removed',
    ]);
  });

  it("lets integer widen to number, not number narrow to integer", () => {
    const widened = changed((s) => (s.properties.count.type = "number"));
    expect(widened).toEqual([]);
    expect(breakingChanges({ type: "number" }, { type: "integer" })).toEqual([
      '$: type ["number"] became ["integer"]',
    ]);
  });

  it("refuses a pattern or format added or changed, and a limit tightened", () => {
    expect(changed((s) => (s.properties.note.pattern = "^\\S"))).toEqual(["$.note: pattern added"]);
    expect(changed((s) => (s.properties.tags.items.pattern = "^[a-z0-9]+$"))).toEqual([
      "$.tags[]: pattern changed",
    ]);
    expect(changed((s) => (s.properties.id.format = "email"))).toEqual(["$.id: format changed"]);
    expect(changed((s) => (s.properties.note.maxLength = 100))).toEqual(["$.note: maxLength 200 → 100"]);
    expect(changed((s) => (s.properties.count.minimum = 1))).toEqual(["$.count: minimum 0 → 1"]);
    expect(changed((s) => (s.properties.note.minLength = 1))).toEqual(["$.note: minLength none → 1"]);
  });

  it("refuses a new condition, a condition changed, an enum where there was none, a new check beyond JSON Schema", () => {
    expect(
      changed((s) =>
        s.allOf.push(ifThen({ properties: { state: { const: "open" } } }, { required: ["count"] })),
      ),
    ).toEqual(["$.allOf[1]: condition added or changed"]);
    expect(changed((s) => (s.allOf[0].then.required = ["note", "count"]))).toEqual([
      "$.allOf[0]: condition added or changed",
    ]);
    expect(changed((s) => (s.properties.note.enum = ["a"]))).toEqual(["$.note: enum added"]);
    expect(changed((s) => (s.properties.id["x-pes-checks"] = ["person-key"]))).toEqual([
      "$.id: check person-key added",
    ]);
  });

  it("takes a keyword it does not compare as breaking when it changes", () => {
    expect(changed((s) => (s.properties.tags.prefixItems = [{ type: "string" }]))).toEqual([
      "$.tags: prefixItems changed (not compared, so taken as breaking)",
    ]);
  });

  it("compares alternatives one by one, and refuses one removed", () => {
    const before = { oneOf: [{ type: "object", properties: { a: { type: "string" } } }, { type: "string" }] };
    expect(
      breakingChanges(before, {
        oneOf: [{ type: "object", properties: { a: { type: "string" }, b: {} } }, { type: "string" }],
      }),
    ).toEqual([]);
    expect(
      breakingChanges(before, { oneOf: [{ type: "object", properties: {} }, { type: "string" }] }),
    ).toEqual(["$.oneOf[0].a: field removed (or renamed)"]);
    expect(breakingChanges(before, { oneOf: [before.oneOf[0]] })).toEqual([
      "$.oneOf: alternatives removed or added where there were none",
    ]);
  });
});
