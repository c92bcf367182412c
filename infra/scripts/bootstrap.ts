// What the demo needs on a fresh platform, kept in <platform dir>/demo/credentials.json so a restart reuses it:
// admin tokens (issued by the apps' CLIs before the services open their embedded databases: PGlite is
// one process at a time), a hub gateway token for the gig market, a gig market tenant and its voucher set-up.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { CATALOGUE } from "@pes/province-hub/indicators/catalogue";

export interface Credentials {
  hubAdminToken?: string;
  cityTokens: Record<string, string>;
  gateway?: { operatorId: string; token: string };
  market?: { id: string; key: string };
  /** Filled in by platform.ts on every start, for the generator and the tests. */
  urls?: { hub: string; cities: Record<string, string>; gig: string };
}

export const DEMO_MARKET = {
  id: "xm-siming",
  name: "思明零工市场",
  city: "350200",
  district: "350203",
};
export const DEMO_POLICY_ID = "demo-gig-introduction";

export function loadCredentials(file: string): Credentials {
  if (!existsSync(file)) return { cityTokens: {} };
  return JSON.parse(readFileSync(file, "utf8")) as Credentials;
}

export function saveCredentials(file: string, creds: Credentials): void {
  mkdirSync(dirname(file), { recursive: true });
  // Write then rename: an interrupted start never leaves half a file.
  writeFileSync(`${file}.tmp`, `${JSON.stringify(creds, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

/** The CLIs running now: Ctrl-C during the bootstrap stops them too. */
export const runningClis = new Set<ChildProcess>();

/** Runs an app's CLI with the service's environment and returns the first match of `pattern` in its output. */
export function runCli(
  root: string,
  app: string,
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  pattern: RegExp,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      cwd: `${root}/apps/${app}`,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    runningClis.add(child);
    let output = "";
    child.stdout.on("data", (c) => (output += c));
    child.stderr.on("data", (c) => (output += c));
    child.on("close", (code) => {
      runningClis.delete(child);
      const found = pattern.exec(output)?.[1];
      if (found) resolve(found);
      // The output names what failed; the secret it prints is only on success, which is not this branch.
      else reject(new Error(`${app} ${script} exited ${code}: ${output.slice(-2000)}`));
    });
  });
}

const TOKEN = /token \(shown once[^)]*\): (\S+)/;

/** Before the services start: the CLI-made credentials that are missing. */
export async function issueOfflineCredentials(
  creds: Credentials,
  opts: {
    root: string;
    hubEnv: NodeJS.ProcessEnv;
    cityEnvs: Record<string, NodeJS.ProcessEnv>;
    gigEnv: NodeJS.ProcessEnv;
  },
): Promise<void> {
  const jobs: Promise<void>[] = [];
  if (!creds.hubAdminToken)
    jobs.push(
      runCli(
        opts.root,
        "province-hub",
        "src/cli/issue-token.ts",
        ["--admin", "演示管理员"],
        opts.hubEnv,
        TOKEN,
      ).then((t) => {
        creds.hubAdminToken = t;
      }),
    );
  for (const [city, env] of Object.entries(opts.cityEnvs))
    if (!creds.cityTokens[city])
      jobs.push(
        runCli(
          opts.root,
          "city-node",
          "src/cli/issue-token.ts",
          ["--admin", "演示市管理员"],
          env,
          TOKEN,
        ).then((t) => {
          creds.cityTokens[city] = t;
        }),
      );
  if (!creds.market) {
    const m = DEMO_MARKET;
    const args = ["--id", m.id, "--name", m.name, "--city", m.city, "--district", m.district];
    jobs.push(
      runCli(opts.root, "gig-market", "src/cli/create-market.ts", args, opts.gigEnv, /(pes_gm_\S+)/).then(
        (key) => {
          creds.market = { id: m.id, key };
        },
      ),
    );
  }
  const results = await Promise.allSettled(jobs);
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
}

async function hubCall(url: string, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text.startsWith("{") ? JSON.parse(text) : text };
}

/** Once the hub answers: the gig market's gateway, its market as a voucher provider, and a policy. */
export async function bootstrapHub(creds: Credentials, hubUrl: string): Promise<void> {
  const admin = creds.hubAdminToken;
  if (!admin || !creds.market) throw new Error("bootstrapHub needs the hub admin token and the market");
  const call = (method: string, path: string, body?: unknown) => hubCall(hubUrl, admin, method, path, body);
  const must = (what: string, r: { status: number; body: unknown }, ok = [200, 201]) => {
    if (!ok.includes(r.status)) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as Record<string, string>;
  };
  if (!creds.gateway) {
    const op = must(
      "gateway operator",
      await call("POST", "/v1/operators", { name: "零工市场网关（演示）", role: "gateway" }),
    );
    const issued = must(
      "gateway token",
      await call("POST", `/v1/operators/${op.id}/tokens`, { label: "demo" }),
    );
    creds.gateway = { operatorId: op.id!, token: issued.token! };
  }
  // 409: made by an earlier start; both are kept as they are.
  must(
    "voucher provider",
    await call("POST", "/v1/voucher-providers", {
      id: creds.market.id,
      name: DEMO_MARKET.name,
      kind: "gig-market",
      gatewayIds: [creds.gateway.operatorId],
      settlementAccount: {
        bankName: "厦门银行",
        accountName: DEMO_MARKET.name,
        accountNumber: "6222021234567890",
      },
    }),
    [201, 409],
  );
  // The hub's market registry: gig_markets counts standardised markets registered for the area.
  must(
    "gig-market registration",
    await call("PUT", `/v1/gig-markets/${creds.market.id}`, {
      cityCode: DEMO_MARKET.city,
      districtCode: DEMO_MARKET.district,
      name: DEMO_MARKET.name,
      standardised: true,
    }),
  );
  const year = new Date().getUTCFullYear();
  must(
    "voucher policy",
    await call("POST", "/v1/voucher-policies", {
      id: DEMO_POLICY_ID,
      name: "零工介绍就业券（演示）",
      serviceKind: "gig-work-introduction",
      amountFen: 20_000,
      eligibleGroups: ["registered-unemployed"],
      eligibleProviders: [creds.market.id],
      issueFrom: `${year - 1}-01-01`,
      issueUntil: `${year + 2}-12-31`,
      validDays: 90,
    }),
    [201, 409],
  );
  // Xiamen's 2023 targets as this year's for the three demo cities: the console then shows attainment.
  const targets = Object.fromEntries(CATALOGUE.map((d) => [d.code, d.target2023]));
  for (const city of Object.keys(creds.cityTokens))
    must("targets", await call("PUT", `/v1/targets/${city}/${new Date().getUTCFullYear()}`, { targets }));
}
