// @hono/zod-openapi extends zod before @pes/schemas (loaded by @pes/sync) builds its schemas.
import "@hono/zod-openapi";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseHandle } from "@pes/sync/db";
import { sql } from "drizzle-orm";
import type { KafkaMessage } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAppDatabase } from "../../src/db/index.js";
import { alignIndex, browseDeadLetters, indexDeadLetters } from "../../src/streams/dead-letter-index.js";
import { indexBatch } from "../../src/streams/dead-letter-indexer.js";
import { TEST_TRUST, testDatabase } from "../support/index.js";

// The index's database side on both databases the hub runs on, the real PostgreSQL and the embedded
// PGlite, with records as kafkajs decodes them, including what kafkajs cannot send but another client
// can (a header with a null value).
const databases = {
  postgres: async () => {
    const testDb = await testDatabase("dlindex");
    return { handle: testDb.db, close: () => testDb.close() };
  },
  pglite: async () => {
    const dir = mkdtempSync(join(tmpdir(), "hub-dlindex-"));
    const handle = await openAppDatabase({ databaseUrl: undefined, dataDir: dir });
    return {
      handle,
      async close() {
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const message = (offset: number, headers: KafkaMessage["headers"]): KafkaMessage =>
  ({
    key: null,
    value: null,
    headers,
    offset: String(offset),
    timestamp: "1700000000000",
    attributes: 0,
  }) as KafkaMessage;
const page = { page: 1, pageSize: 50 };

describe.each(Object.keys(databases) as Array<keyof typeof databases>)("on %s", (name) => {
  let db: DatabaseHandle;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ handle: db, close } = await databases[name]());
  });
  afterAll(async () => close?.());
  const offsets = async (topic: string) =>
    (await browseDeadLetters(db.db, topic, {}, page)).items.map((e) => e.offset);

  describe("indexDeadLetters", () => {
    it("indexes a dead letter whose headers came with null values, once however often it is read", async () => {
      const headers = {
        pes_dlq_reason: null,
        ce_source: [null, "/city/350200"],
        pes_dlq_topic: "pes.city.350200.person",
      };
      // @ts-expect-error kafkajs types no null header, yet decodes one so
      const letters = [message(7, headers)];
      await indexDeadLetters(db.db, TEST_TRUST, "t-null", 0, letters);
      await indexDeadLetters(db.db, TEST_TRUST, "t-null", 0, letters);
      const { total, items } = await browseDeadLetters(db.db, "t-null", {}, page);
      expect(total).toBe(1);
      expect(items[0]).toMatchObject({
        offset: "7",
        reason: "handler-failed",
        source: null,
        cityCode: "350200",
        at: "2023-11-14T22:13:20.000Z",
        summary: "empty (tombstone)",
      });
    });

    it("orders by offset as a number, newest first", async () => {
      const at = { pes_dlq_at: "2024-01-01T00:00:00.000Z" };
      await indexDeadLetters(db.db, TEST_TRUST, "t-order", 0, [
        message(9, at),
        message(10, at),
        message(100, at),
      ]);
      expect(await offsets("t-order")).toEqual(["100", "10", "9"]);
    });
  });

  describe("indexBatch", () => {
    it("leaves out and reports only a letter the database refuses, and indexes the rest of its batch", async () => {
      // A refusal no header can cause any more: a trigger that says no to one event id.
      await db.db.execute(sql`create function refuse_poison() returns trigger language plpgsql as $$
        begin if new.event_id = 'poison' then raise exception 'no' using errcode = '22000'; end if; return new; end $$`);
      await db.db.execute(sql`create trigger refuse_poison before insert on hub_dead_letters
        for each row execute function refuse_poison()`);
      const reported: string[] = [];
      await indexBatch(
        db.db,
        TEST_TRUST,
        "t-poison",
        0,
        [message(1, { ce_id: "a" }), message(2, { ce_id: "poison" }), message(3, { ce_id: "c" })],
        (e) => reported.push((e as Error).message),
      );
      await db.db.execute(sql`drop trigger refuse_poison on hub_dead_letters`);
      expect(await offsets("t-poison")).toEqual(["3", "1"]);
      expect(reported).toEqual(["dead letter t-poison 0/2 left out of the index (SQLSTATE 22000)"]);
    });
  });

  describe("alignIndex", () => {
    it("drops what retention deleted from the topic and goes on after the last row", async () => {
      await indexDeadLetters(
        db.db,
        TEST_TRUST,
        "t-kept",
        0,
        [0, 1, 2, 3].map((o) => message(o, {})),
      );
      const starts = await alignIndex(db.db, "t-kept", async () => [
        { partition: 0, low: "2", high: "6" },
        { partition: 1, low: "5", high: "5" },
      ]);
      expect(starts).toEqual([
        { partition: 0, offset: "4" },
        { partition: 1, offset: "5" },
      ]);
      expect(await offsets("t-kept")).toEqual(["3", "2"]);
    });

    it("starts a partition over when its rows reach past the topic's end: the topic was made anew", async () => {
      await indexDeadLetters(
        db.db,
        TEST_TRUST,
        "t-anew",
        0,
        [4, 5].map((o) => message(o, {})),
      );
      const starts = await alignIndex(db.db, "t-anew", async () => [{ partition: 0, low: "0", high: "2" }]);
      expect(starts).toEqual([{ partition: 0, offset: "0" }]);
      expect(await offsets("t-anew")).toEqual([]);
    });
  });
});
