import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Parser } from "@asyncapi/parser";
import { describe, expect, it } from "vitest";
import { contractFiles, GENERATED_DIR, staleContractFiles } from "../scripts/contract.js";
import { allRecords } from "../src/index.js";

describe("generated contract", () => {
  it("is up to date (run `pnpm --filter @pes/schemas contract` if not)", () => {
    expect(staleContractFiles()).toEqual([]);
  });

  it("is deterministic", () => {
    expect([...contractFiles()]).toEqual([...contractFiles()]);
    for (const content of contractFiles().values()) expect(content.endsWith("\n")).toBe(true);
  });

  it("has one JSON Schema per record, identified by its dataschema URI", () => {
    for (const r of allRecords) {
      const schema = JSON.parse(
        readFileSync(join(GENERATED_DIR, `json-schema/${r.name}.v${r.version}.json`), "utf8"),
      );
      expect(schema.$id).toBe(r.dataschema);
      expect(schema.title).toContain(r.titleZh);
      expect(schema.type).toBe("object");
      // A receipt acknowledges a record and is none: no revision, no city.
      const base = r.name === "flowback-receipt" ? ["id"] : ["id", "revision", "cityCode", "recordedAt"];
      expect(schema.required).toEqual(expect.arrayContaining(base));
    }
  });

  it("is a valid AsyncAPI 3.0 document", { timeout: 30_000 }, async () => {
    const { document, diagnostics } = await new Parser().parse(
      readFileSync(join(GENERATED_DIR, "asyncapi.yaml"), "utf8"),
    );
    const errors = diagnostics
      .filter((d) => d.severity === 0)
      .map((d) => `${d.path.join(".")}: ${d.message}`);
    expect(errors).toEqual([]);
    expect(document).toBeDefined();
    expect(document!.channels().length).toBe(9);
    expect(document!.components().messages().length).toBe(allRecords.length);
    const send = document!
      .operations()
      .filterBySend()
      .map((o) => o.id());
    expect(send).toContain("cityNodeSendCityPerson");
    expect(send).toContain("provinceHubSendProvinceVouchers");
    expect(send).toContain("cityNodeSendCityReceipts");
    expect(send).toContain("gigMarketSendGigReceipts");
  });

  it("lists every version of a record as its own message, on the same channel", {
    timeout: 30_000,
  }, async () => {
    const { document } = await new Parser().parse(readFileSync(join(GENERATED_DIR, "asyncapi.yaml"), "utf8"));
    const cityPerson = document!.channels().get("cityPerson")!;
    const ids = cityPerson.messages().map((m) => m.id());
    expect(ids).toEqual(
      expect.arrayContaining(["serviceRecord", "serviceRecordV2", "jobSeekerRegistrationV2"]),
    );
    const types = document!
      .components()
      .messages()
      .all()
      .filter((m) => m.name()?.startsWith("service-record"))
      .map((m) => JSON.stringify(m.headers()?.json()));
    expect(types.some((h) => h.includes("cn.gov.fj.pes.service-record.v1"))).toBe(true);
    expect(types.some((h) => h.includes("cn.gov.fj.pes.service-record.v2"))).toBe(true);
  });
});
