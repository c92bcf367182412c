import { execFile, execFileSync } from "node:child_process";
import { appendFileSync, existsSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";

const exec = promisify(execFile);

/** The PostgreSQL binaries: PES_PG_BIN, else the newest /usr/lib/postgresql/<v>/bin (Debian), else pg_config's. */
function pgBin(): string {
  if (process.env.PES_PG_BIN) return process.env.PES_PG_BIN;
  const debian = "/usr/lib/postgresql";
  const versions = existsSync(debian)
    ? readdirSync(debian)
        .filter((v) => existsSync(join(debian, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return join(debian, versions[0], "bin");
  try {
    return execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("the fault matrix needs PostgreSQL's initdb and pg_ctl: set PES_PG_BIN to their folder");
  }
}

/**
 * A PostgreSQL cluster of the matrix's own (initdb in a folder of its own, its own port), so it can
 * stop and restart the hub's database without touching anyone else's. initdb and the server refuse
 * to run as root: as root they run as the `postgres` user (runuser).
 */
export class PrivatePostgres {
  readonly dir: string;
  private readonly bin = pgBin();

  constructor(
    name: string,
    readonly port: number,
  ) {
    // Not under $PES_CACHE: the postgres user must reach it, and root's home is closed to it.
    this.dir = join(tmpdir(), `pes-${name}-pg`);
  }

  url(database = "postgres"): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** Not blocking: the matrix's proxy and load generator go on in this process meanwhile. */
  private async run(tool: string, args: string[]) {
    const cmd = join(this.bin, tool);
    const asRoot = process.getuid?.() === 0;
    await exec(asRoot ? "runuser" : cmd, asRoot ? ["-u", "postgres", "--", cmd, ...args] : args);
  }

  /** A fresh cluster, started; a left-over one of a run that died is stopped and removed first. */
  async create(): Promise<void> {
    await this.destroy();
    await this.run("initdb", [
      "-D",
      this.dir,
      "-U",
      "postgres",
      "-A",
      "trust",
      "-E",
      "UTF8",
      "--locale=C.UTF-8",
    ]);
    // Appended to the file initdb made (as postgres): it stays the server's to read.
    appendFileSync(
      join(this.dir, "postgresql.conf"),
      [
        "",
        `port = ${this.port}`,
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${this.dir}'`,
        "",
      ].join("\n"),
    );
    await this.start();
  }

  async start(): Promise<void> {
    await this.run("pg_ctl", ["start", "-w", "-t", "60", "-D", this.dir, "-l", join(this.dir, "server.log")]);
  }

  /** A clean shutdown (-m fast): sessions are ended, their open transactions rolled back. */
  async stop(): Promise<void> {
    await this.run("pg_ctl", ["stop", "-w", "-m", "fast", "-D", this.dir]);
  }

  async createDatabase(name: string): Promise<string> {
    const sql = postgres(this.url(), { max: 1, onnotice: () => {} });
    try {
      await sql.unsafe(`create database "${name}"`);
    } finally {
      await sql.end();
    }
    return this.url(name);
  }

  async destroy(): Promise<void> {
    if (existsSync(join(this.dir, "postmaster.pid"))) {
      try {
        await this.run("pg_ctl", ["stop", "-w", "-m", "immediate", "-D", this.dir]);
      } catch {} // not running after all
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
