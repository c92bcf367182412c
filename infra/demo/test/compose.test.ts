import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as cityNode from "@pes/city-node/env";
import * as gigMarket from "@pes/gig-market/env";
import * as provinceHub from "@pes/province-hub/env";
import { aclsFor, ensurePrincipal, nodeOf } from "@pes/sync";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

// The reference deployment must stay in step with the services: every app deployed, every
// variable one its env schema knows and accepts, every container port the one the app listens on.

const repo = fileURLToPath(new URL("../../../", import.meta.url));
const apps: Record<
  string,
  { envSchema: { shape: object }; DEFAULT_PORT: number; loadConfig(env: Record<string, string>): unknown }
> = {
  "province-hub": provinceHub,
  "city-node": cityNode,
  "gig-market": gigMarket,
};

interface ComposeService {
  build?: { dockerfile?: string; args?: Record<string, string> };
  environment?: Record<string, string | number | boolean> | string[];
  ports?: string[];
  healthcheck?: { test: string[] };
  command?: string[];
  volumes?: string[];
}
const compose = parse(readFileSync(`${repo}infra/compose.yaml`, "utf8"), { merge: true }) as {
  services: Record<string, ComposeService>;
};

function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  const entries = Array.isArray(env)
    ? env.map((line) => line.split(/=(.*)/s, 2) as [string, string])
    : Object.entries(env);
  return Object.fromEntries(entries.map(([k, v]) => [k, String(v)]));
}

/** Compose interpolation as `docker compose` would do it with the required variables set. */
function interpolate(value: string): string {
  return value.replace(
    /\$\{([A-Z0-9_]+)(?::?[-?][^}]*)?\}/g,
    // Keys must look like keys: 32 bytes, base64.
    (_, name: string) =>
      name.includes("PII_KEY")
        ? Buffer.alloc(32, name).toString("base64")
        : `${name.toLowerCase()}-value-for-the-check`,
  );
}

const deployed = Object.entries(compose.services).flatMap(([name, service]) => {
  const app = service.build?.args?.APP;
  // A service with its own command (the topic provisioner) runs a tool from the image, not the app.
  return app && !service.command ? [{ name, app, service }] : [];
});

/** A host PKI as `pnpm pki` makes it, for the mounted credentials folders (the env schemas check they exist). */
const pki = mkdtempSync(join(tmpdir(), "pes-compose-pki-"));

/** The host folder mounted at `target` ("${PES_PKI_DIR…}/<principal>:target:ro"), made in the test's PKI. */
function mountedCredentials(service: ComposeService, target: string): { principal: string; folder: string } {
  const volume = (service.volumes ?? []).find((v) => v.split(":").at(-2) === target);
  if (!volume) throw new Error(`nothing mounted at ${target}`);
  const principal = /\}\/([a-z0-9-]+):/.exec(volume)![1]!;
  return { principal, folder: ensurePrincipal(pki, principal).dir };
}

describe("infra/compose.yaml", () => {
  it("deploys every app of apps/ from infra/Dockerfile", () => {
    const appDirs = readdirSync(`${repo}apps`, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(Object.keys(apps).sort()).toEqual(appDirs.sort());
    for (const app of appDirs) expect(deployed.map((d) => d.app)).toContain(app);
    for (const { service } of deployed) expect(service.build?.dockerfile).toBe("infra/Dockerfile");
  });

  it("runs a city node for 福州, 厦门 and 泉州", () => {
    const cities = deployed
      .filter((d) => d.app === "city-node")
      .map((d) => environmentOf(d.service).CITY_CODE);
    expect(cities.sort()).toEqual(["350100", "350200", "350500"]);
  });

  it.each(deployed)(
    "$name sets only variables its env schema knows, with valid values",
    ({ app, service }) => {
      const known = Object.keys(apps[app]!.envSchema.shape);
      const env = environmentOf(service);
      expect(Object.keys(env).filter((k) => !known.includes(k))).toEqual([]);
      const interpolated = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(v)]));
      // In production the services speak to Kafka over mutual TLS only: the folder must be mounted.
      interpolated.KAFKA_CREDENTIALS = mountedCredentials(service, env.KAFKA_CREDENTIALS!).folder;
      expect(() => apps[app]!.loadConfig(interpolated)).not.toThrow();
    },
  );

  it.each(deployed)("$name publishes and probes the port its app listens on", ({ app, service }) => {
    const port = Number(environmentOf(service).PORT ?? apps[app]!.DEFAULT_PORT);
    expect(service.ports?.map((p) => Number(p.split(":").at(-1)))).toEqual([port]);
    expect(service.healthcheck?.test.join(" ")).toContain(`127.0.0.1:${port}/readyz`);
  });

  it("gives each service its own host port", () => {
    const hostPorts = Object.values(compose.services).flatMap((s) =>
      (s.ports ?? []).map((p) => p.split(":").at(-2)),
    );
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
  });

  it("builds an image that runs each app's start script", () => {
    const dockerfile = readFileSync(`${repo}infra/Dockerfile`, "utf8");
    expect(dockerfile).toMatch(/^WORKDIR \/app\/apps\/\$\{APP\}$/m);
    const cmd = /^CMD (.*)$/m.exec(dockerfile)?.[1];
    for (const app of Object.keys(apps)) {
      const pkg = JSON.parse(readFileSync(`${repo}apps/${app}/package.json`, "utf8")) as {
        scripts: { start: string };
      };
      expect(
        JSON.parse(cmd ?? "[]")
          .join(" ")
          .replace("./node_modules/.bin/", ""),
      ).toBe(pkg.scripts.start);
    }
  });

  it("runs the broker secured: TLS with client certificates on every listener, ACLs, deny by default", () => {
    const env = environmentOf(compose.services.kafka!);
    const protocols = env.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP!.split(",").map((p) => p.split(":")[1]);
    expect(new Set(protocols)).toEqual(new Set(["SSL"]));
    expect(env.KAFKA_SSL_CLIENT_AUTH).toBe("required");
    expect(env.KAFKA_AUTHORIZER_CLASS_NAME).toBe("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    expect(env.KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND).toBe("false");
    expect(env.KAFKA_SUPER_USERS).toBe("User:broker;User:pes-admin");
    expect(env.KAFKA_LISTENERS).toMatch(/CONTROLLER:\/\/localhost:/);
    // The broker mounts its own folder only, never the CA's key.
    expect(compose.services.kafka!.volumes!.filter((v) => v.includes("PES_PKI_DIR"))).toEqual([
      expect.stringMatching(/\/broker:\/etc\/kafka\/pki:ro$/),
    ]);
  });

  it("publishes the broker on the host's loopback only, like PostgreSQL", () => {
    for (const name of ["kafka", "postgres"]) {
      for (const port of compose.services[name]!.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
    }
  });

  it("gives each service its own principal's credentials, read-only", () => {
    const principals = deployed.map(({ name, app, service }) => {
      const env = environmentOf(service);
      const { principal } = mountedCredentials(service, env.KAFKA_CREDENTIALS!);
      const node = nodeOf(principal);
      expect(node, name).toBeDefined();
      if (app === "city-node") expect(principal).toBe(`city-${env.CITY_CODE}`);
      if (app === "province-hub") expect(principal).toBe("province-hub");
      if (app === "gig-market") {
        // Its consumer group is one its principal's ACLs allow.
        const groups = aclsFor(node!)
          .filter((a) => a.resourceType === "GROUP")
          .map((a) => a.resourceName);
        expect(groups.some((g) => env.PES_CONSUMER_GROUP!.startsWith(g))).toBe(true);
      }
      expect(service.volumes!.find((v) => v.includes(env.KAFKA_CREDENTIALS!))).toMatch(/:ro$/);
      return principal;
    });
    expect(new Set(principals).size).toBe(principals.length);
  });
});
