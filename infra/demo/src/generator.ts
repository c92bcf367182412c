// The demo traffic generator pnpm start runs beside the platform: a few records a second (PES_DEMO_RATE,
// default 2) through the real HTTP APIs of the city nodes, the gig market and the hub, and now and then
// an invalid record straight onto Kafka so the hub's dead letters have something to show. A refused
// request is a warning, never the end. Logs carry routes and statuses only, never a person's data.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEV_PERSON_KEY_SECRET } from "@pes/http";
import { encodeEvent, keyGroupMembership, personKeyOf, sourceOf, topics } from "@pes/schemas";
import { createKafka, sealAndSign, trustFromEnv } from "@pes/sync";
import type { Credentials } from "../../scripts/bootstrap.js";
import { DEMO_POLICY_ID } from "../../scripts/bootstrap.js";
import {
  AREAS,
  type City,
  chinaDate,
  desk,
  gigBodies,
  layoffReport,
  type Person,
  person,
  pick,
  servicePointOf,
} from "./people.js";

const creds = JSON.parse(readFileSync(process.env.PES_DEMO_CREDENTIALS ?? "", "utf8")) as Credentials;
if (!creds.urls || !creds.market || !creds.hubAdminToken)
  throw new Error("the credentials file is incomplete");
const urls = creds.urls;
const rate = Number(process.env.PES_DEMO_RATE ?? 2);
const secret = process.env.PES_PERSON_KEY_SECRET ?? DEV_PERSON_KEY_SECRET;
const brokers = (process.env.KAFKA_BROKERS ?? "127.0.0.1:19094").split(",");
const CITIES = Object.keys(AREAS) as City[];

// biome-ignore lint/suspicious/noExplicitAny: answers are read loosely; a wrong guess is a warning
type Json = any;
const counts = new Map<string, number>();

async function call(
  base: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Json> {
  const route = `${method} ${path.replace(/[0-9a-f-]{36}/g, "{id}").replace(/\?.*/, "")}`;
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "x-purpose": "demo" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    const json = text.startsWith("{") ? JSON.parse(text) : undefined;
    if (res.ok) {
      counts.set(route, (counts.get(route) ?? 0) + 1);
      return json ?? {};
    }
    // The problem's type and title say what was refused; its details may quote the record, so they stay out.
    console.warn(`warn: ${route} → ${res.status} ${json?.type ?? ""} ${json?.title ?? ""}`);
  } catch (e) {
    console.warn(`warn: ${route} → ${(e as Error).message}`);
  }
  return undefined;
}
const city = (c: City) => (method: string, path: string, body?: unknown) =>
  call(urls.cities[c]!, creds.cityTokens[c]!, method, path, body);
const gig = (method: string, path: string, body?: unknown) =>
  call(urls.gig, creds.market!.key, method, path, body);
const hub = (method: string, path: string, body?: unknown) =>
  call(urls.hub, creds.hubAdminToken!, method, path, body);

// What later steps build on: registered persons (to employ), 思明 persons by key (to claim their vouchers),
// open postings, workers, placements waiting for completion and completed ones waiting for a rating.
const registered: Array<{ city: City; p: Person }> = [];
const simingByKey = new Map<string, Person>();
const postings: string[] = [];
const workers: string[] = [];
const placed: string[] = [];
const completed: string[] = [];
/** Appends, dropping the oldest beyond n: the generator runs for days. */
function keep<T>(list: T[], item: T, n = 200) {
  list.push(item);
  if (list.length > n) list.splice(0, list.length - n);
}

async function unemployment(c: City) {
  const p = person(c);
  const applied = await city(c)("POST", "/v1/unemployment-registrations", desk.unemployment(p, c));
  if (!applied?.id) return;
  if (
    await city(c)("POST", `/v1/unemployment-registrations/${applied.id}/register`, {
      registeredOn: chinaDate(),
    })
  ) {
    keep(registered, { city: c, p });
    if (c === "350200") simingByKey.set(personKeyOf(p.idNumber, secret), p);
  }
}

async function employment() {
  const r = registered.shift();
  if (r) await city(r.city)("POST", "/v1/employment-registrations", desk.employment(r.p));
}

async function cityRecord(c: City) {
  const p = person(c);
  const [path, body] = pick([
    ["/v1/job-seeker-registrations", desk.jobSeeker(p, c)],
    ["/v1/key-group-memberships", desk.keyGroup(p, c)],
    ["/v1/service-records", desk.service(p, c)],
    ["/v1/training-records", desk.training(p)],
    ["/v1/ratings", desk.rating(p, c)],
  ] as const);
  await city(c)("POST", path, body);
}

async function gigStep() {
  const r = Math.random();
  if (r < 0.2 || postings.length === 0) {
    const made = await gig("POST", "/v1/postings", gigBodies.posting());
    if (made?.id) keep(postings, made.id, 50);
  } else if (r < 0.4 || workers.length === 0) {
    const made = await gig("POST", "/v1/workers", gigBodies.worker(person("350200")));
    if (made?.id) keep(workers, made.id);
  } else if (r < 0.65) {
    const postingId = pick(postings);
    const made = await gig("POST", "/v1/placements", { postingId, workerId: pick(workers) });
    if (made?.id) keep(placed, made.id);
    // Its last place taken (or refused for another reason): later placements go to other postings.
    else postings.splice(postings.indexOf(postingId), 1);
  } else if (r < 0.85 && placed.length > 0) {
    const id = placed.shift()!;
    const due = pick([18_000, 36_000, 54_000]);
    // Now and then less than due: wage arrears for the market's list.
    const done = {
      completedOn: chinaDate(),
      payDueFen: due,
      payReceivedFen: Math.random() < 0.9 ? due : due / 2,
    };
    if (await gig("POST", `/v1/placements/${id}/completion`, done)) keep(completed, id);
  } else if (completed.length > 0) {
    const id = completed.shift()!;
    await gig("POST", `/v1/placements/${id}/ratings`, { by: "worker", score: pick([4, 5, 5]) });
    await gig("POST", `/v1/placements/${id}/ratings`, { by: "employer", score: pick([3, 4, 5]) });
  }
}

/** Vouchers for the registered unemployed of 思明: issue, claim at the hub, redeem at the gig market. */
async function voucherStep() {
  await hub("POST", `/v1/voucher-policies/${DEMO_POLICY_ID}/issue-runs`, {});
  const page = await hub("GET", `/v1/vouchers?policyId=${DEMO_POLICY_ID}&status=issued&limit=20`);
  for (const v of page?.items ?? []) {
    const p = simingByKey.get(v.personKey);
    if (!p || !(await hub("POST", `/v1/vouchers/${v.id}/claim`, { idNumber: p.idNumber }))) continue;
    const worker = await gig("POST", "/v1/workers", gigBodies.worker(p));
    if (worker?.id) await gig("POST", "/v1/voucher-redemptions", { voucherId: v.id, workerId: worker.id });
    simingByKey.delete(v.personKey);
  }
}

const producer = createKafka({ brokers, clientId: "pes-demo" }).producer();

/** A key-group record whose person key is not the province's pseudonym: the hub must dead-letter it. */
async function invalidRecord() {
  const c = pick(CITIES);
  const p = person(c);
  const e = encodeEvent(
    keyGroupMembership,
    {
      id: randomUUID(),
      revision: 1,
      cityCode: c,
      districtCode: AREAS[c].district,
      recordedAt: new Date().toISOString(),
      person: { key: personKeyOf(p.idNumber, "not-the-province-secret"), idNumber: p.idNumber, name: p.name },
      group: "registered-unemployed",
      startedOn: chinaDate(),
      source: "registration",
    },
    { source: sourceOf.city(c) },
  );
  // Signed and sealed with the city's own keys (its folder in the PKI): genuine, but its person key is wrong.
  const pki = process.env.PES_PKI_DIR;
  const message = { key: e.key, value: e.value, headers: e.headers };
  try {
    const city = pki && trustFromEnv({ KAFKA_CREDENTIALS: join(pki, `city-${c}`) });
    await producer.send({
      topic: topics.cityPerson(c),
      messages: city ? sealAndSign(city, sourceOf.province(), [message]) : [message],
    });
    counts.set("kafka invalid record", (counts.get("kafka invalid record") ?? 0) + 1);
  } catch (err) {
    console.warn(`warn: invalid record not sent: ${(err as Error).message}`);
  }
}

async function step(n: number) {
  const c = CITIES[n % CITIES.length]!;
  const r = Math.random();
  if (n % 60 === 59) return invalidRecord();
  // An enterprise's layoff report now and then: the hub warns at once of a large one.
  if (n % 60 === 29) return city(c)("POST", "/v1/enterprise-layoff-reports", layoffReport(c));
  if (n % 20 === 10) return voucherStep();
  if (r < 0.3) return unemployment(c);
  if (r < 0.4) return employment();
  if (r < 0.7) return cityRecord(c);
  return gigStep();
}

let stopping = false;
async function main() {
  await producer.connect().catch((e) => console.warn(`warn: Kafka producer: ${(e as Error).message}`));
  for (const c of CITIES) {
    const divisionCode = AREAS[c].street;
    // The demo street and three of its communities, with their population: the province assesses
    // the network's coverage of communities and its staffing from what the node publishes of them.
    await city(c)("PUT", "/v1/divisions", {
      divisions: [
        { code: divisionCode, name: "演示街道", population: 36_000 },
        ...[1, 2, 3].map((i) => ({
          code: `${divisionCode}00${i}`,
          name: `演示社区${i}`,
          population: 9_000 + i * 1_000,
        })),
      ],
    });
    await city(c)("PUT", "/v1/service-points", {
      id: servicePointOf(c),
      name: "演示服务站",
      kind: "public",
      divisionCode,
    });
    // One community of three with a station of its own.
    await city(c)("PUT", "/v1/service-points", {
      id: `${servicePointOf(c)}-001`,
      name: "演示社区服务站",
      kind: "public",
      divisionCode: `${divisionCode}001`,
    });
  }
  console.log(`demo generator: about ${rate} records a second`);
  let last = Date.now();
  for (let n = 0; !stopping; n++) {
    const started = Date.now();
    await step(n);
    if (Date.now() - last > 60_000) {
      console.log(`demo generator, so far: ${JSON.stringify(Object.fromEntries(counts))}`);
      last = Date.now();
    }
    await new Promise((r) => setTimeout(r, Math.max(0, 1000 / rate - (Date.now() - started))));
  }
}

async function stop() {
  stopping = true;
  await producer.disconnect().catch(() => {});
  process.exit(0);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
process.on("unhandledRejection", (e) => console.warn(`warn: ${(e as Error).message}`));
await main();
