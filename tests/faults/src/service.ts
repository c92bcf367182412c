import { spawnTsx, type TestProcess } from "@pes/http/child";

/** A service process that can be killed and started again on the same database, port and group. */
export class Service {
  process: TestProcess | undefined;
  constructor(
    readonly name: string,
    private readonly dir: URL,
    readonly env: Record<string, string>,
    readonly url: string,
  ) {}

  /** Starts it, with `env` added to its own, and waits until it answers. */
  async start(env: Record<string, string> = {}, timeoutMs = 90_000) {
    const proc = spawnTsx(this.dir, "src/main.ts", { ...this.env, ...env });
    this.process = proc;
    const healthy = () =>
      fetch(`${this.url}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
    await proc.waitUntil(healthy, `${this.name} answering /healthz`, timeoutMs);
  }

  /** Stops it (SIGTERM) and starts it again with `env` added to its own. */
  async restart(env: Record<string, string> = {}) {
    await this.stop();
    await this.start(env);
  }

  /** Waits until a failpoint (PES_FAILPOINTS) has killed it; anything else ending it is an error. */
  async killedByFailpoint(timeoutMs = 120_000) {
    const proc = this.process;
    if (!proc) throw new Error(`${this.name} was not started`);
    const exit = await proc.waitForExit(`${this.name} killed by a failpoint`, timeoutMs);
    if (exit.signal !== "SIGKILL" || !proc.output.includes("failpoint"))
      throw new Error(
        `${this.name} ended otherwise than by a failpoint: ${JSON.stringify(exit)}\n${proc.output}`,
      );
  }

  async kill() {
    await this.process?.kill();
  }

  signal(signal: NodeJS.Signals) {
    this.process?.signal(signal);
  }

  async stop() {
    const proc = this.process;
    if (!proc || proc.exit) return;
    proc.signal("SIGTERM");
    await proc.waitForExit(`${this.name} stopping`, 30_000).catch(() => proc.kill());
  }
}
