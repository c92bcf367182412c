// 预警: areas whose new unemployment registrations rose above their recent average (GET /v1/warnings),
// as a whole, by key group or by industry, with the baseline and the threshold; the province lists
// its cities' and districts' warnings, a city its districts', and a click on a row drills down to
// that area. Enterprise layoffs above the rule are listed first: they warn at once.
import { api, citySelect, config, h, mount, num, t, table, time } from "./common.js";

const DIMENSIONS = ["area", "group", "industry"];
const params = new URLSearchParams(location.search);
const state = {
  area: params.get("area") ?? "",
  since: params.get("since") ?? "",
  dimension: DIMENSIONS.includes(params.get("dimension")) ? params.get("dimension") : "area",
};
const areaName = (code) => config.divisions?.[code] ?? config.cities[code] ?? code;

const city = citySelect(state.area.length === 6 && state.area.endsWith("00") ? state.area : "");
city.addEventListener("change", () => go({ area: city.value }));
const dimension = h(
  "select",
  { "data-testid": "dimension" },
  DIMENSIONS.map((d) => h("option", { value: d, selected: d === state.dimension }, t(`warnings.by.${d}`))),
);
dimension.addEventListener("change", () => go({ dimension: dimension.value }));
const layoffsEl = h("div", { "data-testid": "layoffs" }, t("common.loading"));
const listEl = h("div", { "data-testid": "warnings" }, t("common.loading"));
mount(
  h("h1", {}, t("warnings.title")),
  h(
    "div",
    { class: "toolbar" },
    h("label", {}, t("common.city"), city),
    h("label", {}, t("warnings.dimension"), dimension),
  ),
  h(
    "section",
    {},
    h("h2", {}, t("warnings.layoffs")),
    h("p", { class: "muted" }, t("warnings.layoffHint")),
    layoffsEl,
  ),
  h("section", {}, h("h2", {}, t("warnings.rises")), h("p", { class: "muted" }, t("warnings.hint")), listEl),
);

function go(next) {
  const q = new URLSearchParams(Object.entries({ ...state, ...next }).filter(([, v]) => v));
  location.assign(`?${q}`);
}

const percent = (x) => `${num(Math.round(x * 1000) / 10)}%`;
const query = (entries) => new URLSearchParams(Object.entries(entries).filter(([, v]) => v));
const category = (w) => (w.categoryName ? `${w.categoryName} (${w.category})` : w.category);

async function loadRises() {
  const body = await api(`/v1/warnings?${query(state)}`);
  listEl.replaceChildren(
    table(
      [
        [t("warnings.area"), (w) => `${areaName(w.areaCode)} ${w.areaCode}`],
        ...(state.dimension === "area" ? [] : [[t(`warnings.by.${state.dimension}`), category]]),
        [t("warnings.month"), (w) => w.month],
        [t("warnings.registrations"), (w) => num(w.registrations), { num: true }],
        [t("warnings.baseline"), (w) => num(w.baseline), { num: true }],
        [t("warnings.rise"), (w) => percent(w.rise), { num: true }],
        [t("warnings.threshold"), (w) => percent(w.threshold), { num: true }],
        [t("warnings.raisedAt"), (w) => time(w.raisedAt)],
      ],
      body.items,
      (w) => ({
        "data-area": w.areaCode,
        "data-category": w.category,
        class: "clickable",
        // Drill down: a city's districts; a district's months are its rows already.
        onclick: () => go({ area: w.areaCode }),
      }),
    ),
  );
}

async function loadLayoffs() {
  const body = await api(`/v1/warnings/layoffs?${query({ area: state.area })}`);
  layoffsEl.replaceChildren(
    body.items.length === 0
      ? h("p", { class: "muted" }, t("warnings.noLayoffs"))
      : table(
          [
            [
              t("warnings.enterprise"),
              (w) => [w.enterpriseName, h("br"), h("span", { class: "provenance" }, w.creditCode)],
            ],
            [t("warnings.area"), (w) => areaName(w.districtCode ?? w.cityCode)],
            [t("warnings.by.industry"), (w) => `${w.industryName ?? ""} (${w.industry})`],
            [t("warnings.kind"), (w) => t(`warnings.kind.${w.kind}`)],
            [t("warnings.persons"), (w) => num(w.persons), { num: true }],
            [t("warnings.workforce"), (w) => (w.workforce == null ? "—" : num(w.workforce)), { num: true }],
            [t("warnings.share"), (w) => (w.share == null ? "—" : percent(w.share)), { num: true }],
            [t("warnings.effectiveOn"), (w) => w.effectiveOn],
            [t("warnings.raisedAt"), (w) => time(w.raisedAt)],
          ],
          body.items,
          (w) => ({ "data-layoff": w.recordId, class: "alert-row" }),
        ),
  );
}

const failed = (el) => (e) => el.replaceChildren(h("p", { class: "error", role: "alert" }, e.message));
loadLayoffs().catch(failed(layoffsEl));
loadRises().catch(failed(listEl));
