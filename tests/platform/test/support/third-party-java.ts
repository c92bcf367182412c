import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

// The third-party Java publisher (tests/third-party/java): built with Maven into ~/.cache/pes, once
// per version of its sources, and run as a child process. Java 17 and Maven are required: without
// them the test fails saying so, it is never skipped.

const PROJECT = fileURLToPath(new URL("../../../third-party/java/", import.meta.url));
const CACHE = join(process.env.PES_CACHE ?? join(homedir(), ".cache", "pes"), "third-party-java");

function run(cmd: string, args: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (!error) return resolve({ stdout, stderr });
      const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
      reject(
        new Error(
          missing
            ? `${cmd} is not on PATH: the third-party test needs Java 17+ and Maven (e.g. apt-get install openjdk-17-jdk-headless maven)`
            : `${cmd} ${args.join(" ")} failed (${error.message.split("\n")[0]}):\n${stdout}\n${stderr}`,
        ),
      );
    });
  });
}

/** The sources' digest: a change to the pom or the program builds anew. */
function sourcesDigest(): string {
  const h = createHash("sha256").update(readFileSync(join(PROJECT, "pom.xml")));
  const src = join(PROJECT, "src/main/java");
  for (const f of readdirSync(src).sort()) h.update(f).update(readFileSync(join(src, f)));
  return h.digest("hex").slice(0, 16);
}

/** Builds the program if this version is not built yet; returns its class path. */
export async function buildPublishRecord(): Promise<string> {
  const { stderr } = await run("java", ["-version"], 30_000);
  const major = Number(/version "(\d+)/.exec(stderr)?.[1] ?? 0);
  if (major < 17) throw new Error(`the third-party test needs Java 17+, found: ${stderr.split("\n")[0]}`);
  await run("mvn", ["-v"], 60_000);
  const out = join(CACHE, sourcesDigest());
  if (!existsSync(join(out, ".complete"))) {
    const building = `${out}.${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    await run(
      "mvn",
      ["-q", "-B", "-f", join(PROJECT, "pom.xml"), "compile", "dependency:copy-dependencies"].concat([
        "-DincludeScope=runtime",
        `-Dpes.build=${building}`,
      ]),
      600_000,
    );
    writeFileSync(join(building, ".complete"), "");
    rmSync(out, { recursive: true, force: true });
    renameSync(building, out);
    // Earlier versions' builds go.
    for (const old of readdirSync(CACHE))
      if (/^[0-9a-f]{16}$/.test(old) && join(CACHE, old) !== out)
        rmSync(join(CACHE, old), { recursive: true, force: true });
  }
  return [join(out, "classes"), join(out, "dependency", "*")].join(delimiter);
}

/** Runs PublishRecord with `args` (see its class comment); returns the event id it prints. */
export async function publishRecord(classpath: string, args: string[]): Promise<string> {
  const { stdout } = await run("java", ["-cp", classpath, "PublishRecord", ...args], 120_000);
  return stdout.trim();
}
