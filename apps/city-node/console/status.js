// 节点状态: the outbox, the last record published and flow-back applied (GET /v1/node/status), the
// province's refusals with their reasons and fields and how to fix them (GET /v1/rejections, within
// the staff member's area), and the imports with their progress.
import { api, h, mount, num, t, table, time } from "./kit.js";

const figures = h("dl", { class: "figures", "data-testid": "node-figures" }, t("common.loading"));
const rejectionsEl = h("div", { "data-testid": "rejections" });
const importsEl = h("div", { "data-testid": "imports" });
mount(
  h("h1", {}, t("status.title")),
  h("section", {}, figures),
  h(
    "section",
    {},
    h("h2", {}, t("status.rejections")),
    h("p", { class: "muted" }, t("status.fixHint")),
    rejectionsEl,
  ),
  h("section", {}, h("h2", {}, t("status.imports")), importsEl),
);

const figure = (label, value, testid) => [h("dt", {}, label), h("dd", { "data-testid": testid }, value)];

async function load() {
  const [status, rejections] = await Promise.all([api("/v1/node/status"), api("/v1/rejections?limit=100")]);
  figures.replaceChildren(
    ...figure(t("status.outbox"), num(status.outbox.pending), "outbox-pending"),
    ...figure(
      t("status.outboxAge"),
      `${num(status.outbox.oldestAgeSeconds)} ${t("status.seconds")}`,
      "outbox-age",
    ),
    ...figure(t("status.lastPublished"), time(status.outbox.lastPublishedAt), "last-published"),
    ...figure(t("status.lastFlowback"), time(status.lastFlowbackAppliedAt), "last-flowback"),
  );
  rejectionsEl.replaceChildren(
    table(
      [
        [t("status.record"), (r) => r.sourceRecordId ?? r.recordId],
        [t("status.kind"), (r) => r.kind],
        [t("status.reason"), (r) => `${r.reasonCode}: ${r.reason}`],
        [t("status.fields"), (r) => r.problems.map((p) => `${p.path ?? "—"}: ${p.message}`).join("; ")],
      ],
      rejections.items,
    ),
  );
  importsEl.replaceChildren(
    table(
      [
        [t("status.record"), (i) => i.fileName ?? i.id],
        [t("status.kind"), (i) => i.form],
        [t("status.importState"), (i) => i.state],
        [
          t("status.importProgress"),
          (i) => `${num(i.rowsApplied)} / ${num(i.rowsRead)} (${num(i.rowsRejected)} ✗)`,
          { num: true },
        ],
      ],
      status.imports,
    ),
  );
}

load().catch((e) => figures.replaceChildren(h("p", { class: "error", role: "alert" }, e.message)));
