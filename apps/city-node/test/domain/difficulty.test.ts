import { describe, expect, it } from "vitest";
import { applyForDifficultyRecognition, transitionDifficulty } from "../../src/domain/index.js";

const registered = [{ id: "reg-1", state: "registered" as const, registeredOn: "2025-02-01" }];

describe("employment-difficulty recognition (就业困难人员认定)", () => {
  it("lets a registered unemployed person apply", () => {
    expect(
      applyForDifficultyRecognition(
        { categories: ["health", "long-unemployment"], appliedOn: "2025-03-01" },
        registered,
      ),
    ).toEqual({
      state: "applied",
      categories: ["health", "long-unemployment"],
      appliedOn: "2025-03-01",
      unemploymentRegistrationId: "reg-1",
    });
  });

  it("refuses anyone without a registered unemployment registration", () => {
    const apply = (regs: Parameters<typeof applyForDifficultyRecognition>[1]) => () =>
      applyForDifficultyRecognition({ categories: ["skills"], appliedOn: "2025-03-01" }, regs);
    const refused = expect.objectContaining({ code: "not-registered-unemployed" });
    expect(apply([])).toThrow(refused);
    expect(apply([{ state: "applied" }])).toThrow(refused);
    expect(apply([{ state: "closed", registeredOn: "2024-01-01" }])).toThrow(refused);
    expect(apply([{ state: "registered", registeredOn: "2025-03-02" }])).toThrow(refused);
  });

  it("needs known, distinct categories", () => {
    const apply = (categories: string[]) => () =>
      applyForDifficultyRecognition({ categories, appliedOn: "2025-03-01" }, registered);
    expect(apply([])).toThrow(expect.objectContaining({ field: "categories" }));
    expect(apply(["land-loss", "age"])).toThrow(expect.objectContaining({ field: "categories.1" }));
    expect(apply(["family", "family"])).toThrow(
      expect.objectContaining({ violations: [expect.objectContaining({ code: "duplicate-category" })] }),
    );
  });

  const applied = applyForDifficultyRecognition(
    { categories: ["land-loss"], appliedOn: "2025-03-01" },
    registered,
  );

  it("recognises or refuses with a reason", () => {
    expect(
      transitionDifficulty(applied, { type: "recognise", on: "2025-03-10", validUntil: "2027-03-09" }),
    ).toMatchObject({
      state: "recognised",
      decidedOn: "2025-03-10",
      validUntil: "2027-03-09",
    });
    expect(
      transitionDifficulty(applied, { type: "refuse", on: "2025-03-10", reason: " 未失去土地 " }),
    ).toMatchObject({
      state: "refused",
      refusalReason: "未失去土地",
    });
    expect(() => transitionDifficulty(applied, { type: "refuse", on: "2025-03-10", reason: "  " })).toThrow(
      expect.objectContaining({ code: "refusal-reason-required", field: "refusalReason" }),
    );
  });

  it("refuses illegal transitions and out-of-order dates", () => {
    const recognised = transitionDifficulty(applied, { type: "recognise", on: "2025-03-10" });
    expect(() => transitionDifficulty(recognised, { type: "refuse", on: "2025-03-11", reason: "x" })).toThrow(
      expect.objectContaining({ code: "illegal-transition", kind: "conflict" }),
    );
    const refused = transitionDifficulty(applied, { type: "refuse", on: "2025-03-10", reason: "x" });
    expect(() => transitionDifficulty(refused, { type: "recognise", on: "2025-03-11" })).toThrow(
      /already refused/,
    );
    expect(() => transitionDifficulty(applied, { type: "recognise", on: "2025-02-28" })).toThrow(
      expect.objectContaining({ code: "date-out-of-order", field: "decidedOn" }),
    );
  });
});
