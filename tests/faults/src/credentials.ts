import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sourceOf } from "@pes/schemas";
import {
  cityPrincipal,
  createTrust,
  ensurePrincipal,
  readRegistry,
  registryOf,
  registryPath,
  rotatePartyKeys,
  rotatePrincipal,
  type Trust,
} from "@pes/sync";
import { TEST_PKI_DIR, testKeysOf, testRegistryFile } from "@pes/sync/testing";

/**
 * The city's credentials in a PKI folder of the matrix's own, as `pnpm enrol` lays them out: the
 * tests' CA (copied, so the broker that trusts it accepts what is issued here), the city's TLS
 * certificate and SM2 keys (its test keys to begin with), and the registry of the province's and the
 * city's public keys. Rotating them here touches no other test's files.
 */
export class MatrixCredentials {
  readonly dir: string;
  readonly principal: string;

  constructor(
    name: string,
    readonly city: string,
  ) {
    this.dir = join(tmpdir(), `pes-${name}-pki`);
    this.principal = cityPrincipal(city);
  }

  create(): void {
    this.destroy();
    mkdirSync(join(this.dir, "ca"), { recursive: true, mode: 0o700 });
    for (const f of ["ca.pem", "ca.key"]) copyFileSync(join(TEST_PKI_DIR, "ca", f), join(this.dir, "ca", f));
    ensurePrincipal(this.dir, this.principal);
    const city = sourceOf.city(this.city);
    writeFileSync(join(this.cityFolder, "keys.json"), JSON.stringify(testKeysOf(city)), { mode: 0o600 });
    writeFileSync(this.registry, JSON.stringify(testRegistryFile([sourceOf.province(), city])));
  }

  /** KAFKA_CREDENTIALS of the city node: ca.pem, cert.pem, key.pem and keys.json. */
  get cityFolder(): string {
    return join(this.dir, this.principal);
  }

  get registry(): string {
    return registryPath(this.dir);
  }

  /**
   * `pnpm enrol rotate city-<code>`: a new TLS key and certificate, same subject, and new SM2 signing
   * and encryption keys; the old signing key keeps `overlapDays` (records signed with it in flight).
   */
  rotateCity(overlapDays = 7): void {
    rotatePrincipal(this.dir, this.principal);
    rotatePartyKeys(this.dir, this.principal, { kind: "city", city: this.city }, overlapDays);
  }

  /** The province's trust as the registry stands now: what the checker opens the city topic with. */
  provinceTrust(): Trust {
    return createTrust(testKeysOf(sourceOf.province()), registryOf(readRegistry(this.dir)));
  }

  destroy(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
