// The employment voucher loop: issued → claimed → redeemed → settled, and what is outstanding, per
// policy and per provider, for a month (standing at its end).
import {
  api,
  chartOn,
  currentMonth,
  h,
  liveStatus,
  monthsUpTo,
  mount,
  num,
  periodSelect,
  reloadAsRecordsArrive,
  t,
  table,
  yuan,
} from "./common.js";

const FIGURES = ["issued", "claimed", "redeemed", "settled", "outstanding", "expired", "revoked"];
const params = new URLSearchParams(location.search);
const state = { period: params.get("period") ?? currentMonth() };
const period = periodSelect(state.period, monthsUpTo(currentMonth(), 12).reverse());
const status = liveStatus();
const policies = h("div", { "data-testid": "policies" }, t("common.loading"));
const providers = h("div", { "data-testid": "providers" });
const chartEl = h("div", { class: "chart" });

mount(
  h("h1", {}, t("vouchers.title")),
  h("div", { class: "toolbar" }, h("label", {}, t("common.period"), period), status.el),
  h("section", {}, chartEl),
  h("section", {}, h("h2", {}, t("vouchers.policy")), policies),
  h("section", {}, h("h2", {}, t("vouchers.provider")), providers),
);
const chart = chartOn(chartEl);

const figure = (f) => [`${num(f.count)}`, h("span", { class: "muted" }, ` · ¥${yuan(f.fen)}`)];
const columns = (names) => names.map((n) => [t(`vouchers.${n}`), (r) => figure(r[n]), { num: true }]);

async function load() {
  history.replaceState(null, "", `?period=${state.period}`);
  const loop = await api(`/v1/voucher-loop?period=${state.period}`);
  const rows = [...loop.policies, { policyId: "", policyName: t("vouchers.total"), ...loop.total }];
  policies.replaceChildren(
    table([[t("vouchers.policy"), (r) => r.policyName], ...columns(FIGURES)], rows, (r) => ({
      "data-policy": r.policyId,
    })),
  );
  providers.replaceChildren(
    table(
      [
        [t("vouchers.provider"), (r) => r.providerName ?? r.providerId],
        ...columns(["redeemed", "settled", "awaitingSettlement"]),
      ],
      loop.providers,
    ),
  );
  chart.setOption(
    {
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0, data: loop.policies.map((p) => p.policyName) },
      grid: { left: 50, right: 20, top: 40, bottom: 30 },
      xAxis: { type: "category", data: FIGURES.map((f) => t(`vouchers.${f}`)) },
      yAxis: { type: "value", minInterval: 1 },
      series: loop.policies.map((p) => ({
        name: p.policyName,
        type: "bar",
        stack: "all",
        data: FIGURES.map((f) => p[f].count),
      })),
    },
    true,
  );
}

period.addEventListener("change", () => {
  state.period = period.value;
  load();
});
// Redemptions arrive as records too.
reloadAsRecordsArrive(status, 10_000, load);
load();
