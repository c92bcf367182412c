// 全省总览: the province and every city × the 27 indicators for a period (GET /v1/indicators/overview),
// each cell its value coloured by attainment and the city's rank; sorted by city or by an indicator's
// ranking; a click opens the area's indicator page. Reloads as records arrive.
import {
  api,
  config,
  currentMonth,
  h,
  liveStatus,
  mount,
  num,
  periodSelect,
  reloadAsRecordsArrive,
  t,
} from "./common.js";

const params = new URLSearchParams(location.search);
const state = { period: params.get("period") ?? currentMonth(), sort: params.get("sort") ?? "" };
const lang = config.lang === "zh-CN" ? "zh" : "en";
const PROVINCE = "350000";

const period = periodSelect(state.period);
const status = liveStatus();
const xlsx = h("a", { "data-testid": "export-xlsx" }, t("indicators.exportXlsx"));
const tableEl = h("div", { class: "wide", "data-testid": "overview" }, t("common.loading"));
mount(
  h("h1", {}, t("overview.title")),
  h("div", { class: "toolbar" }, h("label", {}, t("common.period"), period), xlsx, status.el),
  h("p", { class: "muted" }, t("overview.hint")),
  h("section", {}, tableEl),
);

let definitions = new Map();
api("/v1/indicators/definitions")
  .then((body) => {
    definitions = new Map(body.indicators.map((d) => [d.code, d]));
    render();
  })
  // The overview stands without its definitions.
  .catch(() => {});

/** The definition as a header's tooltip: numerator, denominator and the period rule. */
function definitionText(code) {
  const d = definitions.get(code);
  if (!d) return code;
  return [
    `${t("definition.numerator")}: ${d.numerator[lang]}`,
    d.denominator ? `${t("definition.denominator")}: ${d.denominator[lang]}` : "",
    `${t("definition.period")}: ${d.period[lang]}`,
  ]
    .filter(Boolean)
    .join("\n");
}

const indicatorPage = (area) =>
  `/console/indicators?city=${area === PROVINCE ? "" : area}&period=${encodeURIComponent(state.period)}`;

let overview;

function sortedAreas() {
  const [province, ...cities] = overview.areas;
  if (!state.sort) return [province, ...cities];
  const rankOf = (a) => a.cells[state.sort]?.rank ?? Number.POSITIVE_INFINITY;
  return [province, ...[...cities].sort((a, b) => rankOf(a) - rankOf(b) || a.code.localeCompare(b.code))];
}

function setSort(code) {
  state.sort = code;
  history.replaceState(null, "", `?period=${state.period}${code ? `&sort=${code}` : ""}`);
  render();
}

function cell(area, indicator) {
  const c = area.cells[indicator.code];
  const target = c.periodTarget ?? c.target;
  return h(
    "td",
    {
      class: `num cell ${c.attainment}`,
      "data-testid": "cell",
      "data-area": area.code,
      "data-code": indicator.code,
      title: `${area.name} · ${indicator.nameZh}\n${t("indicators.target")}: ${num(target)} · ${t(`attainment.${c.attainment}`)}`,
    },
    h("span", { "data-testid": "actual" }, num(c.actual)),
    c.rank ? h("sup", { class: "rank", "data-testid": "rank" }, `#${c.rank}`) : "",
  );
}

function render() {
  if (!overview) return;
  const head = h(
    "tr",
    {},
    h(
      "th",
      {
        class: state.sort ? "sortable" : "sortable sorted",
        "data-testid": "sort-area",
        onclick: () => setSort(""),
      },
      t("overview.area"),
    ),
    overview.indicators.map((i) =>
      h(
        "th",
        {
          class: `sortable indicator ${state.sort === i.code ? "sorted" : ""}`,
          "data-sort": i.code,
          title: definitionText(i.code),
          onclick: () => setSort(i.code),
        },
        i.nameZh,
      ),
    ),
  );
  const rows = sortedAreas().map((area) =>
    h(
      "tr",
      { "data-area": area.code, class: area.code === PROVINCE ? "group" : "" },
      h(
        "th",
        { class: "area" },
        h(
          "a",
          { href: indicatorPage(area.code), "data-testid": "area-link" },
          area.code === PROVINCE ? t("common.province") : area.name,
        ),
      ),
      overview.indicators.map((i) => cell(area, i)),
    ),
  );
  tableEl.replaceChildren(
    h("table", { class: "overview" }, h("thead", {}, head), h("tbody", {}, rows)),
    h(
      "p",
      { class: "legend" },
      ["met", "on-track", "behind", "not-measurable"].map((a) =>
        h("span", { class: `pill ${a}` }, t(`attainment.${a}`)),
      ),
    ),
  );
}

async function load() {
  try {
    overview = await api(`/v1/indicators/overview?period=${encodeURIComponent(state.period)}`);
    xlsx.href = `/v1/indicators/overview.xlsx?period=${encodeURIComponent(state.period)}`;
    render();
  } catch (e) {
    tableEl.replaceChildren(h("p", { class: "error", role: "alert" }, e.message));
  }
}

period.addEventListener("change", () => {
  state.period = period.value;
  history.replaceState(null, "", `?period=${state.period}${state.sort ? `&sort=${state.sort}` : ""}`);
  load();
});
load();
reloadAsRecordsArrive(status, 5_000, load);
