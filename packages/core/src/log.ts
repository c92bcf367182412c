/**
 * Where a service writes what happened: one line per event with its fields. Callers pass ids, counts
 * and codes, never personal data (no ID numbers, names or phone numbers in any field). Use cases log
 * through this port; the HTTP kit's createLogger (pino, @pes/http) is its implementation.
 */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}
