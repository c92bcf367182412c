import { sourceOf } from "@pes/schemas";
import { PiiCipher } from "@pes/sync";
import { testTrust } from "@pes/sync/testing";
import type { Services } from "../../src/context.js";

/** The person-key secret and PII key of every test hub (never a deployment's). */
export const SECRET = "test-person-key-secret-0123456789";
export const cipherKey = Buffer.alloc(32, 3).toString("base64");
export const cipher = new PiiCipher(cipherKey);
export const TEST_CONFIG: Services["config"] = { personKeySecret: SECRET, piiKey: cipherKey };

/** The province's test keys (docs/adr/0006): what every test hub seals, signs, verifies and opens with. */
export const TEST_TRUST = testTrust(sourceOf.province());
