// pnpm faults [--persons N] [--cycles N] [--writers N] [--pause-seconds N] [--only a,b] [--port P] [--name N]:
// the fault matrix, one table row per fault.
import { parseArgs } from "node:util";
import { DEFAULTS, FAULTS, runMatrix, TABLE_HEADER, tableRow } from "./matrix.js";

const { values } = parseArgs({
  options: {
    persons: { type: "string" },
    cycles: { type: "string" },
    writers: { type: "string" },
    "pause-seconds": { type: "string" },
    only: { type: "string" },
    port: { type: "string" },
    name: { type: "string" },
  },
});
const num = (v: string | undefined, d: number) => (v === undefined ? d : Number(v));
const opts = {
  ...DEFAULTS,
  persons: num(values.persons, DEFAULTS.persons),
  cycles: num(values.cycles, DEFAULTS.cycles),
  writers: num(values.writers, DEFAULTS.writers),
  pauseMs: num(values["pause-seconds"], DEFAULTS.pauseMs / 1000) * 1000,
  // --port moves them all: the broker (its controller +1), the proxy +2, the PostgreSQL +3.
  brokerPort: num(values.port, DEFAULTS.brokerPort),
  proxyPort: num(values.port, DEFAULTS.brokerPort) + 2,
  postgresPort: num(values.port, DEFAULTS.brokerPort) + 3,
  brokerName: values.name ?? DEFAULTS.brokerName,
};
const only = values.only?.split(",");
const faults = only ? FAULTS.filter((f) => only.includes(f.name)) : FAULTS;
const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);
const started = Date.now();
out(
  `fault matrix: ${opts.persons} persons × ${opts.cycles} registration(s) × 3 writes, ${opts.writers} writers, pause ${opts.pauseMs / 1000} s`,
);
out(TABLE_HEADER.join("\n"));
const rows = await runMatrix(faults, opts, (r) => {
  out(tableRow(r));
  for (const p of r.report.persons.slice(0, 5)) err(`  ${r.fault}: ${JSON.stringify(p)}`);
  if (r.note || r.signingKeys > 1)
    err(`  ${r.fault}: ${[r.note, `records signed with ${r.signingKeys} keys`].filter(Boolean).join("; ")}`);
  if (r.indeterminate + r.abandoned > 0)
    err(
      `  ${r.fault}: ${r.indeterminate} unanswered changes, ${r.abandoned} unanswered applications, ${r.retries} retries`,
    );
});
out(`${rows.length} rows in ${((Date.now() - started) / 1000).toFixed(0)} s`);
const bad = rows.filter((r) => r.report.lost + r.report.duplicated + r.report.reordered + r.deadLetters > 0);
process.exit(bad.length === 0 ? 0 : 1);
