// The 27 indicators against their targets, grouped as in Xiamen's table, each with its definition
// (GET /v1/indicators/definitions) a click away; a chart per indicator over periods; exports. The table
// reloads when new records have been received (live snapshots).
import {
  api,
  chartOn,
  citySelect,
  config,
  currentMonth,
  districtSelect,
  h,
  liveStatus,
  monthsUpTo,
  mount,
  num,
  periodSelect,
  reloadAsRecordsArrive,
  t,
} from "./common.js";

const params = new URLSearchParams(location.search);
const state = {
  city: params.get("city") ?? "350200",
  district: params.get("district") ?? "",
  period: params.get("period") ?? currentMonth(),
  code: params.get("code"),
};

const city = citySelect(state.city);
const district = districtSelect(state.city, state.district);
const period = periodSelect(state.period);
const status = liveStatus();
const csv = h("a", { "data-testid": "export-csv" }, t("indicators.exportCsv"));
const xlsx = h("a", { "data-testid": "export-xlsx" }, t("indicators.exportXlsx"));
const tableEl = h("div", { "data-testid": "indicator-table" }, t("common.loading"));
const rulesEl = h("p", { class: "muted definition-rules", "data-testid": "definition-rules" });
const chartTitle = h("h2", {}, t("indicators.chartHint"));
const chartEl = h("div", { class: "chart" });

mount(
  h("h1", {}, t("indicators.title")),
  h(
    "div",
    { class: "toolbar" },
    h("label", {}, t("common.city"), city),
    h("label", {}, t("common.district"), district.select),
    h("label", {}, t("common.period"), period),
    csv,
    xlsx,
    status.el,
  ),
  h("section", {}, tableEl, rulesEl),
  h("section", {}, chartTitle, chartEl),
);
const chart = chartOn(chartEl);

const query = (p = state.period) =>
  new URLSearchParams({
    ...(state.city ? { city: state.city } : {}),
    ...(state.city && state.district ? { district: state.district } : {}),
    period: p,
  }).toString();

/** The definitions' language: the page's. */
const lang = config.lang === "zh-CN" ? "zh" : "en";
/** code → the hub's published definition; empty until (or if never) loaded. */
let definitions = new Map();
/** Definitions opened by the operator, kept open across reloads. */
const opened = new Set();
const definitionsLoaded = api("/v1/indicators/definitions")
  .then((body) => {
    definitions = new Map(body.indicators.map((d) => [d.code, d]));
    rulesEl.textContent = [body.rules.zero[lang], body.rules.notMeasurable[lang]].join(" ");
  })
  // The table stands without its definitions.
  .catch(() => {});

const nameOf = (row) =>
  config.lang === "zh-CN"
    ? row.nameZh
    : (definitions.get(row.code)?.name.en ?? row.code.replaceAll("_", " "));
const attainment = (a) =>
  h("span", { class: `pill ${a}`, "data-testid": "attainment" }, t(`attainment.${a}`));

/**
 * Until every row carries reasonCode, the engine's English reason is read for it (transitional: the
 * code, when present, always wins).
 */
const REASON_PATTERNS = [
  [/^no records/, "no-records"],
  [/denominator is zero/, "denominator-zero"],
  [/no declaration|has declared/, "no-declaration"],
  [/does not add up/, "not-additive"],
  [/^no target/, "no-target"],
];
const reasonCodeOf = (row) =>
  row.reasonCode ?? REASON_PATTERNS.find(([pattern]) => pattern.test(row.reason ?? ""))?.[1] ?? null;

/** Why a value is not measurable, in the page's language (the hub's own words if the code is unknown). */
function reasonText(row) {
  const code = reasonCodeOf(row);
  const key = `reason.${code}`;
  return code && t(key) !== key ? t(key) : row.reason;
}

function provenance(row) {
  const p = row.provenance;
  const reason = row.reason || row.reasonCode ? reasonText(row) : null;
  return h(
    "span",
    { class: "provenance" },
    `${num(p.records)} ${t("indicators.records")}`,
    p.nodes.length ? ` · ${t("indicators.nodes")} ${p.nodes.join(", ")}` : "",
    p.asOf ? ` · ${t("indicators.asOf")} ${p.asOf.slice(0, 10)}` : "",
    p.declarations.length
      ? ` · ${t("indicators.declared")} ${p.declarations.map((d) => `${d.value} (${d.declaredBy}, ${d.source})`).join("; ")}`
      : "",
    reason
      ? [
          " · ",
          h(
            "span",
            { class: "reason", "data-testid": "reason", "data-reason-code": reasonCodeOf(row) },
            reason,
          ),
        ]
      : "",
  );
}

/** The definition row under an indicator: what it counts, which date and which area, in the page's language. */
function definitionRow(row) {
  const d = definitions.get(row.code);
  if (!d) return null;
  const item = (label, text) => [h("dt", {}, label), h("dd", {}, text)];
  return h(
    "tr",
    { class: "definition", "data-definition": row.code, hidden: !opened.has(row.code) },
    h(
      "td",
      { colspan: 7 },
      h(
        "dl",
        {},
        d.denominator
          ? [
              item(t("definition.numerator"), d.numerator[lang]),
              item(t("definition.denominator"), d.denominator[lang]),
            ]
          : item(t("definition.counted"), d.numerator[lang]),
        item(t("definition.period"), d.period[lang]),
        item(t("definition.area"), d.area[lang]),
        item(
          t("definition.unit"),
          `${d.unit[lang]} · ${t("definition.comparator")}: ${d.comparator[lang]}${d.cumulative ? ` · ${t("definition.cumulative")}` : ""}`,
        ),
        item(t("definition.source"), d.source[lang]),
      ),
    ),
  );
}

/** The ⓘ beside a name: opens the definition without selecting the row for the chart. */
function definitionToggle(row) {
  if (!definitions.has(row.code)) return null;
  const open = opened.has(row.code);
  return h(
    "button",
    {
      type: "button",
      class: "info",
      "data-testid": "definition-toggle",
      "aria-expanded": open ? "true" : "false",
      "aria-label": t("indicators.showDefinition"),
      title: t("indicators.definition"),
      onclick: (e) => {
        e.stopPropagation();
        const now = !opened.has(row.code);
        if (now) opened.add(row.code);
        else opened.delete(row.code);
        e.currentTarget.setAttribute("aria-expanded", now ? "true" : "false");
        const tr = tableEl.querySelector(`tr[data-definition="${row.code}"]`);
        if (tr) tr.hidden = !now;
      },
      // Enter on the button opens the definition, not the row's chart.
      onkeydown: (e) => e.stopPropagation(),
    },
    "ⓘ",
  );
}

function render(body) {
  const rows = [];
  for (const group of body.groups) {
    rows.push(
      h(
        "tr",
        { class: "group" },
        h("td", { colspan: 7 }, `${t(`level.${group.level1}`)} · ${t(`level.${group.level2}`)}`),
      ),
    );
    for (const row of group.indicators)
      rows.push(
        h(
          "tr",
          {
            class: `clickable${row.code === state.code ? " selected" : ""}`,
            "data-code": row.code,
            onclick: () => select(row),
          },
          h("td", { title: row.nameZh }, nameOf(row), " ", definitionToggle(row)),
          h("td", { class: "num", "data-testid": "actual" }, num(row.actual)),
          h("td", { class: "num", "data-testid": "target" }, num(row.target)),
          h("td", { class: "num" }, num(row.periodTarget)),
          h("td", { class: "muted nowrap" }, `${row.comparator} ${t(`unit.${row.unit}`)}`),
          h("td", {}, attainment(row.attainment)),
          h("td", {}, provenance(row)),
        ),
        definitionRow(row),
      );
  }
  const head = [
    t("indicators.name"),
    t("indicators.actual"),
    t("indicators.target"),
    t("indicators.periodTarget"),
    "",
    t("indicators.attainment"),
    t("indicators.provenance"),
  ];
  tableEl.replaceChildren(
    h(
      "table",
      {},
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          head.map((x) => h("th", {}, x)),
        ),
      ),
      h("tbody", {}, rows),
    ),
  );
}

/** The periods a chart spans: 12 months, the year's quarters or halves, or three years. */
function seriesPeriods(p) {
  if (/^\d{4}-\d{2}$/.test(p)) return monthsUpTo(p, 12);
  const year = p.slice(0, 4);
  if (p.includes("Q")) return [1, 2, 3, 4].map((q) => `${year}-Q${q}`);
  if (p.includes("H")) return [`${year}-H1`, `${year}-H2`];
  return [String(Number(year) - 2), String(Number(year) - 1), year];
}

async function select(row) {
  state.code = row.code;
  history.replaceState(null, "", `?${query()}&code=${row.code}`);
  for (const tr of tableEl.querySelectorAll("tr[data-code]"))
    tr.classList.toggle("selected", tr.dataset.code === row.code);
  chartTitle.textContent = `${nameOf(row)} · ${t("indicators.chart")}`;
  const periods = seriesPeriods(state.period);
  const tables = await Promise.all(periods.map((p) => api(`/v1/indicators?${query(p)}`)));
  const rowOf = (body) => body.groups.flatMap((g) => g.indicators).find((r) => r.code === row.code);
  chart.setOption(
    {
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0, data: [t("indicators.actual"), t("indicators.periodTarget")] },
      grid: { left: 60, right: 20, top: 40, bottom: 30 },
      xAxis: { type: "category", data: periods },
      yAxis: { type: "value", name: t(`unit.${row.unit}`) },
      series: [
        {
          name: t("indicators.actual"),
          type: "bar",
          data: tables.map((b) => rowOf(b)?.actual ?? null),
          color: "#2f6fb3",
        },
        {
          name: t("indicators.periodTarget"),
          type: "line",
          data: tables.map((b) => rowOf(b)?.periodTarget ?? null),
          color: "#b3261e",
        },
      ],
    },
    true,
  );
}

let loading = false;
async function load() {
  if (loading) return;
  loading = true;
  try {
    const q = query();
    csv.href = `/v1/indicators/export.csv?${q}`;
    xlsx.href = `/v1/indicators/export.xlsx?${q}`;
    const [body] = await Promise.all([api(`/v1/indicators?${q}`), definitionsLoaded]);
    render(body);
    const chosen = body.groups.flatMap((g) => g.indicators).find((r) => r.code === state.code);
    if (chosen) await select(chosen);
  } catch (e) {
    tableEl.replaceChildren(h("p", { class: "error" }, e.message));
  } finally {
    loading = false;
  }
}

for (const [el, key] of [
  [city, "city"],
  [district.select, "district"],
  [period, "period"],
])
  el.addEventListener("change", () => {
    state[key] = el.value;
    if (key === "city") {
      state.district = "";
      district.refill(state.city);
    }
    history.replaceState(null, "", `?${query()}${state.code ? `&code=${state.code}` : ""}`);
    load();
  });

// New records move the numbers.
reloadAsRecordsArrive(status, 5_000, load);
load();
