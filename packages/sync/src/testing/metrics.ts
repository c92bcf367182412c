/** One sample of a Prometheus text exposition: its name, labels and value. */
export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface ParsedMetrics {
  samples: MetricSample[];
  /** Each family's TYPE line: counter, gauge, histogram, summary or untyped. */
  types: Map<string, string>;
  /** The samples of `name` whose labels include `labels`. */
  find(name: string, labels?: Record<string, string>): MetricSample[];
  /** The one sample of `name` with exactly these labels among its own, or undefined. */
  value(name: string, labels?: Record<string, string>): number | undefined;
}

const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)(?: -?\\d+)?$`);
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(?:,|$)/y;
const SUFFIXES = ["_bucket", "_sum", "_count", "_total", "_created"];

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const m = LABEL.exec(text);
    if (!m) throw new Error(`malformed labels in: ${line}`);
    labels[m[1]!] = m[2]!.replace(/\\(["\\n])/g, (_, c: string) => (c === "n" ? "\n" : c));
  }
  return labels;
}

function parseValue(text: string, line: string): number {
  if (text === "+Inf") return Number.POSITIVE_INFINITY;
  if (text === "-Inf") return Number.NEGATIVE_INFINITY;
  if (text === "NaN") return Number.NaN;
  const n = Number(text);
  if (text === "" || Number.isNaN(n)) throw new Error(`malformed value in: ${line}`);
  return n;
}

/**
 * A strict reading of the Prometheus text format (version 0.0.4), as a scraper reads /metrics: every
 * line a comment, a HELP or TYPE line, or a sample of a family whose TYPE came before; else it throws.
 */
export function parseMetrics(text: string): ParsedMetrics {
  const samples: MetricSample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const type = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`).exec(line);
    if (type) {
      if (types.has(type[1]!)) throw new Error(`a second TYPE of ${type[1]}`);
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (line.startsWith("#")) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const name = m[1]!;
    const family = [name, ...SUFFIXES.filter((s) => name.endsWith(s)).map((s) => name.slice(0, -s.length))];
    if (!family.some((f) => types.has(f))) throw new Error(`a sample of ${name} before its TYPE`);
    samples.push({ name, labels: parseLabels(m[2] ?? "", line), value: parseValue(m[3]!, line) });
  }
  const find = (name: string, labels: Record<string, string> = {}) =>
    samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return {
    samples,
    types,
    find,
    value(name, labels = {}) {
      const exact = find(name, labels).filter(
        (s) => Object.keys(s.labels).length === Object.keys(labels).length,
      );
      if (exact.length > 1) throw new Error(`${exact.length} samples of ${name} match`);
      return exact[0]?.value;
    },
  };
}
