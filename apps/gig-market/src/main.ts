import { readFileSync } from "node:fs";
import { startTelemetry } from "@pes/http/telemetry";

// Tracing first, the service after (./run.ts, imported only then): the instrumentations patch http
// and kafkajs as they are loaded. The name is spelled out: env.ts would load http before.
const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
await startTelemetry({ service: "gig-market", version });
await import("./run.js");
