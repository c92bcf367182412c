// 今日走访: whom the province says to serve within the signed-in staff member's area (GET /v1/work-list),
// the most urgent first, masked as the API masks them; one click records a service for the person
// (POST /v1/work-list/{noticeId}/services), and the person leaves the list once the province says the
// need is met (the list reloads). Export for field work: XLSX, or the print view.
import { api, config, h, mount, num, t } from "./kit.js";

/** Which service meets which part of a need (131: packages/schemas rules/commitment-131). */
const OWED_SERVICE = {
  careerGuidance: "career-guidance",
  jobRecommendations: "job-recommendation",
  trainingOrInternship: "training-referral",
};
const REASON_SERVICE = {
  "graduate-without-contact": "career-guidance",
  "zero-employment-family": "assistance",
  "difficulty-unemployed": "assistance",
};

const total = h("strong", { "data-testid": "work-total" }, "…");
const listEl = h("div", { "data-testid": "work-list" }, t("common.loading"));
const xlsx = h(
  "a",
  { href: "/v1/work-list.xlsx?limit=1000", "data-testid": "export-xlsx" },
  t("work.exportXlsx"),
);
const print = h(
  "button",
  { type: "button", "data-testid": "print", onclick: () => window.print() },
  t("work.print"),
);
mount(
  h("h1", {}, t("work.title")),
  h(
    "div",
    { class: "toolbar" },
    h("span", {}, `${t("work.scope")}: ${config.staff.divisionCode} · ${t("work.total")}: `, total),
    xlsx,
    print,
  ),
  h("p", { class: "muted no-print" }, t("work.hint")),
  h("section", {}, listEl),
);

/** The services that meet what this person is owed, each once. */
function servicesFor(item) {
  const types = new Set();
  for (const [part, type] of Object.entries(OWED_SERVICE)) if (item.shortfall131?.[part]) types.add(type);
  for (const reason of item.reasons) if (REASON_SERVICE[reason]) types.add(REASON_SERVICE[reason]);
  return [...types];
}

function owed(item) {
  const parts = item.reasons.map((r) => h("span", { class: "pill behind" }, t(`reason.${r}`)));
  const s = item.shortfall131;
  const missing = s
    ? Object.keys(OWED_SERVICE)
        .filter((p) => s[p] > 0)
        .map((p) => `${t(`owed.${p}`)} ${num(s[p])}`)
    : [];
  return h("span", {}, parts, missing.length ? h("span", { class: "owed" }, ` ${missing.join(" · ")}`) : "");
}

async function record(item, type, button) {
  button.disabled = true;
  try {
    await api(`/v1/work-list/${item.noticeId}/services`, {
      method: "POST",
      // A retried click is the same visit: the node answers it once.
      headers: { "idempotency-key": button.dataset.key },
      body: JSON.stringify({ serviceType: type, channel: "on-site" }),
    });
    button.textContent = `${t(`service.${type}`)} · ${t("work.recorded")}`;
    button.classList.add("done");
    button.closest("tr")?.setAttribute("data-recorded", "");
  } catch (e) {
    button.disabled = false;
    button.after(h("span", { class: "error", role: "alert" }, `${t("work.failed")}${e.message}`));
  }
}

function actions(item) {
  if (!item.person) return h("span", { class: "muted" }, t("work.notAtNode"));
  return servicesFor(item).map((type) => {
    const button = h(
      "button",
      { type: "button", class: "no-print", "data-service": type },
      t(`service.${type}`),
    );
    button.dataset.key = crypto.randomUUID();
    button.addEventListener("click", () => record(item, type, button));
    return button;
  });
}

function row(item) {
  const p = item.person;
  return h(
    "tr",
    { "data-notice": item.noticeId },
    h("td", { "data-testid": "name" }, p?.name ?? "—"),
    h("td", { "data-testid": "id-number" }, p?.idNumber ?? "—"),
    h("td", {}, item.contactMobile ?? p?.phone ?? "—"),
    h("td", {}, item.areaCode),
    h("td", {}, owed(item)),
    h("td", {}, item.dueBy ?? "—"),
    h("td", { class: "actions" }, actions(item)),
  );
}

async function load() {
  try {
    const list = await api("/v1/work-list?limit=1000");
    total.textContent = num(list.total);
    listEl.replaceChildren(
      list.items.length === 0
        ? h("p", { class: "muted" }, t("common.none"))
        : h(
            "table",
            {},
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                ["work.name", "work.idNumber", "work.mobile", "work.area", "work.owed", "work.dueBy"].map(
                  (k) => h("th", {}, t(k)),
                ),
                h("th", { class: "no-print" }, t("work.record")),
              ),
            ),
            h("tbody", {}, list.items.map(row)),
          ),
    );
  } catch (e) {
    listEl.replaceChildren(h("p", { class: "error", role: "alert" }, e.message));
  }
}

load();
// The province answers a recorded service with the need met (or not) within moments: look again.
setInterval(() => {
  if (!document.querySelector("button:disabled:not(.done)")) load();
}, 10_000);
