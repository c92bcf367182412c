// 服务站点评估 (annex 3 of the 2024 plan): a city's (or a district's) service points for a quarter —
// registrations, services by type, placements after referral and satisfaction — and the area's
// vouchers redeemed, start-up trainees, start-ups and graduates helped (GET
// /v1/assessments/service-points), exportable as XLSX.
import { api, citySelect, currentMonth, districtSelect, h, mount, num, t, table, yuan } from "./common.js";

const params = new URLSearchParams(location.search);
const month = currentMonth();
const thisQuarter = `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5)) / 3)}`;
const state = {
  city: params.get("city") || "350200",
  district: params.get("district") ?? "",
  quarter: params.get("quarter") ?? thisQuarter,
};
const scope = () => new URLSearchParams(Object.entries(state).filter(([, v]) => v));

const city = citySelect(state.city, false);
const district = districtSelect(state.city, state.district);
const quarters = [0, 1, 2, 3, 4, 5, 6, 7].map((back) => {
  const index = Number(month.slice(0, 4)) * 4 + Math.ceil(Number(month.slice(5)) / 3) - 1 - back;
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
});
const quarter = h(
  "select",
  { "data-testid": "quarter" },
  quarters.map((q) => h("option", { value: q, selected: q === state.quarter }, q)),
);
const go = (next) =>
  location.assign(`?${new URLSearchParams(Object.entries({ ...state, ...next }).filter(([, v]) => v))}`);
city.addEventListener("change", () => go({ city: city.value, district: "" }));
district.select.addEventListener("change", () => go({ district: district.select.value }));
quarter.addEventListener("change", () => go({ quarter: quarter.value }));
const xlsx = h(
  "a",
  {
    href: `/v1/assessments/service-points.xlsx?${scope()}`,
    "data-testid": "export-xlsx",
  },
  t("indicators.exportXlsx"),
);
const areaEl = h("div", { class: "cards", "data-testid": "assessment-area" });
const listEl = h("div", { class: "wide", "data-testid": "assessment" }, t("common.loading"));
mount(
  h("h1", {}, t("assessment.title")),
  h(
    "div",
    { class: "toolbar" },
    h("label", {}, t("common.city"), city),
    h("label", {}, t("common.district"), district.select),
    h("label", {}, t("assessment.quarter"), quarter),
    xlsx,
  ),
  areaEl,
  h("section", {}, listEl),
);

const total = (services) => Object.values(services).reduce((n, x) => n + x, 0);
const top = (services) =>
  Object.entries(services)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([type, n]) => `${type} ${num(n)}`)
    .join(" · ");

/** Coverage and staffing from the node's network (null until it sent one), each beside its target. */
function networkStats(n, stat) {
  if (!n) return [h("p", { class: "muted", "data-testid": "no-network" }, t("assessment.noNetwork"))];
  const met = (ok) => (ok === null ? "" : ok ? " ✓" : " ✗");
  return [
    stat(
      "assessment.coverage",
      "coverage",
      n.coverageRate === null ? "—" : `${num(n.coverageRate)}%${met(n.coverageMet)}`,
    ),
    stat(
      "assessment.staffedPoints",
      "staffed-points",
      `${num(n.staffedPoints)} / ${num(n.points)}${met(n.everyPointStaffed)}`,
    ),
    stat(
      "assessment.peoplePerStaff",
      "people-per-staff",
      n.peoplePerStaff === null ? "—" : `${num(n.peoplePerStaff)}${met(n.staffingMet)}`,
    ),
  ];
}

async function load() {
  const body = await api(`/v1/assessments/service-points?${scope()}`);
  const a = body.area;
  const stat = (key, testid, value) =>
    h(
      "div",
      { class: "card-stat" },
      h("div", { class: "value", "data-testid": testid }, value),
      h("div", { class: "label" }, t(key)),
    );
  areaEl.replaceChildren(
    stat("assessment.vouchersRedeemed", "vouchers-redeemed", num(a.vouchersRedeemed.count)),
    stat("assessment.vouchersAmount", "vouchers-amount", yuan(a.vouchersRedeemed.amountFen)),
    stat("assessment.startupTrainees", "startup-trainees", num(a.startupTrainees)),
    stat("assessment.startups", "startups", num(a.startups)),
    stat("assessment.graduatesHelped", "graduates-helped", num(a.graduatesHelped)),
    ...networkStats(a.network, stat),
  );
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
