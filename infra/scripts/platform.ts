// Runs every service of the platform as child processes, prints their URLs once they answer, and
// stops them all on Ctrl-C. Kafka is started (or found) by start.sh before this runs.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

interface Service {
  name: string;
  app: string;
  port: number;
  env?: Record<string, string>;
}

const services: Service[] = [
  { name: "province-hub", app: "province-hub", port: 8080 },
  { name: "city-node 福州 350100", app: "city-node", port: 8081, env: { CITY_CODE: "350100" } },
  { name: "city-node 厦门 350200", app: "city-node", port: 8082, env: { CITY_CODE: "350200" } },
  { name: "city-node 泉州 350500", app: "city-node", port: 8083, env: { CITY_CODE: "350500" } },
  { name: "gig-market", app: "gig-market", port: 8090 },
];

const children: ChildProcess[] = [];
let stopping = false;

function startService(s: Service): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", `apps/${s.app}/src/main.ts`], {
    cwd: root,
    env: { ...process.env, PORT: String(s.port), ...s.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const prefix = `[${s.name}] `;
  const relay = (out: NodeJS.WriteStream) => (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) if (line) out.write(prefix + line + "\n");
  };
  child.stdout?.on("data", relay(process.stdout));
  child.stderr?.on("data", relay(process.stderr));
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`${prefix}exited (${signal ?? code}); stopping the platform`);
      void stopAll(1);
    }
  });
  return child;
}

async function waitHealthy(s: Service, deadline: number): Promise<boolean> {
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${s.port}/healthz`);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

async function stopAll(code: number): Promise<never> {
  stopping = true;
  const exits = children.map((c) =>
    c.exitCode !== null || c.signalCode
      ? Promise.resolve()
      : new Promise<void>((r) => c.once("exit", () => r())),
  );
  for (const c of children) c.kill("SIGTERM");
  const timer = setTimeout(() => {
    for (const c of children) c.kill("SIGKILL");
  }, 30_000);
  await Promise.all(exits);
  clearTimeout(timer);
  process.exit(code);
}

process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

for (const s of services) children.push(startService(s));
const deadline = Date.now() + 90_000;
const healthy = await Promise.all(services.map((s) => waitHealthy(s, deadline)));
if (healthy.some((ok) => !ok)) {
  console.error(
    "some services did not come up:",
    services
      .filter((_, i) => !healthy[i])
      .map((s) => s.name)
      .join(", "),
  );
  await stopAll(1);
}
console.log("\nThe platform is up (Ctrl-C stops everything):");
for (const s of services)
  console.log(
    `  ${s.name.padEnd(24)} http://127.0.0.1:${s.port}   API reference: http://127.0.0.1:${s.port}/docs`,
  );
console.log(`  Kafka                    ${process.env.KAFKA_BROKERS}\n`);
