import { z } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import { admins, defineRoute } from "../../auth/access.js";
import type { App } from "../../context.js";
import { evidenceHeader, evidenceSigner } from "../../trust.js";
import { checkpointIfDue } from "../../use-cases/evidence/checkpoint.js";
import { exportEvidence } from "../../use-cases/evidence/export.js";

const Seq = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

const Query = z
  .object({
    from: Seq.optional().openapi({
      description: "The first entry's sequence number (default: the first kept)",
    }),
    to: Seq.optional().openapi({ description: "The last entry's sequence number (default: the last)" }),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    path: ["to"],
    message: "must not be before from",
  });

const route = defineRoute({
  method: "get",
  path: "/v1/evidence/log",
  tags: ["Evidence 交换存证"],
  summary: "Export the exchange evidence log for an auditor (JSON lines)",
  description:
    "A header with the hub's public signing keys, every entry (accepted, rejected, sent, receipts) in order, " +
    "then every signed checkpoint. A checkpoint over the last entry is signed first, so the whole export is " +
    "vouched for. Check it offline with `pnpm verify-log <file>` (docs/adr/0006, issue 16). No personal data: " +
    "entries name records by id and digest.",
  access: admins,
  request: { query: Query },
  responses: {
    200: {
      description: "The log as JSON lines",
      content: { "application/x-ndjson": { schema: z.string().openapi({ format: "binary" }) } },
    },
    ...errorResponses,
  },
});

export function registerEvidenceExport(app: App): void {
  app.openapi(route, async (c) => {
    const { from, to } = c.req.valid("query");
    const { db, trust } = c.get("services");
    // Only when the export reaches the log's end: a checkpoint is never signed over an older entry.
    if (to === undefined)
      await checkpointIfDue(db.db, evidenceSigner(trust), { everyEntries: 1, everyMs: 0 }, new Date(), true);
    const lines = await exportEvidence(db.db, evidenceHeader(trust), {
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
    });
    const name = `evidence-${from ?? "first"}-${to ?? "last"}`;
    return c.body(`${lines.join("\n")}\n`, 200, {
      "content-type": "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="${name}.jsonl"`,
    });
  });
}
