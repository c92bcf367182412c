// 上报及时性: per city and month of a year, whether its node reported (GET /v1/streams/reporting per
// month) — expected, received and on-time reports and their rates, as DHIS2 reports reporting
// rates — and the nodes silent right now (GET /v1/streams/silent-nodes).
import { api, currentMonth, h, mount, num, t, table, time } from "./common.js";

const params = new URLSearchParams(location.search);
const thisMonth = currentMonth();
const year = params.get("year") ?? thisMonth.slice(0, 4);
/** The months of the year up to this one: a month not begun is not expected yet. */
const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, "0")}`).filter(
  (m) => m <= thisMonth,
);

const yearSelect = h(
  "select",
  { "data-testid": "year" },
  [0, 1, 2].map((back) => {
    const y = String(Number(thisMonth.slice(0, 4)) - back);
    return h("option", { value: y, selected: y === year }, y);
  }),
);
yearSelect.addEventListener("change", () => location.assign(`?year=${yearSelect.value}`));
const matrixEl = h("div", { class: "wide", "data-testid": "reporting" }, t("common.loading"));
const silentEl = h("div", { "data-testid": "silent-nodes" }, t("common.loading"));
mount(
  h("h1", {}, t("reporting.title")),
  h("div", { class: "toolbar" }, h("label", {}, t("reporting.year"), yearSelect)),
  h("p", { class: "muted" }, t("reporting.hint")),
  h("section", {}, matrixEl),
  h("section", {}, h("h2", {}, t("streams.silent")), silentEl),
);

const percent = (n, d) => (d === 0 ? "—" : `${num(Math.round((n / d) * 1000) / 10)}%`);

async function load() {
  const periods = await Promise.all(months.map((m) => api(`/v1/streams/reporting?period=${m}`)));
  const cities = periods[0]?.items.map((c) => [c.cityCode, c.cityName]) ?? [];
  const rows = cities.map(([code, name]) => {
    const statuses = periods.map((p) => p.items.find((c) => c.cityCode === code)?.status ?? "pending");
    const expected = statuses.filter((s) => s !== "pending").length;
    const received = statuses.filter((s) => s === "on-time" || s === "late").length;
    const onTime = statuses.filter((s) => s === "on-time").length;
    return { code, name, statuses, expected, received, onTime };
  });
  matrixEl.replaceChildren(
    table(
      [
        [t("common.city"), (r) => r.name],
        ...months.map((m, i) => [
          m.slice(5),
          (r) => h("span", { class: `pill ${r.statuses[i]}` }, t(`streams.status.${r.statuses[i]}`)),
        ]),
        [t("reporting.expected"), (r) => num(r.expected), { num: true }],
        [t("reporting.received"), (r) => num(r.received), { num: true }],
        [t("reporting.onTime"), (r) => num(r.onTime), { num: true }],
        [t("reporting.rate"), (r) => percent(r.received, r.expected), { num: true }],
        [t("reporting.onTimeRate"), (r) => percent(r.onTime, r.expected), { num: true }],
      ],
      rows,
      (r) => ({ "data-city": r.code }),
    ),
  );
}

async function loadSilent() {
  const body = await api("/v1/streams/silent-nodes");
  silentEl.replaceChildren(
    table(
      [
        [t("streams.source"), (n) => (n.cityName ? `${n.cityName} ${n.source}` : n.source)],
        [t("streams.lastHeard"), (n) => (n.lastHeardAt ? time(n.lastHeardAt) : t("streams.never"))],
        [t("streams.silentMinutes"), (n) => num(n.silentMinutes), { num: true }],
      ],
      body.items,
    ),
  );
}

load().catch((e) => matrixEl.replaceChildren(h("p", { class: "error", role: "alert" }, e.message)));
loadSilent().catch((e) => silentEl.replaceChildren(h("p", { class: "error", role: "alert" }, e.message)));
