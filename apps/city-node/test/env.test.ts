import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/env.js";

describe("city-node env", () => {
  it("needs CITY_CODE, and keeps each city's data apart", () => {
    expect(() => loadConfig({})).toThrow(/CITY_CODE: is required/);
    const config = loadConfig({ CITY_CODE: "350500" });
    expect(config).toMatchObject({ cityCode: "350500", cityName: "泉州", port: 8081 });
    expect(config.dataDir).toMatch(/\/\.pes\/data\/city-node-350500$/);
  });

  it("rejects a code that is not a Fujian city, naming the variable", () => {
    expect(() => loadConfig({ CITY_CODE: "110100" })).toThrow(/CITY_CODE: must be a Fujian city code/);
    expect(() => loadConfig({ CITY_CODE: "350203" })).toThrow(/CITY_CODE: /); // 思明 is a district, not a city
  });

  it("rejects a bad PORT naming the variable", () => {
    expect(() => loadConfig({ CITY_CODE: "350200", PORT: "8o81" })).toThrow(/PORT: /);
  });
});
