// 服务站点评估 (annex 3 of the 2024 plan): a city's service points for a quarter — registrations,
// services by type, placements after referral and satisfaction (GET /v1/assessments/service-points),
// exportable as XLSX.
import { api, citySelect, currentMonth, h, mount, num, t, table } from "./common.js";

const params = new URLSearchParams(location.search);
const month = currentMonth();
const thisQuarter = `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5)) / 3)}`;
const state = { city: params.get("city") || "350200", quarter: params.get("quarter") ?? thisQuarter };

const city = citySelect(state.city, false);
const quarters = [0, 1, 2, 3, 4, 5, 6, 7].map((back) => {
  const index = Number(month.slice(0, 4)) * 4 + Math.ceil(Number(month.slice(5)) / 3) - 1 - back;
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
});
const quarter = h(
  "select",
  { "data-testid": "quarter" },
  quarters.map((q) => h("option", { value: q, selected: q === state.quarter }, q)),
);
const go = () => location.assign(`?city=${city.value}&quarter=${quarter.value}`);
city.addEventListener("change", go);
quarter.addEventListener("change", go);
const xlsx = h(
  "a",
  {
    href: `/v1/assessments/service-points.xlsx?city=${state.city}&quarter=${state.quarter}`,
    "data-testid": "export-xlsx",
  },
  t("indicators.exportXlsx"),
);
const listEl = h("div", { class: "wide", "data-testid": "assessment" }, t("common.loading"));
mount(
  h("h1", {}, t("assessment.title")),
  h(
    "div",
    { class: "toolbar" },
    h("label", {}, t("common.city"), city),
    h("label", {}, t("assessment.quarter"), quarter),
    xlsx,
  ),
  h("section", {}, listEl),
);

const total = (services) => Object.values(services).reduce((n, x) => n + x, 0);
const top = (services) =>
  Object.entries(services)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([type, n]) => `${type} ${num(n)}`)
    .join(" · ");

async function load() {
  const body = await api(`/v1/assessments/service-points?city=${state.city}&quarter=${state.quarter}`);
  listEl.replaceChildren(
    table(
      [
        [t("assessment.point"), (p) => p.servicePointId],
        [
          t("assessment.registrations"),
          (p) =>
            [
              p.registrations.employment,
              p.registrations.unemployment,
              p.registrations.jobSeeker,
              p.registrations.difficultyRecognition,
            ]
              .map(num)
              .join(" / "),
        ],
        [t("assessment.services"), (p) => num(total(p.services)), { num: true }],
        [t("assessment.topServices"), (p) => top(p.services)],
        [t("assessment.placed"), (p) => num(p.outcomes.placedAfterReferral), { num: true }],
        [t("assessment.ratings"), (p) => num(p.outcomes.ratings), { num: true }],
        [
          t("assessment.satisfied"),
          (p) => (p.outcomes.satisfiedRate === null ? "—" : `${num(p.outcomes.satisfiedRate)}%`),
          { num: true },
        ],
      ],
      body.items,
      (p) => ({ "data-point": p.servicePointId }),
    ),
  );
}

load().catch((e) => listEl.replaceChildren(h("p", { class: "error", role: "alert" }, e.message)));
