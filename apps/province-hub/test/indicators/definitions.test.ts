import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATALOGUE, type Measure } from "../../src/domain/indicators/catalogue.js";
import { computeTable } from "../../src/domain/indicators/compute.js";
import { ACTIVITY } from "../../src/domain/indicators/contributions.js";
import { DEFINITIONS, definitionOf, RULES } from "../../src/domain/indicators/definitions.js";
import { NO_BROKER, operatorHeaders, type TestHub, testApp } from "../support/index.js";

const CODES = CATALOGUE.map((d) => d.code);
const HAN = /\p{Script=Han}/u;

describe("the definitions and the catalogue", () => {
  it("define every catalogue code, and nothing the catalogue does not have", () => {
    expect(CODES.filter((c) => !(c in DEFINITIONS))).toEqual([]);
    expect(Object.keys(DEFINITIONS).filter((c) => !CODES.includes(c))).toEqual([]);
  });

  it("give a denominator exactly to the rates", () => {
    for (const def of CATALOGUE)
      expect([def.code, DEFINITIONS[def.code]?.denominator !== undefined]).toEqual([
        def.code,
        def.denominator !== undefined,
      ]);
  });

  it("refuse to publish a catalogue entry without texts", () => {
    expect(() => definitionOf({ ...CATALOGUE[0]!, code: "made_up" })).toThrow(/made_up/);
  });

  it("state the rules the engine computes with", () => {
    const en = (code: string) => JSON.stringify(definitionOf(CATALOGUE.find((d) => d.code === code)!));
    expect(en("new_employment")).toContain("registeredOn");
    expect(en("registered_unemployed")).toMatch(/open at the period's end/);
    expect(en("one_on_one_contact_rate")).toMatch(/16–24/);
    expect(en("graduate_employment_rate")).toMatch(/graduation year = the period's year/);
    expect(en("zero_employment_family_rate")).toMatch(/not cleared before the period began/);
  });

  it("speak of the period's end for a stock and of its start for a stock at the start, through a sum", () => {
    const kinds = (m: Measure | undefined): string[] =>
      m === undefined ? [] : m.kind === "sum" ? m.of.flatMap(kinds) : [m.kind];
    const seen = new Set<string>();
    for (const def of CATALOGUE) {
      const published = definitionOf(def);
      const measured = [...kinds(def.numerator), ...kinds(def.denominator)];
      for (const k of measured) seen.add(k);
      const words = JSON.stringify([published.numerator, published.denominator, published.period]);
      if (measured.includes("stock")) expect(words, def.code).toMatch(/period's end/);
      if (measured.includes("stock-at-start")) expect(words, def.code).toMatch(/before the period began/);
    }
    // Every kind of the catalogue is published, the new ones included.
    expect([...seen].sort()).toEqual(["declared", "distinct", "stock", "stock-at-start"]);
    const zero = definitionOf(CATALOGUE.find((d) => d.code === "zero_employment_family_rate")!);
    expect(zero.computation.denominator).toEqual({
      kind: "sum",
      of: [
        { kind: "stock-at-start", component: "zero-employment-family.waiting" },
        { kind: "distinct", component: "zero-employment-family.identified" },
      ],
    });
    expect(zero.cumulative).toBe(false);
  });

  it("state every reason the engine gives for a value it cannot measure", () => {
    // The engine's reasons for the province with nothing reported and no targets, and for a city.
    const rows = [
      ...computeTable({
        figures: {},
        declarations: [],
        targets: null,
        scope: { level: "province" },
        period: "2025",
      }),
      ...computeTable({
        figures: { [ACTIVITY]: { value: 1, records: 1, sources: ["/city/350200"], asOf: null } },
        declarations: [],
        targets: null,
        scope: { level: "city", cityCode: "350200" },
        period: "2025",
      }),
    ];
    const codes = new Set(rows.map((r) => r.reasonCode).filter((c) => c !== null));
    const words: Record<string, RegExp> = {
      "no-records": /sent nothing/,
      "denominator-zero": /denominator is 0/,
      "no-declaration": /no declaration/,
      "not-additive": /do not add up/,
      "no-target": /no target/,
    };
    expect([...codes].sort()).toEqual(Object.keys(words).sort());
    for (const code of codes) expect(RULES.notMeasurable.en, code).toMatch(words[code]!);
    expect(RULES.notMeasurable.zh).toMatch(/不能相加/);
    expect(RULES.notMeasurable.zh).toMatch(/没有目标值/);
  });
});

let hub: TestHub;
let app: TestHub["app"];

beforeAll(async () => {
  hub = await testApp("hubindicatordefinitions", { kafka: NO_BROKER });
  app = hub.app;
});
afterAll(async () => hub?.close());

type Text = { zh: string; en: string };
type Published = {
  rules: Record<string, Text>;
  indicators: Array<{
    code: string;
    level1: string;
    name: Text;
    unit: Text & { code: string };
    comparator: Text & { code: string };
    source: Text & { code: string };
    numerator: Text;
    denominator: Text | null;
    period: Text;
    area: Text;
    computation: { numerator: unknown; denominator: unknown; factor: number };
  }>;
};

describe("GET /v1/indicators/definitions", () => {
  it("gives all 27 indicators of the catalogue, in its order, in Chinese and English", async () => {
    const res = await app.request("/v1/indicators/definitions", {
      headers: await operatorHeaders(hub.db, "viewer"),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Published;
    expect(body.indicators.map((d) => d.code)).toEqual(CODES);
    expect(body.indicators).toHaveLength(27);
    const texts = (d: Published["indicators"][number]) => [
      d.name,
      d.unit,
      d.comparator,
      d.source,
      d.numerator,
      d.period,
      d.area,
      ...(d.denominator ? [d.denominator] : []),
    ];
    for (const d of body.indicators) {
      const def = CATALOGUE.find((c) => c.code === d.code)!;
      for (const text of texts(d)) {
        expect(text.zh, d.code).not.toBe("");
        expect(text.en, d.code).not.toBe("");
      }
      for (const text of [d.name, d.numerator, d.period, d.area]) {
        expect(text.zh, `${d.code}: ${text.zh}`).toMatch(HAN);
        expect(text.en, `${d.code}: ${text.en}`).toMatch(/[a-z]{3}/);
      }
      expect(d.name.zh).toBe(def.nameZh);
      expect(d.level1).toBe(def.level1);
      expect([d.unit.code, d.comparator.code, d.source.code]).toEqual([def.unit, def.comparator, def.source]);
      // A rate has a denominator, a quantity none; and the computation is the engine's.
      expect(d.denominator !== null).toBe(def.denominator !== undefined);
      expect(d.computation).toEqual({
        numerator: def.numerator,
        denominator: def.denominator ?? null,
        factor: def.factor,
      });
    }
    for (const rule of ["zero", "notMeasurable", "periods"]) {
      expect(body.rules[rule]?.zh).toMatch(HAN);
      expect(body.rules[rule]?.en).toMatch(/[a-z]{3}/);
    }
  });

  it("needs an operator token, as the indicator table does", async () => {
    expect((await app.request("/v1/indicators/definitions")).status).toBe(401);
    const bad = { authorization: "Bearer pes_ph_not-a-token" };
    expect((await app.request("/v1/indicators/definitions", { headers: bad })).status).toBe(401);
  });

  it("is documented in the OpenAPI document with the indicator routes", async () => {
    const res = await app.request("/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, { get?: { tags?: string[] } }> };
    expect(doc.paths["/v1/indicators/definitions"]?.get?.tags).toEqual(
      doc.paths["/v1/indicators"]?.get?.tags,
    );
  });
});
