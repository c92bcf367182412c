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

/** The services that meet what this person is owed, and how many of each (a 131 part may owe 3). */
function servicesFor(item) {
  const owed = new Map();
  for (const [part, type] of Object.entries(OWED_SERVICE))
    if (item.shortfall131?.[part]) owed.set(type, item.shortfall131[part]);
  for (const reason of item.reasons) if (REASON_SERVICE[reason]) owed.set(REASON_SERVICE[reason], 1);
  return [...owed];
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

const label = (type, left) => `${t(`service.${type}`)}${left > 1 ? ` ×${left}` : ""}`;

/** One click, one service recorded; the button counts down what is still owed and stops at none. */
async function record(item, type, button) {
  button.disabled = true;
  try {
    await api(`/v1/work-list/${item.noticeId}/services`, {
      method: "POST",
      // A retried request is the same visit: the node answers it once.
      headers: { "idempotency-key": crypto.randomUUID() },
      body: JSON.stringify({ serviceType: type, channel: "on-site" }),
    });
    const left = Number(button.dataset.left) - 1;
    button.dataset.left = String(left);
    button.closest("tr")?.setAttribute("data-recorded", "");
    if (left > 0) {
      button.textContent = label(type, left);
      button.disabled = false;
    } else {
      button.textContent = `${t(`service.${type}`)} · ${t("work.recorded")}`;
      button.classList.add("done");
    }
  } catch (e) {
    button.disabled = false;
    button.after(h("span", { class: "error", role: "alert" }, `${t("work.failed")}${e.message}`));
  }
}

function actions(item) {
  if (!item.person) return h("span", { class: "muted" }, t("work.notAtNode"));
  return servicesFor(item).map(([type, left]) => {
    const button = h(
      "button",
      { type: "button", class: "no-print", "data-service": type, "data-left": left },
      label(type, left),
    );
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
// The province answers recorded services with the need met (or what is still owed) within moments:
// look again then, once every visit of a row is recorded — not on a timer, as every person a list
// shows is a read in the audit log.
setInterval(() => {
  const waiting = document.querySelector("tr[data-recorded]");
  if (waiting && !document.querySelector("tr[data-recorded] button:not(.done)")) load();
}, 10_000);
