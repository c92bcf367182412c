import { describe, expect, it } from "vitest";
import { DomainError } from "../src/index.js";

describe("DomainError", () => {
  it("carries its kind, code, message, field errors and cause without any framework", () => {
    const cause = new Error("lower");
    const e = new DomainError("invalid", "not-of-working-age", "Not of working age", {
      errors: [{ path: "person.idNumber", message: "aged 15", in: "body" }],
      cause,
    });
    expect(e).toBeInstanceOf(Error);
    expect([e.name, e.kind, e.code, e.message]).toEqual([
      "DomainError",
      "invalid",
      "not-of-working-age",
      "Not of working age",
    ]);
    expect(e.errors).toEqual([{ path: "person.idNumber", message: "aged 15", in: "body" }]);
    expect(e.cause).toBe(cause);
    expect(new DomainError("not_found", "x", "y").errors).toBeUndefined();
  });
});
