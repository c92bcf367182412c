/**
 * One JSON line per event on stdout (warnings and errors on stderr). Callers pass ids, counts and
 * codes, never personal data: no ID numbers, names or phone numbers in any field.
 */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export type LogLevel = "info" | "warn" | "error" | "silent";
const RANK: Record<LogLevel, number> = { info: 0, warn: 1, error: 2, silent: 3 };

/** The level from PES_LOG_LEVEL (default info); the test script sets warn to keep CI output readable. */
export function logLevelFromEnv(value = process.env.PES_LOG_LEVEL): LogLevel {
  return value && value in RANK ? (value as LogLevel) : "info";
}

export function createLogger(service: string, opts: { silent?: boolean; level?: LogLevel } = {}): Logger {
  const threshold = RANK[opts.silent ? "silent" : (opts.level ?? logLevelFromEnv())];
  const write = (level: Exclude<LogLevel, "silent">, msg: string, fields?: Record<string, unknown>) => {
    if (RANK[level] < threshold) return;
    const line = `${JSON.stringify({ time: new Date().toISOString(), level, service, msg, ...fields })}\n`;
    (level === "info" ? process.stdout : process.stderr).write(line);
  };
  return {
    info: (msg, fields) => write("info", msg, fields),
    warn: (msg, fields) => write("warn", msg, fields),
    error: (msg, fields) => write("error", msg, fields),
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
