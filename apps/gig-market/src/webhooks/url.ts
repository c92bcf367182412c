const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

const isLoopback = (host: string) => LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);

/**
 * Why a webhook URL is refused, or undefined: https only in production (and never to this machine),
 * plain http only to loopback in development and tests, and never credentials in the URL (they would
 * be stored and shown back in clear).
 */
export function webhookUrlProblem(text: string, production: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "must be an absolute URL";
  }
  if (url.username || url.password) return "must not contain credentials";
  if (url.protocol === "https:") {
    if (production && isLoopback(url.hostname)) return "must not point at this machine";
    return undefined;
  }
  if (url.protocol !== "http:") return "must be an https URL";
  if (production) return "must be https";
  if (!isLoopback(url.hostname)) return "must be https (plain http only to loopback outside production)";
  return undefined;
}
