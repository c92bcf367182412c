import type { DatabaseHandle } from "@pes/sync/db";

/**
 * Authorization headers of a fresh operator with `role`. Until operator tokens exist, the routes are
 * open and this returns no header; once src/auth lands, it issues a real token here.
 */
export async function operatorHeaders(
  _db: DatabaseHandle,
  _role: "viewer" | "operator" | "admin",
): Promise<Record<string, string>> {
  return {};
}
