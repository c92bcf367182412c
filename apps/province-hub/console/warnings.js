// 预警: areas whose new unemployment registrations rose above their recent average (GET /v1/warnings),
// with the baseline and the threshold; the province lists its cities' and districts' warnings, a
// city its districts', and a click on a row drills down to that area.
import { api, citySelect, config, h, mount, num, t, table, time } from "./common.js";

const params = new URLSearchParams(location.search);
const state = { area: params.get("area") ?? "", since: params.get("since") ?? "" };
const areaName = (code) => config.divisions?.[code] ?? config.cities[code] ?? code;

const city = citySelect(state.area.length === 6 && state.area.endsWith("00") ? state.area : "");
city.addEventListener("change", () => go({ area: city.value }));
const listEl = h("div", { "data-testid": "warnings" }, t("common.loading"));
mount(
  h("h1", {}, t("warnings.title")),
  h("div", { class: "toolbar" }, h("label", {}, t("common.city"), city)),
  h("p", { class: "muted" }, t("warnings.hint")),
  h("section", {}, listEl),
);

function go(next) {
  const q = new URLSearchParams(Object.entries({ ...state, ...next }).filter(([, v]) => v));
  location.assign(`?${q}`);
}

const percent = (x) => `${num(Math.round(x * 1000) / 10)}%`;

async function load() {
  const q = new URLSearchParams(Object.entries(state).filter(([, v]) => v));
  const body = await api(`/v1/warnings?${q}`);
  listEl.replaceChildren(
    table(
      [
        [t("warnings.area"), (w) => `${areaName(w.areaCode)} ${w.areaCode}`],
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
        class: "clickable",
        // Drill down: a city's districts; a district's months are its rows already.
        onclick: () => go({ area: w.areaCode }),
      }),
    ),
  );
}

load().catch((e) => listEl.replaceChildren(h("p", { class: "error", role: "alert" }, e.message)));
