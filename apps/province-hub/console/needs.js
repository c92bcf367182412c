// The "131" shortfalls and the zero-employment families not cleared, per district of a city, and a
// district's service points with the persons behind the numbers (masked by the hub).
import {
  api,
  citySelect,
  config,
  h,
  liveStatus,
  mount,
  num,
  reloadAsRecordsArrive,
  t,
  table,
} from "./common.js";

const params = new URLSearchParams(location.search);
const state = {
  city: params.get("city") ?? Object.keys(config.cities).find((c) => c === "350200") ?? "",
  district: params.get("district"),
};
const city = citySelect(state.city, false);
const status = liveStatus();
const districts = h("div", { "data-testid": "districts" }, t("common.loading"));
const pointsTitle = h("h2", {}, t("needs.drill"));
const points = h("div", { "data-testid": "service-points" });

mount(
  h("h1", {}, t("needs.title")),
  h("div", { class: "toolbar" }, h("label", {}, t("common.city"), city), status.el),
  h("section", {}, districts),
  h("section", {}, pointsTitle, points),
);

const counts = [
  [t("needs.persons131"), (r) => num(r.shortfall131.persons), { num: true }],
  [t("needs.guidance"), (r) => num(r.shortfall131.careerGuidance), { num: true }],
  [t("needs.jobs"), (r) => num(r.shortfall131.jobRecommendations), { num: true }],
  [t("needs.training"), (r) => num(r.shortfall131.trainingOrInternship), { num: true }],
  [t("needs.families"), (r) => num(r.zeroEmploymentFamilies), { num: true }],
  [t("needs.graduates"), (r) => num(r.graduatesWithoutContact), { num: true }],
];
const divisionName = (code) => config.divisions?.[code] ?? code;

async function loadDistricts() {
  history.replaceState(null, "", `?city=${state.city}${state.district ? `&district=${state.district}` : ""}`);
  const body = await api(`/v1/needs/districts?city=${state.city}`);
  districts.replaceChildren(
    table([[t("needs.district"), (r) => divisionName(r.districtCode)], ...counts], body.items, (r) => ({
      class: `clickable${r.districtCode === state.district ? " selected" : ""}`,
      "data-district": r.districtCode,
      onclick: () => loadPoints(r.districtCode),
    })),
  );
}

const owed = (s) => (s ? `${s.careerGuidance}/${s.jobRecommendations}/${s.trainingOrInternship}` : "");

async function loadPoints(district) {
  state.district = district;
  history.replaceState(null, "", `?city=${state.city}&district=${district}`);
  for (const tr of districts.querySelectorAll("tr[data-district]"))
    tr.classList.toggle("selected", tr.dataset.district === district);
  pointsTitle.textContent = `${divisionName(district)} · ${t("needs.servicePoint")}`;
  const body = await api(`/v1/needs/districts/${district}/service-points?city=${state.city}`);
  points.replaceChildren(
    ...body.items.map((p) =>
      h(
        "details",
        { "data-service-point": p.servicePointId },
        h(
          "summary",
          {},
          `${p.servicePointId} · ${t("needs.persons131")} ${num(p.shortfall131.persons)} · ${t("needs.families")} ${num(p.zeroEmploymentFamilies)} · ${t("needs.graduates")} ${num(p.graduatesWithoutContact)}`,
        ),
        table(
          [
            [t("needs.name"), (x) => x.name],
            [t("needs.idNumber"), (x) => x.idNumber],
            [t("needs.reasons"), (x) => x.reasons.join(", ")],
            [`${t("needs.guidance")}/${t("needs.jobs")}/${t("needs.training")}`, (x) => owed(x.shortfall131)],
            [t("needs.since"), (x) => x.since ?? "—"],
          ],
          p.persons,
        ),
        p.truncated ? h("p", { class: "muted" }, t("needs.truncated")) : "",
      ),
    ),
  );
  if (body.items.length === 0) points.replaceChildren(h("p", { class: "muted" }, t("common.none")));
}

city.addEventListener("change", () => {
  state.city = city.value;
  state.district = null;
  points.replaceChildren();
  loadDistricts();
});
loadDistricts().then(() => state.district && loadPoints(state.district));
// Needs change as records arrive: the district figures follow; an open drill-down stays as it is
// until the operator clicks again.
reloadAsRecordsArrive(status, 10_000, loadDistricts);
