import { execFileSync } from "node:child_process";
import { randomBytes, X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The province's Kafka PKI: one CA, the broker's certificate and one key+certificate per principal
 * (city-350200, gig-<market>, province-hub, pes-admin), ECDSA P-256 (Kafka's JSSE has no SM2), made
 * with the machine's openssl (3.x). A principal's folder holds ca.pem, cert.pem and key.pem (PKCS#8):
 * the credentials a service is given (KAFKA_CREDENTIALS). Outside the repository, default
 * ~/.cache/pes/pki/<instance>.
 */
export const CA_DAYS = 3650;
/** Short-lived: Kafka checks no CRL, so an unrevoked but stolen certificate ends with its validity. */
export const CERT_DAYS = 90;
/** A certificate this close to its end is renewed by `pki init` (and the next start). */
export const RENEW_BEFORE_DAYS = 30;

export const ADMIN_PRINCIPAL = "pes-admin";
export const BROKER_PRINCIPAL = "broker";
export const HUB_PRINCIPAL = "province-hub";

const PRINCIPAL = /^[a-z0-9][a-z0-9-]{1,80}$/;

/** The PKI folder of a broker instance: PES_PKI_DIR, else ~/.cache/pes/pki/<instance>. */
export function pkiDir(instance = "local", env: Record<string, string | undefined> = process.env): string {
  return env.PES_PKI_DIR ?? join(env.PES_CACHE ?? join(homedir(), ".cache", "pes"), "pki", instance);
}

export interface Credentials {
  dir: string;
  ca: string;
  cert: string;
  key: string;
}

function openssl(args: string[], input?: string): string {
  return execFileSync("openssl", args, { encoding: "utf8", input, stdio: ["pipe", "pipe", "pipe"] });
}

function daysLeft(certPem: string): number {
  return (new Date(new X509Certificate(certPem).validTo).getTime() - Date.now()) / 86_400_000;
}

/** Creates the CA once (kept in <dir>/ca: ca.pem, ca.key; the key never leaves this folder). */
export function ensureCa(dir: string): { cert: string; keyFile: string; certFile: string } {
  const caDir = join(dir, "ca");
  const certFile = join(caDir, "ca.pem");
  const keyFile = join(caDir, "ca.key");
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    mkdirSync(caDir, { recursive: true, mode: 0o700 });
    openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", keyFile]);
    openssl([
      "req",
      "-x509",
      "-new",
      "-key",
      keyFile,
      "-sha256",
      "-days",
      String(CA_DAYS),
      "-subj",
      "/O=Fujian PES/OU=kafka/CN=PES Fujian province Kafka CA",
      "-addext",
      "basicConstraints=critical,CA:TRUE,pathlen:0",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
      "-out",
      certFile,
    ]);
  }
  return { cert: readFileSync(certFile, "utf8"), certFile, keyFile };
}

function issue(dir: string, principal: string, out: string, opts: { server?: boolean; days?: number }): void {
  const ca = ensureCa(dir);
  mkdirSync(out, { recursive: true, mode: 0o700 });
  const work = join(tmpdir(), `pes-pki-${randomBytes(6).toString("hex")}`);
  mkdirSync(work, { mode: 0o700 });
  try {
    const key = join(work, "key.pem");
    const csr = join(work, "req.csr");
    const ext = join(work, "ext.cnf");
    const cert = join(work, "cert.pem");
    openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key]);
    openssl(["req", "-new", "-key", key, "-subj", `/O=Fujian PES/OU=kafka/CN=${principal}`, "-out", csr]);
    writeFileSync(
      ext,
      [
        "basicConstraints=critical,CA:FALSE",
        "keyUsage=critical,digitalSignature",
        `extendedKeyUsage=${opts.server ? "serverAuth,clientAuth" : "clientAuth"}`,
        ...(opts.server ? ["subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kafka"] : []),
        "",
      ].join("\n"),
    );
    openssl([
      "x509",
      "-req",
      "-in",
      csr,
      "-CA",
      ca.certFile,
      "-CAkey",
      ca.keyFile,
      "-set_serial",
      `0x${randomBytes(16).toString("hex")}`,
      "-days",
      String(opts.days ?? CERT_DAYS),
      "-sha256",
      "-extfile",
      ext,
      "-out",
      cert,
    ]);
    writeFileSync(join(out, "ca.pem"), ca.cert, { mode: 0o644 });
    writeFileSync(join(out, "cert.pem"), readFileSync(cert), { mode: 0o644 });
    writeFileSync(join(out, "key.pem"), readFileSync(key), { mode: 0o600 });
    if (opts.server) {
      // The broker's PEM keystore: its key and its certificate in one file (ssl.keystore.type=PEM).
      writeFileSync(join(out, "keystore.pem"), readFileSync(key, "utf8") + readFileSync(cert, "utf8"), {
        mode: 0o600,
      });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The credentials of `principal` (its CN), issued if missing or within RENEW_BEFORE_DAYS of its end.
 * Idempotent: an existing, valid certificate is kept.
 */
export function ensurePrincipal(
  dir: string,
  principal: string,
  opts: { server?: boolean } = {},
): Credentials {
  if (!PRINCIPAL.test(principal)) throw new Error(`not a principal name: ${JSON.stringify(principal)}`);
  const out = join(dir, principal);
  const certFile = join(out, "cert.pem");
  const fresh =
    existsSync(certFile) &&
    existsSync(join(out, "key.pem")) &&
    daysLeft(readFileSync(certFile, "utf8")) > RENEW_BEFORE_DAYS &&
    readFileSync(join(out, "ca.pem"), "utf8") === ensureCa(dir).cert;
  if (!fresh) issue(dir, principal, out, opts);
  return readCredentials(out);
}

/**
 * Rotation: the current key and certificate move to <principal>/previous/ (still valid until they
 * expire: the overlap window) and a new key and certificate with the same subject take their place.
 */
export function rotatePrincipal(
  dir: string,
  principal: string,
): { current: Credentials; previous: Credentials } {
  const out = join(dir, principal);
  if (!existsSync(join(out, "cert.pem"))) throw new Error(`${principal} has no credentials in ${dir}`);
  const prev = join(out, "previous");
  rmSync(prev, { recursive: true, force: true });
  mkdirSync(prev, { mode: 0o700 });
  for (const f of ["ca.pem", "cert.pem", "key.pem"]) renameSync(join(out, f), join(prev, f));
  issue(dir, principal, out, {});
  return { current: readCredentials(out), previous: readCredentials(prev) };
}

/** Revocation on the credentials side: the folder moves to <dir>/revoked/<principal>-<time>. */
export function retirePrincipal(dir: string, principal: string): string | undefined {
  const out = join(dir, principal);
  if (!existsSync(out)) return undefined;
  const target = join(dir, "revoked", `${principal}-${new Date().toISOString().replace(/[:.]/g, "")}`);
  mkdirSync(join(dir, "revoked"), { recursive: true, mode: 0o700 });
  renameSync(out, target);
  return target;
}

export function readCredentials(folder: string): Credentials {
  return {
    dir: folder,
    ca: readFileSync(join(folder, "ca.pem"), "utf8"),
    cert: readFileSync(join(folder, "cert.pem"), "utf8"),
    key: readFileSync(join(folder, "key.pem"), "utf8"),
  };
}

/** The subject CN of a certificate: the principal the broker maps it to. */
export function principalOf(certPem: string): string | undefined {
  return /CN=([^,\n]+)/.exec(new X509Certificate(certPem).subject)?.[1];
}
