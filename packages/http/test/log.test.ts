import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createLogger } from "../src/log.js";

/** What the logger wrote to stdout and stderr while `fn` ran, one parsed object a line. */
async function captured(fn: () => void | Promise<void>): Promise<Array<Record<string, unknown>>> {
  const written: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) =>
    vi.spyOn(stream, "write").mockImplementation((chunk: unknown) => {
      written.push(String(chunk));
      return true;
    }),
  );
  try {
    await fn();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return written
    .join("")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

describe("log lines", () => {
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(
      new TracerProvider({
        spanProcessors: [new SimpleSpanProcessor({ exporter: new InMemorySpanExporter() })],
      }),
    );
  });
  afterAll(() => {
    trace.disable();
    context.disable();
  });

  it("keep their shape: time, level as a word, service, msg and the fields", async () => {
    const lines = await captured(() =>
      createLogger("svc", { level: "info" }).info("listening", { port: 8080 }),
    );
    expect(lines).toEqual([
      {
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
        level: "info",
        service: "svc",
        msg: "listening",
        port: 8080,
      },
    ]);
  });

  it("inside a span carry its trace id and span id; outside one, none", async () => {
    const log = createLogger("svc", { level: "info" });
    let ids: { traceId: string; spanId: string } | undefined;
    const lines = await captured(async () => {
      log.info("before");
      await trace.getTracer("test").startActiveSpan("work", async (span) => {
        ids = span.spanContext();
        await Promise.resolve();
        log.warn("inside");
        span.end();
      });
      log.error("after");
    });
    expect(lines.map((l) => l.msg)).toEqual(["before", "inside", "after"]);
    expect(lines[1]).toMatchObject({ traceId: ids!.traceId, spanId: ids!.spanId, level: "warn" });
    for (const line of [lines[0]!, lines[2]!]) {
      expect(line).not.toHaveProperty("traceId");
      expect(line).not.toHaveProperty("spanId");
    }
  });

  it("go to stdout for info, stderr for warnings and errors, and stop below the level", async () => {
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const log = createLogger("svc", { level: "warn" });
      log.info("hidden");
      log.warn("w");
      log.error("e");
      createLogger("svc", { silent: true }).error("never");
      expect(out).not.toHaveBeenCalled();
      expect(err.mock.calls.map(([line]) => JSON.parse(String(line)).msg)).toEqual(["w", "e"]);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });
});
