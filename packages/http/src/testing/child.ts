import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { waitFor } from "@pes/sync/testing";

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A child process under test: everything it printed so far, and how it ended once it has. */
export interface TestProcess {
  readonly output: string;
  readonly exit: ProcessExit | undefined;
  signal(signal: NodeJS.Signals): void;
  /** Waits for `condition`; fails, with the output, if the process ends first or the deadline passes. */
  waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs?: number): Promise<void>;
  waitForExit(what: string, timeoutMs?: number): Promise<ProcessExit>;
  /** SIGKILL if it still runs: for afterAll, so a failed test leaves nothing behind. */
  kill(): Promise<void>;
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs `script` in `dir` as a package's start script does: one Node process with tsx as its loader. */
export function spawnTsx(
  dir: URL,
  script: string,
  env: Record<string, string>,
  args: string[] = [],
): TestProcess {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: fileURLToPath(dir),
    // The tests read the service's info lines ("listening", "stopping"), whatever level the run has.
    env: { ...process.env, PES_LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let exit: ProcessExit | undefined;
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  // "close", not "exit": by then every line the process wrote has been read.
  child.on("close", (code, signal) => (exit = { code, signal }));

  const within = async <T>(what: string, timeoutMs: number, check: () => T | Promise<T>) => {
    try {
      return await waitFor(check, { timeoutMs, what });
    } catch (e) {
      throw new Error(`${(e as Error).message}; output:\n${output}`);
    }
  };

  return {
    get output() {
      return output;
    },
    get exit() {
      return exit;
    },
    signal: (signal) => void child.kill(signal),
    async waitUntil(condition, what, timeoutMs = 30_000) {
      let met = false;
      await within(what, timeoutMs, async () => {
        met = await Promise.resolve(condition()).catch(() => false);
        return met || exit !== undefined;
      });
      if (!met) throw new Error(`ended (${JSON.stringify(exit)}) before ${what}; output:\n${output}`);
    },
    waitForExit: (what, timeoutMs = 30_000) => within(what, timeoutMs, () => exit),
    async kill() {
      if (exit) return;
      child.kill("SIGKILL");
      await within("exit after SIGKILL", 5_000, () => exit);
    },
  };
}
