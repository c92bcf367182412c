import { isIP } from "node:net";
import { connect, type TLSSocket } from "node:tls";
import { Kafka, logLevel, type Producer } from "kafkajs";
import { afterEach, describe, expect, it } from "vitest";
import { createProducer, kafkaSsl } from "../src/kafka.js";
import { TEST_BROKERS, waitFor } from "../src/testing/index.js";
import {
  doubleApplied,
  type Pipeline,
  pendingOutbox,
  personEvent,
  receivedCount,
  setupPipeline,
  writeEvents,
} from "./harness.js";

/**
 * The relay's producer connects through sockets the test can break: the answer to one produce
 * request is lost after the broker wrote the batch, and the broker stays unreachable until kafkajs
 * gives the send up. The relay then reads the outbox again, now holding more rows: a different batch
 * under the sequence numbers the broker has already taken for the first.
 */
// What a client sees of a broker that died: its connections reset.
const reset = () => Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });

function breakableKafka() {
  const state = { loseNextAnswer: false, unreachable: false };
  const kafka = new Kafka({
    clientId: "test-relay-renew",
    brokers: TEST_BROKERS,
    ssl: kafkaSsl(undefined),
    retry: { initialRetryTime: 100, retries: 2 },
    logLevel: logLevel.NOTHING,
    socketFactory: ({ host, port, ssl, onConnect }) => {
      const socket: TLSSocket = connect(
        { host, port, ...(isIP(host) ? {} : { servername: host }), ...ssl },
        () => {
          if (state.unreachable) socket.destroy(reset());
          else onConnect();
        },
      );
      const emit = socket.emit.bind(socket);
      socket.emit = (event: string | symbol, ...args: unknown[]) => {
        if (event === "data" && state.loseNextAnswer) {
          state.loseNextAnswer = false;
          state.unreachable = true;
          socket.destroy(reset());
          return true;
        }
        return emit(event, ...args);
      };
      return socket;
    },
  });
  return { kafka, state };
}

describe("a relay whose send failed after the broker had written the batch", () => {
  let p: Pipeline;
  const producers: Producer[] = [];
  afterEach(async () => {
    for (const producer of producers) await producer.disconnect().catch(() => {});
    await p?.close();
  });

  async function run(renew: boolean) {
    p = await setupPipeline(renew ? "relayrenew" : "relaystuck");
    const { kafka, state } = breakableKafka();
    const fresh = async () => {
      const producer = createProducer(kafka);
      producers.push(producer);
      await producer.connect();
      return producer;
    };
    const errors: string[] = [];
    let armed = false;
    const relay = p.relay({
      producer: await fresh(),
      ...(renew ? { renewProducer: () => fresh() } : {}),
      ensureTopics: async () => {
        if (!armed) return;
        armed = false;
        // More rows behind the batch in hand: the relay's next attempt sends a different batch.
        await writeEvents(
          p,
          Array.from({ length: 30 }, (_, i) => personEvent(p.topic, i % 6, 100 + i)),
        );
        state.loseNextAnswer = true;
      },
      onError: (e) => {
        errors.push((e as { type?: string }).type ?? String(e));
        state.unreachable = false; // kafkajs gave the send up: the broker is back for the next one
      },
    });
    // A first batch goes through whole, so the producer knows the topic and sends nothing else first.
    await writeEvents(
      p,
      Array.from({ length: 6 }, (_, i) => personEvent(p.topic, i, 1)),
    );
    relay.start();
    await waitFor(async () => (await pendingOutbox(p)) === 0, { timeoutMs: 30_000, what: "first batch" });
    armed = true;
    await writeEvents(
      p,
      Array.from({ length: 20 }, (_, i) => personEvent(p.topic, i % 6, 2 + i)),
    );
    return { relay, errors };
  }

  it("is stuck on OUT_OF_ORDER_SEQUENCE_NUMBER with the same producer (what renewProducer is for)", async () => {
    const { errors } = await run(false);
    await waitFor(() => errors.includes("OUT_OF_ORDER_SEQUENCE_NUMBER"), {
      timeoutMs: 60_000,
      what: "the broker refusing the relay's sequence numbers",
    });
    expect(await pendingOutbox(p)).toBeGreaterThan(0);
  });

  it("publishes everything with a new producer, and the consumer applies each record once", async () => {
    const { errors } = await run(true);
    await waitFor(async () => (await pendingOutbox(p)) === 0, { timeoutMs: 60_000, what: "outbox drained" });
    expect(errors.length).toBeGreaterThan(0); // the send did fail
    expect(errors).not.toContain("OUT_OF_ORDER_SEQUENCE_NUMBER");
    await p.consumer().start();
    await waitFor(async () => (await receivedCount(p)) === 56, { timeoutMs: 60_000, what: "all applied" });
    expect(await doubleApplied(p)).toEqual([]);
  });
});
