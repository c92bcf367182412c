import { type DefinedRecord, sourceOf, topics } from "@pes/schemas";
import { type Sealer, sealForOutbox, writeToOutbox } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import type { Publisher } from "../use-cases/context.js";
import { clearRejections, publishedRevisions } from "../use-cases/feedback/rejections.js";

export type { Publisher };

/**
 * Publishes records of this city through the outbox, in the caller's transaction: person records on
 * the city's person topic (keyed by the person key), the others on its master topic. The source is
 * always this node's own city, so a node can only publish as itself; each record is sealed for the
 * province with `sealer` (the node's trust) before it is stored. The use cases' Publisher port.
 * A revision published of a record the province refused clears its rejection, in the same
 * transaction (issue 17 #5): whichever path published it (the intake, a PUT, a desk transition, a
 * closure), a later revision is the city's correction, and the province's word on it comes anew.
 */
export function publisherFor(cityCode: string, sealer: Sealer): Publisher {
  const source = sourceOf.city(cityCode);
  const publication = (definition: DefinedRecord, data: unknown) => ({
    definition,
    data,
    topic: definition.topic === "cityMaster" ? topics.cityMaster(cityCode) : topics.cityPerson(cityCode),
    source,
  });
  return {
    async publish(tx: Database, definition: DefinedRecord, data: unknown) {
      const written = await writeToOutbox(tx, [publication(definition, data)], sealer);
      await clearRejections(tx, publishedRevisions([data]));
      return written;
    },
    // A batch item's record, sealed now and written with its chunk's others (insertOutboxRows; the
    // chunk clears the rejections its records answer, as publish does).
    seal(definition: DefinedRecord, data: unknown) {
      return sealForOutbox([publication(definition, data)], sealer)[0]!;
    },
  };
}
