// What every console's pages share (the hub's and the city node's): their words and settings from
// the page, the service's /v1 API with the session cookie, DOM building. Values from the API are
// only ever set as text, never parsed as HTML.

const json = (id) => JSON.parse(document.getElementById(id)?.textContent ?? "{}");
const messages = json("pes-messages");
export const config = json("pes-config");
export const t = (key) => messages[key] ?? key;

const numbers = new Intl.NumberFormat(config.lang, { maximumFractionDigits: 4 });
export const num = (n) => (n === null || n === undefined ? "—" : numbers.format(n));
export const yuan = (fen) => numbers.format(fen / 100);
export const time = (iso) => (iso ? new Date(iso).toLocaleString(config.lang, { hour12: false }) : "—");

/** A clickable row is reachable with Tab and opens with Enter, as a link would. */
function keyboardClickable(el) {
  el.tabIndex = 0;
  el.addEventListener("keydown", (e) => {
    if (e.key === "Enter") el.click();
  });
}

/** h("td", { class: "num" }, "12"): an element with attributes and children (strings become text). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "onclick" && tag === "tr") keyboardClickable(el);
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** A table: columns are [heading, cell(row), { num: true }?]. */
export function table(columns, rows, rowAttrs = () => ({})) {
  return h(
    "table",
    {},
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        columns.map(([head, , o]) => h("th", { class: o?.num ? "num" : null }, head)),
      ),
    ),
    h(
      "tbody",
      {},
      rows.length === 0
        ? h("tr", {}, h("td", { colspan: columns.length, class: "muted" }, t("common.none")))
        : rows.map((row) =>
            h(
              "tr",
              rowAttrs(row),
              columns.map(([, cell, o]) => h("td", { class: o?.num ? "num" : null }, cell(row))),
            ),
          ),
    ),
  );
}

export class ApiError extends Error {
  constructor(problem) {
    super(problem.detail ?? problem.title ?? "request failed");
    this.problem = problem;
  }
}

/** The service's /v1 API with the session cookie; a write also sends the console's header. */
export async function api(path, init = {}) {
  const response = await fetch(path, {
    ...init,
    credentials: "same-origin",
    headers: {
      accept: "application/json",
      "x-pes-console": "1",
      ...(init.body ? { "content-type": "application/json" } : {}),
      ...init.headers,
    },
  });
  if (response.status === 401) {
    location.assign("/console/login");
    throw new ApiError({ title: "unauthenticated" });
  }
  const body = response.headers.get("content-type")?.includes("json") ? await response.json() : {};
  if (!response.ok) throw new ApiError(body);
  return body;
}

export const mount = (...children) => document.getElementById("page").replaceChildren(...children);
