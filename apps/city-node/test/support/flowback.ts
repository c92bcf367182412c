import { randomUUID } from "node:crypto";
import { type DefinedRecord, encodeEvent, personKeyOf, sourceOf, topics } from "@pes/schemas";
import { createKafka, createProducer, provisionTopics } from "@pes/sync";
import { sealAndSign, startGroupAtEnd, TEST_BROKERS, testTrust } from "@pes/sync/testing";
import { TEST_PERSON_KEY_SECRET } from "./config.js";

/**
 * The province's side of a city's flow-back topic, as the hub's relay publishes it: records signed
 * by the province and sealed for the city. `start` provisions the topic and puts `groupId` (the
 * node's) at its end, so the node reads only what the test sends.
 */
export function provinceFlowback(cityCode: string) {
  const topic = topics.flowbackCity(cityCode);
  const province = testTrust(sourceOf.province());
  const kafka = createKafka({ brokers: TEST_BROKERS, clientId: `flowback-${cityCode}-test` });
  const producer = createProducer(kafka);
  return {
    topic,
    async start(groupId: string) {
      const admin = kafka.admin();
      await admin.connect();
      await provisionTopics(admin, { cities: [cityCode], markets: [] });
      await startGroupAtEnd(admin, groupId, [topic]).finally(() => admin.disconnect());
      await producer.connect();
    },
    /** Each record an event of its own, as the relay publishes each revision; their event ids. */
    async send(...records: Array<{ definition: DefinedRecord; data: Record<string, unknown> }>) {
      const messages = records.map(({ definition, data }) => {
        const e = encodeEvent(definition, data, { source: sourceOf.province() });
        return { key: e.key, value: e.value, headers: e.headers };
      });
      await producer.send({
        topic,
        acks: -1,
        messages: sealAndSign(province, sourceOf.city(cityCode), messages),
      });
      return messages.map((m) => m.headers.ce_id!);
    },
    close: () => producer.disconnect(),
    /** The frame of a flow-back record addressed to the city. */
    base: () => ({ id: randomUUID(), revision: 1, cityCode, recordedAt: new Date().toISOString() }),
  };
}

/** A person as flow-back names them (sex and birth date left out: the ID number has them). */
export const flowbackPerson = (idNumber: string, name: string) => ({
  key: personKeyOf(idNumber, TEST_PERSON_KEY_SECRET),
  idNumber,
  name,
  sex: undefined,
  birthDate: undefined,
});
