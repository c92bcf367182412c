import { describe, expect, it } from "vitest";
import { isTransient, withRetry } from "../src/consumer/errors.js";

// withRetry (p-retry underneath) keeps what the hand-written loop did: which failures are tried
// again, how often, and that the caller sees the failure itself.

const deadlock = () => Object.assign(new Error("deadlock detected"), { code: "40P01" });
const retry = { attempts: 3, initialMs: 1, maxMs: 4, retryIf: isTransient };

describe("withRetry", () => {
  it("tries a transient failure again, at most `attempts` times, telling onRetry before each retry", async () => {
    let calls = 0;
    let retries = 0;
    const failure = deadlock();
    await expect(
      withRetry(
        async () => {
          calls++;
          throw failure;
        },
        { ...retry, onRetry: () => retries++ },
      ),
    ).rejects.toBe(failure);
    expect(calls).toBe(3);
    expect(retries).toBe(2);
  });

  it("answers as soon as a try succeeds", async () => {
    let calls = 0;
    const answer = await withRetry(async () => {
      if (++calls < 2) throw deadlock();
      return "applied";
    }, retry);
    expect(answer).toBe("applied");
    expect(calls).toBe(2);
  });

  it("does not try again what will not pass (a rule, a bug), and throws it as it was", async () => {
    for (const failure of [new Error("unique violation"), new TypeError("x is undefined")]) {
      let calls = 0;
      let retries = 0;
      await expect(
        withRetry(
          async () => {
            calls++;
            throw failure;
          },
          { ...retry, onRetry: () => retries++ },
        ),
      ).rejects.toBe(failure);
      expect([calls, retries]).toEqual([1, 0]);
    }
  });
});
