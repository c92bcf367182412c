import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { bindHostOf, startServer } from "../src/server.js";

describe("the bind address (PES_BIND_HOST)", () => {
  it("is every interface by default (containers), else the variable's address", () => {
    expect(bindHostOf({})).toBe("0.0.0.0");
    expect(bindHostOf({ PES_BIND_HOST: "" })).toBe("0.0.0.0");
    expect(bindHostOf({ PES_BIND_HOST: " 127.0.0.1 " })).toBe("127.0.0.1");
    expect(bindHostOf({ PES_BIND_HOST: "::1" })).toBe("::1");
    expect(() => bindHostOf({ PES_BIND_HOST: "example.com" })).toThrow(/PES_BIND_HOST/);
  });

  it("listens on loopback only when told to", async () => {
    const app = new Hono().get("/", (c) => c.text("ok"));
    const server = await startServer(app, { port: 0, hostname: bindHostOf({ PES_BIND_HOST: "127.0.0.1" }) });
    try {
      expect(server.address).toBe("127.0.0.1");
      expect(await (await fetch(`http://127.0.0.1:${server.port}/`)).text()).toBe("ok");
    } finally {
      await server.close();
    }
  });
});
