import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnTsx, type TestProcess } from "@pes/http/child";
import { makeResidentId, personKeyOf } from "@pes/schemas";
import { createTestDatabase, waitFor } from "@pes/sync/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Credentials } from "../../scripts/bootstrap.js";

// pnpm start's platform, as start.sh runs it once Kafka is there: its own ports, data folder, consumer
// groups and person-key secret, so it runs beside a developer's platform and ignores earlier runs' records.
const root = new URL("../../../", import.meta.url);
const dir = mkdtempSync(join(tmpdir(), "pes-platform-"));
const base = 20_000 + Math.floor(Math.random() * 400) * 20;
const secret = `platform-test-${randomUUID()}`;
let platform: TestProcess;
let creds: Credentials;
let pids: number[] = [];
const databases: Array<{ drop(): Promise<void> }> = [];
const SERVICES = ["PROVINCE_HUB", "CITY_NODE_350100", "CITY_NODE_350200", "CITY_NODE_350500", "GIG_MARKET"];

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function get(url: string, token: string) {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("the start command", () => {
  beforeAll(async () => {
    // Fresh PostgreSQL databases: on a busy machine five embedded ones take minutes to create.
    const urls: Record<string, string> = {};
    for (const s of SERVICES) {
      const db = await createTestDatabase(`platform${s.toLowerCase().replace(/_/g, "")}`);
      databases.push(db);
      urls[`PES_DATABASE_URL_${s}`] = db.url;
    }
    platform = spawnTsx(root, "infra/scripts/platform.ts", {
      ...urls,
      PES_PORT_BASE: String(base),
      PES_PLATFORM_DIR: dir,
      PES_PLATFORM_GROUP_PREFIX: `platform-test-${randomUUID()}-`,
      PES_PERSON_KEY_SECRET: secret,
      PES_DEMO_RATE: "5",
      PES_LOG_LEVEL: "warn",
    });
    await platform.waitUntil(() => /PES_PLATFORM_PIDS=\S+/.test(platform.output), "the platform up", 230_000);
    pids = /PES_PLATFORM_PIDS=(\S+)/.exec(platform.output)![1]!.split(",").map(Number);
    creds = JSON.parse(readFileSync(join(dir, "demo/credentials.json"), "utf8"));
  });

  afterAll(async () => {
    // Ctrl-C first, so a failed test does not orphan the children; then whatever is left.
    if (platform && !platform.exit) {
      platform.signal("SIGINT");
      await platform.waitForExit("the platform stopping", 60_000).catch(() => platform.kill());
    }
    for (const pid of pids) if (alive(pid)) process.kill(pid, "SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    for (const db of databases) await db.drop().catch(() => {});
  });

  it("brings every service up and prints its URL, the console's and the credentials file", async () => {
    const urls = [creds.urls!.hub, ...Object.values(creds.urls!.cities), creds.urls!.gig];
    expect(urls).toHaveLength(5);
    for (const url of urls) {
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect(platform.output).toContain(`${url}/docs`);
    }
    expect(platform.output).toContain("console");
    expect(platform.output).toContain(join(dir, "demo/credentials.json"));
    expect(pids).toHaveLength(6); // five services and the generator
  });

  it("takes a registration made at a city node to the hub", async () => {
    const city = (path: string, body: unknown, method = "POST") =>
      fetch(`${creds.urls!.cities["350500"]}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${creds.cityTokens["350500"]}`,
          "content-type": "application/json",
        },
        body: JSON.stringify(body),
      });
    // The generator puts up the same service point; PUT is idempotent, and this test need not wait for it.
    const point = { id: "demo-sp-350502001", name: "演示服务站", kind: "public", divisionCode: "350502001" };
    expect((await city("/v1/service-points", point, "PUT")).status).toBe(200);
    const idNumber = makeResidentId("350502", "1990-04-12", Math.floor(Math.random() * 1000));
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const res = await city("/v1/unemployment-registrations", {
      person: { idNumber, name: "郑测试", divisionCode: "350502001001" },
      ableToWork: true,
      wantsWork: true,
      currentlyEmployed: false,
      placeBasis: "residence",
      servicePointId: "demo-sp-350502001",
      appliedOn: today,
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const key = personKeyOf(idNumber, secret);
    await waitFor(
      async () =>
        (await get(`${creds.urls!.hub}/v1/persons/${key}/timeline`, creds.hubAdminToken!)).status === 200,
      { timeoutMs: 200_000, what: "the person's timeline at the hub" },
    );
  });

  it("keeps demo traffic flowing to the gig market and through the hub", async () => {
    // The gig market's database is this run's alone, so its postings are the generator's.
    await waitFor(
      async () =>
        ((await get(`${creds.urls!.gig}/v1/postings?limit=1`, creds.market!.key)).body.items as unknown[])
          .length > 0,
      { timeoutMs: 120_000, what: "the generator's postings at the gig market" },
    );
    // The hub reads the broker from its start: its throughput shows what it consumes, the generator's among it.
    await waitFor(
      async () => {
        const { body } = await get(`${creds.urls!.hub}/v1/streams/throughput`, creds.hubAdminToken!);
        return (body.items as Array<{ total: { consumed: number } }>).some((r) => r.total.consumed > 0);
      },
      { timeoutMs: 120_000, what: "records consumed at the hub" },
    );
  });

  it("stops every process on Ctrl-C", async () => {
    platform.signal("SIGINT");
    const exit = await platform.waitForExit("the platform stopping", 60_000);
    expect(exit.code).toBe(0);
    expect(pids.filter(alive)).toEqual([]);
    // Nothing else was left running on the platform's data folder either.
    expect(execFileSync("ps", ["-eo", "args"]).toString()).not.toContain(dir);
  });
});
