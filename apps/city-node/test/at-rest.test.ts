import { randomUUID } from "node:crypto";
import { decodeEvent, encodeEvent, personKeyOf, serviceNeededNotice, sourceOf } from "@pes/schemas";
import { flowbackReceipts, type IncomingEvent, isSealed, openRecord } from "@pes/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sealNodeTablesAtRest } from "../src/db/seal-at-rest.js";
import { flowbackHandler } from "../src/streams/flowback.js";
import {
  bodies,
  idNumber,
  type LedgerNode,
  ledgerNode,
  personBlock,
  TEST_PERSON_KEY_SECRET,
} from "./support/index.js";

// Issue 15 #2: no ledger of the node keeps an ID number, a name or a phone in clear.

let node: LedgerNode;
beforeAll(async () => {
  node = await ledgerNode("cityatrest");
});
afterAll(async () => node?.close());

/** The tables holding one of `values` in clear (the outbox too: ADR 0006 seals its records). */
async function clearIn(values: string[]): Promise<string[]> {
  const tables = await node.rows<{ name: string }>(
    "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
  );
  const found: string[] = [];
  for (const { name } of tables) {
    const rows = await node.rows<{ t: string }>(`select t::text as t from "${name}" t`);
    for (const v of values) if (rows.some((r) => r.t.includes(v))) found.push(`${name}: ${v}`);
  }
  return found;
}

function notice(contactMobile: string, who: { key: string; idNumber: string; name: string }): IncomingEvent {
  const encoded = encodeEvent(
    serviceNeededNotice,
    {
      id: randomUUID(),
      revision: 1,
      cityCode: "350200",
      recordedAt: new Date().toISOString(),
      person: who,
      status: "open",
      reasons: ["zero-employment-family"],
      keyGroups: ["zero-employment-family"],
      areaCode: "350203",
      contactMobile,
      noticedAt: new Date().toISOString(),
    },
    { source: sourceOf.province() },
  );
  const decoded = decodeEvent(encoded.headers, encoded.value);
  if (!decoded.ok) throw new Error(decoded.failure.detail);
  return { ...decoded.event, topic: "pes.flowback.city.350200", partition: 0, offset: "0", key: encoded.key };
}

describe("personal data in the node's ledgers", () => {
  it("keeps no clear ID number, name or phone in any table after the desk's registrations", async () => {
    const seeker = { ...personBlock(), name: "欧阳明珠", phone: "13955550011" };
    const head = { ...personBlock(idNumber("1985-01-01")), name: "上官明月", phone: "13955550012" };
    const spouse = { idNumber: idNumber("1986-02-02", false), name: "上官星辰" };
    const vacancy = bodies.vacancy();
    vacancy.employer = { ...vacancy.employer, contactName: "诸葛经理", contactPhone: "0592-5550013" };
    const family = bodies.family(head, spouse.idNumber);
    family.members[1]!.person.name = spouse.name;
    for (const [path, body] of [
      ["/v1/job-seeker-registrations", bodies.jobSeeker(seeker)],
      ["/v1/zero-employment-families", family],
      ["/v1/vacancy-registrations", vacancy],
    ] as const) {
      const res = await node.post(path, body, node.staff.admin);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const values = [seeker, head, spouse].flatMap((p) => [p.idNumber, p.name]);
    values.push(seeker.phone, head.phone, "诸葛经理", "0592-5550013");
    expect(await clearIn(values)).toEqual([]);

    const [kept] = await node.rows<{ data: { employer: Record<string, string> } }>(
      "select data from vacancy_registrations order by created_at desc limit 1",
    );
    expect(isSealed(kept!.data.employer.contactPhone)).toBe(true);
    expect(kept!.data.employer.name).toBe(vacancy.employer.name);
    expect(openRecord(node.services.vault.cipher, "vacancy-registration", kept!.data).employer).toEqual(
      vacancy.employer,
    );
  });

  it("keeps a service-needed notice's contact mobile sealed, the rest as received", async () => {
    const id = idNumber();
    const who = { key: personKeyOf(id, TEST_PERSON_KEY_SECRET), idNumber: id, name: "司马明轩" };
    const event = notice("13955550014", who);
    const { vault, publisher, trust } = node.services;
    const handle = flowbackHandler({
      cityCode: "350200",
      vault,
      publisher,
      receipts: flowbackReceipts(trust),
    });
    await node.db.db.transaction((tx) => handle(tx, event));
    expect(await clearIn(["13955550014", id, who.name])).toEqual([]);
    const [kept] = await node.rows<{ area_code: string; data: Record<string, unknown> }>(
      `select area_code, data from flowback_notices where person_key = '${who.key}'`,
    );
    expect(kept!.area_code).toBe("350203");
    const { person: _person, ...sent } = event.data as Record<string, unknown>;
    expect(openRecord(vault.cipher, "service-needed-notice", kept!.data)).toEqual(sent);
  });

  it("seals, once, what the node kept in clear before (the seal-at-rest one-off)", async () => {
    // As a node before issue 15 #2 kept them: the contact and the mobile in clear.
    await node.rows(
      `update vacancy_registrations set data = jsonb_set(data, '{employer,contactPhone}', '"0592-5550015"')`,
    );
    await node.rows(
      `update flowback_notices set data = jsonb_set(data, '{contactMobile}', '"13955550016"') where type = 'service-needed-notice'`,
    );
    expect(await clearIn(["0592-5550015", "13955550016"])).toHaveLength(2);
    const { cipher } = node.services.vault;
    expect(await sealNodeTablesAtRest(node.db.db, cipher)).toEqual({
      vacancy_registrations: 1,
      flowback_notices: 1,
    });
    expect(await clearIn(["0592-5550015", "13955550016"])).toEqual([]);
    const [vacancy] = await node.rows<{ data: Record<string, unknown> }>(
      "select data from vacancy_registrations",
    );
    const opened = openRecord(cipher, "vacancy-registration", vacancy!.data) as {
      employer: { contactPhone: string };
    };
    expect(opened.employer.contactPhone).toBe("0592-5550015");
    expect(await sealNodeTablesAtRest(node.db.db, cipher)).toEqual({
      vacancy_registrations: 0,
      flowback_notices: 0,
    });
  });
});
