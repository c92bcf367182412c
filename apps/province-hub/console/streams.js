// Stream monitoring: live rates and lag (SSE), silent or late nodes, dead letters and their replay.
import {
  api,
  chartOn,
  cityName,
  config,
  currentMonth,
  h,
  live,
  liveStatus,
  mount,
  num,
  t,
  table,
  time,
} from "./common.js";

const POINTS = 300; // ten minutes of 2 s snapshots
const stat = (key, testid) => {
  const value = h("div", { class: "value", "data-testid": testid }, "—");
  return { value, el: h("div", { class: "card-stat" }, value, h("div", { class: "label" }, t(key))) };
};

const cards = {
  consumed: stat("streams.consumedPerMinute", "consumed-per-minute"),
  produced: stat("streams.producedPerMinute", "produced-per-minute"),
  dead: stat("streams.deadPerMinute", "dead-per-minute"),
  lag: stat("streams.lag", "lag"),
  total: stat("streams.consumedTotal", "consumed-total"),
};
const status = liveStatus();
const windowNote = h("p", { class: "muted", "data-testid": "window" });
const chartEl = h("div", { class: "chart" });
const byStream = h("div", { class: "scroll", "data-testid": "by-stream" });
const nodes = h("div", { "data-testid": "nodes" });
const deadLetters = h("div", { class: "scroll", "data-testid": "dead-letters" });

mount(
  h("div", { class: "toolbar" }, h("h1", {}, t("streams.title")), status.el),
  h(
    "div",
    { class: "cards" },
    Object.values(cards).map((c) => c.el),
  ),
  windowNote,
  h("section", {}, h("h2", {}, t("streams.chart")), chartEl),
  h("section", {}, h("h2", {}, t("streams.byStream")), byStream),
  h("section", {}, h("h2", {}, t("streams.silent")), nodes),
  h("section", {}, h("h2", {}, t("streams.deadLetters")), deadLetters),
);

const chart = chartOn(chartEl);
const series = { consumed: [], dead: [] };
chart.setOption({
  animation: false,
  tooltip: { trigger: "axis" },
  legend: { top: 0, data: [t("streams.consumedPerMinute"), t("streams.deadPerMinute")] },
  grid: { left: 50, right: 20, top: 40, bottom: 30 },
  xAxis: { type: "time" },
  yAxis: { type: "value", minInterval: 1 },
  series: [
    { name: t("streams.consumedPerMinute"), type: "line", showSymbol: false, data: series.consumed },
    {
      name: t("streams.deadPerMinute"),
      type: "line",
      showSymbol: false,
      data: series.dead,
      color: "#c0392b",
    },
  ],
});

let deadSeen = -1;
live((s) => {
  status.set(true);
  cards.consumed.value.textContent = num(s.perMinute.consumed);
  cards.produced.value.textContent = num(s.perMinute.produced);
  cards.dead.value.textContent = num(s.perMinute.deadLettered);
  cards.lag.value.textContent = num(s.totalLag);
  cards.total.value.textContent = num(s.total.consumed);
  // Right after the hub starts, "per minute" is extrapolated from a shorter window: say so.
  windowNote.textContent =
    s.windowSeconds < 60 ? t("streams.window").replace("{n}", String(s.windowSeconds)) : "";
  series.consumed.push([s.at, s.perMinute.consumed]);
  series.dead.push([s.at, s.perMinute.deadLettered]);
  for (const list of Object.values(series)) if (list.length > POINTS) list.shift();
  chart.setOption({ series: [{ data: series.consumed }, { data: series.dead }] });
  byStream.replaceChildren(
    table(
      [
        [t("streams.topic"), (r) => r.topic],
        [t("common.city"), (r) => (r.cityCode ? cityName(r.cityCode) : "—")],
        [t("streams.source"), (r) => r.source],
        [t("streams.type"), (r) => r.type],
        [`${t("streams.perMinute")} ↓`, (r) => num(r.perMinute.consumed), { num: true }],
        [`${t("streams.perMinute")} ✗`, (r) => num(r.perMinute.deadLettered), { num: true }],
        [`${t("streams.total")} ↓`, (r) => num(r.total.consumed), { num: true }],
        [t("streams.lag"), (r) => (s.totalLag === null ? "—" : num(s.topics[r.topic] ?? 0)), { num: true }],
      ],
      s.items,
    ),
  );
  // A new dead letter shows up in the list without a reload.
  if (s.total.deadLettered !== deadSeen) {
    deadSeen = s.total.deadLettered;
    loadDeadLetters();
  }
}, status.set);

async function loadNodes() {
  const [silent, reporting] = await Promise.all([
    api("/v1/streams/silent-nodes?thresholdMinutes=10"),
    api(`/v1/streams/reporting?period=${currentMonth()}`),
  ]);
  nodes.replaceChildren(
    h(
      "div",
      { class: "grid2" },
      table(
        [
          [t("streams.source"), (n) => n.source],
          [t("common.city"), (n) => n.cityName ?? "—"],
          [t("streams.lastHeard"), (n) => (n.lastHeardAt ? time(n.lastHeardAt) : t("streams.never"))],
          [t("streams.silentMinutes"), (n) => num(n.silentMinutes), { num: true }],
        ],
        silent.items,
      ),
      table(
        [
          [t("common.city"), (r) => r.cityName],
          [
            t("streams.reporting"),
            (r) => h("span", { class: `pill ${r.status}` }, t(`streams.status.${r.status}`)),
          ],
          [t("streams.total"), (r) => num(r.records), { num: true }],
          [t("streams.status.late"), (r) => num(r.lateRecords), { num: true }],
          [t("streams.lastHeard"), (r) => time(r.lastReceivedAt)],
        ],
        reporting.items,
      ),
    ),
  );
}

const mayReplay = config.operator.role === "operator" || config.operator.role === "admin";

function replayButton(letter) {
  const again = letter.replays.length > 0;
  const button = h(
    "button",
    { class: "action", "data-testid": "replay", disabled: !mayReplay },
    t(again ? "streams.replayAgain" : "streams.replay"),
  );
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await api(`/v1/dead-letters/${letter.partition}/${letter.offset}/replay`, {
        method: "POST",
        body: JSON.stringify({ force: again }),
      });
      button.replaceWith(
        h("span", { class: "pill on-time", "data-testid": "replayed" }, t("streams.replayed")),
      );
    } catch (e) {
      button.replaceWith(h("span", { class: "error" }, `${t("streams.replayFailed")}: ${e.message}`));
    }
  });
  return button;
}

// One consumer group's letters (?group=): the dead-letter topic is shared by every consumer of the
// platform, and one group's refusals are easily lost among the others'.
const onlyGroup = new URLSearchParams(location.search).get("group");
const groupLink = (group) =>
  h("a", { href: `?group=${encodeURIComponent(group)}`, class: "provenance" }, group);

let loadingDead = false;
async function loadDeadLetters() {
  if (loadingDead) return;
  loadingDead = true;
  try {
    const query = new URLSearchParams({ pageSize: "50", ...(onlyGroup ? { group: onlyGroup } : {}) });
    const page = await api(`/v1/dead-letters?${query}`);
    deadLetters.replaceChildren(
      h(
        "p",
        { class: "muted", "data-testid": "dead-letter-filter" },
        `${page.topic} · ${num(page.total)}`,
        onlyGroup
          ? [` · ${t("streams.onlyGroup")} ${onlyGroup} · `, h("a", { href: "?" }, t("streams.allGroups"))]
          : "",
      ),
      table(
        [
          [t("streams.at"), (d) => time(d.at)],
          [t("streams.reason"), (d) => h("strong", {}, d.reason)],
          [t("streams.detail"), (d) => [d.detail, d.fieldPath ? ` (${d.fieldPath})` : ""]],
          [
            t("streams.origin"),
            (d) => [`${d.originTopic} ${d.originPartition}/${d.originOffset}`, h("br"), groupLink(d.group)],
          ],
          [t("common.city"), (d) => (d.cityCode ? cityName(d.cityCode) : "—")],
          [t("streams.summary"), (d) => h("span", { class: "provenance" }, d.summary)],
          [
            "",
            (d) => [
              d.replays.length
                ? h("span", { class: "muted" }, `${t("streams.replayed")} ×${d.replays.length} `)
                : "",
              replayButton(d),
            ],
          ],
        ],
        page.items,
        (d) => ({ "data-letter": `${d.partition}/${d.offset}`, "data-group": d.group }),
      ),
    );
    // The hub indexes dead letters as they arrive: look again shortly if some are not in yet.
    if (page.notYetIndexed) setTimeout(loadDeadLetters, 1_000);
  } finally {
    loadingDead = false;
  }
}

loadNodes();
setInterval(loadNodes, 30_000);
