import { isSpanContextValid, trace } from "@opentelemetry/api";
import type { Logger } from "@pes/core";
import pino from "pino";

/**
 * The Logger port (@pes/core) for a service: one JSON line per event on stdout (warnings and errors on
 * stderr), written by pino. Callers pass ids, counts and codes, never personal data: no ID numbers,
 * names or phone numbers in any field. A line written inside an active span carries its traceId and
 * spanId, to find the trace it belongs to.
 */
export type { Logger };

export type LogLevel = "info" | "warn" | "error" | "silent";
const LEVELS: readonly LogLevel[] = ["info", "warn", "error", "silent"];

/** The level from PES_LOG_LEVEL (default info); the test script sets warn to keep CI output readable. */
export function logLevelFromEnv(value = process.env.PES_LOG_LEVEL): LogLevel {
  return LEVELS.includes(value as LogLevel) ? (value as LogLevel) : "info";
}

/** The active span's ids, for every line written inside one. */
function traceFields(): Record<string, string> {
  const ctx = trace.getActiveSpan()?.spanContext();
  return ctx && isSpanContextValid(ctx) ? { traceId: ctx.traceId, spanId: ctx.spanId } : {};
}

// Through process.stdout/stderr.write at each line (not pino's own fd writer): the streams stay the
// process's, as before, and a test can still capture them.
const stdout = { write: (line: string) => process.stdout.write(line) };
const stderr = { write: (line: string) => process.stderr.write(line) };

export function createLogger(service: string, opts: { silent?: boolean; level?: LogLevel } = {}): Logger {
  const logger = pino(
    {
      level: opts.silent ? "silent" : (opts.level ?? logLevelFromEnv()),
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: traceFields,
    },
    // dedupe: each line to the one stream of the highest level it reaches, so warnings go to stderr only.
    pino.multistream(
      [
        { level: "info", stream: stdout },
        { level: "warn", stream: stderr },
      ],
      { dedupe: true },
    ),
  );
  return {
    info: (msg, fields) => logger.info(fields ?? {}, msg),
    warn: (msg, fields) => logger.warn(fields ?? {}, msg),
    error: (msg, fields) => logger.error(fields ?? {}, msg),
  };
}

/**
 * An error's name, message and stack, without its cause chain (driver errors may carry row values
 * there). A failed query (drizzle's "Failed query: … params: …") carries its parameters, personal
 * data among them, in its message and stack: only its first line and its cause's message are told.
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof Error && error.message.startsWith("Failed query:")) {
    const cause = error.cause instanceof Error ? error.cause.message : undefined;
    return {
      error: error.name,
      message: error.message.split("\n")[0]!.slice(0, 300),
      ...(cause ? { cause } : {}),
    };
  }
  if (error instanceof Error) return { error: error.name, message: error.message, stack: error.stack };
  return { error: String(error) };
}
