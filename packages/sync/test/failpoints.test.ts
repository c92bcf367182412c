import { describe, expect, it } from "vitest";
import { parseFailpoints } from "../src/failpoints.js";

describe("PES_FAILPOINTS", () => {
  it("arms nothing when unset or blank", () => {
    expect(parseFailpoints(undefined)).toBeUndefined();
    expect(parseFailpoints(" ")).toBeUndefined();
  });

  it("arms each named point for its hit, the first by default", () => {
    expect(parseFailpoints("relay.after-send@50, consumer.chunk-written")).toEqual(
      new Map([
        ["relay.after-send", 50],
        ["consumer.chunk-written", 1],
      ]),
    );
  });

  it("refuses what is not a point", () => {
    expect(() => parseFailpoints("relay.after-send@x")).toThrow(/not a failpoint/);
  });
});
