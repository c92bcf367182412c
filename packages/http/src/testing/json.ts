import "@pes/sync/testing"; // sets the tests' Kafka credentials in the environment first

/** What a test calls on an app: Hono's app.request(path, init). */
interface Requestable {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

// biome-ignore lint/suspicious/noExplicitAny: test responses are read loosely
type Json = any;

export interface JsonAnswer {
  status: number;
  type: string;
  headers: Headers;
  text: string;
  /** The body parsed when the answer is JSON (problem+json included), else {}. */
  body: Json;
}

/**
 * A test's JSON caller of an app: call(method, path, headers, body) sends a JSON request (a string
 * body is sent as it is, so a test can send malformed JSON) and reads the answer once.
 */
export function jsonCaller(app: Requestable) {
  return async function call(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<JsonAnswer> {
    const res = await app.request(path, {
      method,
      headers: { ...headers, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    const type = res.headers.get("content-type") ?? "";
    return {
      status: res.status,
      type,
      headers: res.headers,
      text,
      body: text && type.includes("json") ? JSON.parse(text) : {},
    };
  };
}

/**
 * The secrets a service needs to start with NODE_ENV=production (its env schema refuses the development
 * ones), and its Kafka credentials (production refuses plaintext): the tests' own, which
 * @pes/sync/testing puts in KAFKA_CREDENTIALS.
 */
export const PRODUCTION_SECRETS = {
  NODE_ENV: "production",
  KAFKA_CREDENTIALS: process.env.KAFKA_CREDENTIALS ?? "",
  PES_PERSON_KEY_SECRET: "a-real-secret-of-the-province",
  PES_PII_KEY: Buffer.alloc(32, 7).toString("base64"),
} as const;
