import { describe, expect, it } from "vitest";
import {
  cityOf,
  countyLevelOf,
  districtOf,
  divisionLevel,
  isWithin,
  PROVINCE_PREFIXES,
  parentDivisions,
  provinceOf,
} from "../src/index.js";

describe("division levels", () => {
  it.each([
    ["350000", "province"],
    ["350200", "city"],
    ["350128", "district"],
    ["350203", "district"],
    ["350203001", "street"],
    ["350203001001", "community"],
    ["110105", "district"],
    ["3502030010", undefined],
    ["350203000", undefined],
    ["350203001000", undefined],
    ["350203000001", undefined],
    ["990000", undefined],
    ["35020a", undefined],
    ["", undefined],
  ])("%s is %s", (code, level) => {
    expect(divisionLevel(code)).toBe(level);
  });

  it("knows the province prefixes, Taiwan and the residence permits", () => {
    expect(["11", "35", "65", "71", "81", "83"].every((p) => PROVINCE_PREFIXES.has(p))).toBe(true);
    expect(["10", "66", "99", "00"].some((p) => PROVINCE_PREFIXES.has(p))).toBe(false);
  });

  it("lists parents nearest first", () => {
    expect(parentDivisions("350203001001")).toEqual(["350203001", "350203", "350200", "350000"]);
    expect(parentDivisions("350203001")).toEqual(["350203", "350200", "350000"]);
    expect(parentDivisions("350200")).toEqual(["350000"]);
    expect(parentDivisions("350000")).toEqual([]);
    expect(parentDivisions("350128")).toEqual(["350100", "350000"]);
    expect(parentDivisions("990203")).toEqual([]);
  });

  it("checks containment, inclusive", () => {
    expect(isWithin("350203001001", "350200")).toBe(true);
    expect(isWithin("350203", "350203")).toBe(true);
    expect(isWithin("350503", "350200")).toBe(false);
    expect(isWithin("350200", "350203")).toBe(false);
    expect(isWithin("350203001001", "350000")).toBe(true);
  });

  it("reads the province, city and 6-digit code of a code by its digits", () => {
    expect(provinceOf("350203001001")).toBe("350000");
    expect(cityOf("350203001")).toBe("350200");
    expect(cityOf("350200")).toBe("350200");
    expect(cityOf("350128")).toBe("350100"); // 平潭 by shape; it reports as itself (reportingCityOf)
    expect(countyLevelOf("350203001001")).toBe("350203");
    expect(countyLevelOf("350200")).toBe("350200");
  });

  it("finds the district a division is or lies in", () => {
    expect(districtOf("350203001001")).toBe("350203");
    expect(districtOf("350203001")).toBe("350203");
    expect(districtOf("350203")).toBe("350203");
    expect(districtOf("350200")).toBeUndefined();
    expect(districtOf("350000")).toBeUndefined();
    expect(districtOf("350203000")).toBeUndefined();
  });
});
