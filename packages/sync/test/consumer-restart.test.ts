import { encodeEvent, recordByName } from "@pes/schemas";
import { sampleRecord } from "@pes/schemas/samples";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sealAndSign, waitFor } from "../src/testing/index.js";
import {
  doubleApplied,
  type Pipeline,
  PRODUCER,
  receivedCount,
  SOURCE,
  setupPipeline,
  storeHandler,
} from "./harness.js";

describe("a consumer that kafkajs gives up on starts again", () => {
  let p: Pipeline;
  const errors: string[] = [];
  let stalled = false;

  beforeAll(async () => {
    p = await setupPipeline("restart");
    await p
      .consumer({
        sessionTimeoutMs: 6_000,
        // The first record stalls the consumer until the coordinator has dropped it from the group (a
        // machine too loaded to heartbeat): its commit is then refused with UNKNOWN_MEMBER_ID, an
        // error kafkajs does not restart after.
        handle: async (tx, event) => {
          if (!stalled) {
            stalled = true;
            await waitFor(
              async () => {
                const [group] = (await p.admin.describeGroups([p.group])).groups;
                return group !== undefined && group.members.length === 0;
              },
              { timeoutMs: 60_000, intervalMs: 500, what: "the coordinator to drop the stalled member" },
            );
          }
          await storeHandler(tx, event);
        },
        onError: (e) => errors.push((e as Error).message),
      })
      .start();
  });
  afterAll(async () => p?.close());

  const send = (n: number) => {
    const events = Array.from({ length: n }, () =>
      encodeEvent(recordByName("unemployment-registration")!, sampleRecord("unemployment-registration"), {
        source: SOURCE,
      }),
    );
    return p.producer.send({
      topic: p.topic,
      acks: -1,
      messages: sealAndSign(
        PRODUCER,
        "/province",
        events.map((e) => ({ key: e.key, value: e.value, headers: e.headers })),
      ),
    });
  };

  it("rejoins and applies every record that comes after, none twice", async () => {
    await send(3);
    await waitFor(async () => (await receivedCount(p)) === 3, { timeoutMs: 60_000, what: "the first three" });
    expect(stalled).toBe(true);
    // Without a restart nothing reads the topic any more: these would wait forever.
    await send(3);
    await waitFor(async () => (await receivedCount(p)) === 6, {
      timeoutMs: 60_000,
      what: "the three sent after the crash",
    });
    expect(await doubleApplied(p)).toEqual([]);
    expect(
      errors.some((m) => /not aware of this member/i.test(m)),
      errors.join("; "),
    ).toBe(true);
  });
});
