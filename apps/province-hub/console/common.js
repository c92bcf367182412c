// What every console page shares: its words, the API, DOM building, live snapshots and charts.
// Values from the API are only ever set as text, never parsed as HTML.

import { config, h, t } from "./kit.js";

export { ApiError, api, config, h, mount, num, t, table, time, yuan } from "./kit.js";
export const cityName = (code) => (code ? (config.cities[code] ?? code) : t("common.province"));

/** Live snapshots of the streams (server-sent events); `state` says whether the stream is up. */
export function live(onSnapshot, onState) {
  const source = new EventSource("/v1/streams/live");
  source.addEventListener("snapshot", (e) => onSnapshot(JSON.parse(e.data)));
  source.onopen = () => onState?.(true);
  source.onerror = () => onState?.(false);
  addEventListener("pagehide", () => source.close());
  return source;
}

/**
 * Reloads a page's figures as records arrive: on a live snapshot showing more records received than
 * at the last reload, at most every `everyMs`; `status` shows whether the stream is up.
 */
export function reloadAsRecordsArrive(status, everyMs, reload) {
  let received;
  let last = Date.now();
  live((s) => {
    status.set(true);
    received ??= s.total.consumed;
    if (s.total.consumed !== received && Date.now() - last > everyMs) {
      received = s.total.consumed;
      last = Date.now();
      reload();
    }
  }, status.set);
}

/** The little "live" marker of a page's toolbar. */
export function liveStatus() {
  const el = h("span", { class: "status", "data-testid": "live-status" }, t("common.loading"));
  return {
    el,
    set(up) {
      el.className = `status ${up ? "live" : "offline"}`;
      el.textContent = up
        ? `${t("common.live")} · ${t("common.updated")} ${new Date().toLocaleTimeString(config.lang, { hour12: false })}`
        : t("common.offline");
    },
  };
}

/** An ECharts instance on `el`, resized with the window. */
export function chartOn(el) {
  const chart = globalThis.echarts.init(el, null, { renderer: "canvas" });
  addEventListener("resize", () => chart.resize());
  return chart;
}

/** YYYY-MM of today in China time. */
export function currentMonth() {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
  }).format(new Date());
  return parts.slice(0, 7);
}

/** The n months up to and including `month`, oldest first. */
export function monthsUpTo(month, n) {
  const [y, m] = month.split("-").map(Number);
  return Array.from({ length: n }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - (n - 1 - i), 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
  });
}

/** Periods an operator picks from: the last 12 months, the quarters and halves of this year, the year. */
export function periodChoices() {
  const month = currentMonth();
  const year = month.slice(0, 4);
  return [
    ...monthsUpTo(month, 12).reverse(),
    `${year}-Q1`,
    `${year}-Q2`,
    `${year}-Q3`,
    `${year}-Q4`,
    `${year}-H1`,
    `${year}-H2`,
    year,
  ];
}

/** A <select> of cities (and the province, value ""), for pages scoped by city. */
export function citySelect(value, withProvince = true, testid = "city") {
  const options = [...(withProvince ? [["", t("common.province")]] : []), ...Object.entries(config.cities)];
  return h(
    "select",
    { "data-testid": testid },
    options.map(([code, name]) => h("option", { value: code, selected: code === value }, name)),
  );
}

/** The districts of a city (GB/T 2260: same first four digits), by code. */
export const districtsOf = (cityCode) =>
  Object.keys(config.divisions ?? {}).filter(
    (code) =>
      cityCode && code !== cityCode && code.slice(0, 4) === cityCode.slice(0, 4) && /^\d{6}$/.test(code),
  );

/** A <select> of a city's districts (and the whole city, value ""); refill(city) when the city changes. */
export function districtSelect(cityCode, value) {
  const select = h("select", { "data-testid": "district" });
  const refill = (code, chosen = "") => {
    select.replaceChildren(
      h("option", { value: "" }, t("common.wholeCity")),
      ...districtsOf(code).map((d) => h("option", { value: d, selected: d === chosen }, config.divisions[d])),
    );
    select.disabled = !code;
  };
  refill(cityCode, value);
  return { select, refill };
}

export function periodSelect(value, choices = periodChoices()) {
  return h(
    "select",
    { "data-testid": "period" },
    choices.map((p) => h("option", { value: p, selected: p === value }, p)),
  );
}
