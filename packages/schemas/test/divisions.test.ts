import { describe, expect, it } from "vitest";
import {
  CityCode,
  DistrictCode,
  DivisionCode,
  divisionName,
  FujianDivisionCode,
  reportingCityOf,
} from "../src/index.js";

// Levels, parents and containment by a code's shape are @pes/core's (packages/core/test/divisions.test.ts).
describe("Fujian divisions", () => {
  it("knows the reporting city: 平潭 reports as itself", () => {
    expect(reportingCityOf("350203001")).toBe("350200");
    expect(reportingCityOf("350128")).toBe("350128");
    expect(reportingCityOf("350582")).toBe("350500");
    expect(reportingCityOf("350000")).toBeUndefined();
    expect(reportingCityOf("110105")).toBeUndefined();
  });

  it("names the known codes", () => {
    expect(divisionName("350203")).toBe("思明区");
    expect(divisionName("350128")).toBe("平潭综合实验区");
  });
});

describe("division code schemas", () => {
  it.each([
    "350000",
    "350200",
    "350128",
    "350203",
    "350213",
    "350583",
    "350102",
    "350112",
    "350604",
    "350982",
    "350203001",
    "350583102203",
    "110105",
  ])("DivisionCode accepts %s", (code) => expect(DivisionCode.safeParse(code).success).toBe(true));

  it.each([
    ["35020", /6, 9 or 12 digits/],
    ["3502030011", /6, 9 or 12 digits/],
    ["350299", /Unknown division code 350299/],
    ["350106", /Unknown division code 350106/],
    ["350299001", /extend a known district/],
    ["350200001", /extend a known district/],
    ["350203000", /not a valid division code/],
    ["990000", /not a valid division code/],
  ])("DivisionCode rejects %s", (code, message) => {
    const result = DivisionCode.safeParse(code);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(message);
  });

  it("FujianDivisionCode refuses codes outside 350000", () => {
    expect(FujianDivisionCode.safeParse("350203001001").success).toBe(true);
    expect(FujianDivisionCode.safeParse("110105").error?.issues[0]?.message).toMatch(/Fujian/);
  });

  it("CityCode takes the nine cities and 平潭 only", () => {
    expect(CityCode.safeParse("350128").success).toBe(true);
    expect(CityCode.safeParse("350203").success).toBe(false);
    expect(CityCode.safeParse("350000").success).toBe(false);
  });

  it("DistrictCode takes district-level Fujian codes", () => {
    expect(DistrictCode.safeParse("350206").success).toBe(true);
    expect(DistrictCode.safeParse("350200").success).toBe(false);
    expect(DistrictCode.safeParse("350206001").success).toBe(false);
  });
});
