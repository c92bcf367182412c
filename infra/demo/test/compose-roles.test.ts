import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

// infra/compose.yaml: each service reaches PostgreSQL as its own role, owning its own database only
// (infra/postgres/init-databases.sh), never as the superuser.

const repo = fileURLToPath(new URL("../../../", import.meta.url));
const compose = parse(readFileSync(`${repo}infra/compose.yaml`, "utf8"), { merge: true }) as {
  services: Record<
    string,
    {
      build?: { args?: Record<string, string> };
      command?: string[];
      environment?: Record<string, string>;
      volumes?: string[];
    }
  >;
};
const script = readFileSync(`${repo}infra/postgres/init-databases.sh`, "utf8");
const postgres = compose.services.postgres!;
const apps = Object.entries(compose.services).filter(([, s]) => s.build?.args?.APP && !s.command);
const urlOf = (name: string) => new URL(compose.services[name]!.environment!.DATABASE_URL!);

describe("infra/compose.yaml database roles", () => {
  it("gives every service a role and database of its own, not the superuser", () => {
    const superuser = postgres.environment!.POSTGRES_USER;
    const seen = apps.map(([name]) => {
      const url = urlOf(name);
      expect(url.username, name).not.toBe(superuser);
      return { role: url.username, database: url.pathname.slice(1) };
    });
    expect(new Set(seen.map((s) => s.role)).size).toBe(apps.length);
    expect(new Set(seen.map((s) => s.database)).size).toBe(apps.length);
    for (const { role, database } of seen) expect(script).toContain(`create ${role} ${database} `);
  });

  it("takes each role's password from the environment, the same in the service and the init script", () => {
    for (const [name] of apps) {
      const password = decodeURIComponent(urlOf(name).password);
      const variable = /^\$\{(PES_DB_PASSWORD_[A-Z0-9_]+)[:}]/.exec(password)?.[1];
      expect(variable, name).toBeDefined();
      expect(script).toContain(`"$${variable}"`);
      expect(postgres.environment![variable!]).toBe(password);
    }
  });

  it("mounts the init script, which revokes connecting from public", () => {
    expect(postgres.volumes).toContain(
      "./postgres/init-databases.sh:/docker-entrypoint-initdb.d/10-pes-databases.sh:ro",
    );
    expect(script).toContain('revoke all on database :"database" from public');
  });
});
