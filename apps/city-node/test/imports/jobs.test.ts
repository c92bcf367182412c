import { makeResidentId } from "@pes/schemas";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FORMS } from "../../src/domain/forms/index.js";
import { importRunnerOf } from "../../src/import-runner.js";
import { createImportJob, ImportRunner, readForm } from "../../src/use-cases/imports/index.js";
import {
  bodies,
  type LedgerNode,
  ledgerNode,
  type Principal,
  personBlock,
  SIMING_POINT,
} from "../support/index.js";

// POST /v1/imports (issue 17 #4): a bureau's spreadsheet becomes an import job the node runs in the
// background through the batch intake; what it refuses lands in a masked rejection report.

let node: LedgerNode;
beforeAll(async () => {
  node = await ledgerNode("imports");
});
afterAll(async () => {
  await importRunnerOf(node.services).stop();
  await node?.close();
});

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const idOf = (n: number, year = 1980) => makeResidentId("350203", `${year}-05-0${1 + (n % 9)}`, 100 + n);

const HEADER = [
  "序号",
  "源系统编号",
  "公民身份号码",
  "姓名",
  "居住地行政区划",
  "服务类型",
  "服务渠道",
  "服务时间",
  "备注",
  "服务网点编号",
];

async function workbook(rows: unknown[][], header = HEADER): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("服务记录");
  sheet.addRow(["厦门市思明区公共就业服务记录（2025 年）"]);
  sheet.addRow(header);
  for (const r of rows) sheet.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function upload(
  file: Uint8Array,
  opts: { who?: Principal; form?: string; query?: string; multipart?: boolean; type?: string } = {},
) {
  const who = opts.who ?? node.staff.simingClerk;
  const url = `/v1/imports?form=${opts.form ?? "service-record"}${opts.query ?? ""}`;
  let init: RequestInit;
  if (opts.multipart === false) {
    init = { method: "POST", headers: { ...who.headers, "content-type": opts.type ?? XLSX }, body: file };
  } else {
    const form = new FormData();
    form.append("file", new File([file], "服务记录.xlsx", { type: XLSX }));
    init = { method: "POST", headers: who.headers, body: form };
  }
  const res = await node.app.request(url, init);
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

interface Job {
  id: string;
  state: string;
  done: boolean;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  created: number;
  revised: number;
  unchanged: number;
  error: string | null;
}

/** Polls the job until it is done, within a deadline. */
async function finished(id: string, who: Principal = node.staff.simingClerk): Promise<Job> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await node.get(`/v1/imports/${id}`, who);
    expect(res.status).toBe(200);
    const job = res.body as unknown as Job;
    if (job.done) return job;
    if (Date.now() > deadline) throw new Error(`import ${id} not done: ${JSON.stringify(job)}`);
    await importRunnerOf(node.services).idle();
  }
}

async function reportRows(id: string, who: Principal = node.staff.simingClerk): Promise<unknown[][]> {
  const res = await node.app.request(`/v1/imports/${id}/rejections.xlsx`, { headers: who.headers });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe(XLSX);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const rows: unknown[][] = [];
  wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe("an XLSX with Chinese headers and a few bad rows", () => {
  it("imports the good rows, rejects the bad ones into a masked report by row and column, and a second upload changes nothing", async () => {
    const huli = makeResidentId("350206", "1979-01-01", 11);
    expect(
      (
        await node.post(
          "/v1/service-records",
          bodies.service(personBlock(huli, "350206001001")),
          node.staff.huliClerk,
        )
      ).status,
    ).toBe(201);
    const good = (n: number) => [
      n,
      `XLS-${n}`,
      idOf(n),
      "陈明华",
      "思明区",
      "职业指导",
      "窗口",
      "2025-03-01 09:30",
      "",
      SIMING_POINT,
    ];
    const rows = [
      good(1),
      good(2),
      // Bad at reading: the ID number's check digit; a service type that is no label.
      [
        3,
        "XLS-3",
        `${idOf(3).slice(0, 17)}${idOf(3).endsWith("0") ? "1" : "0"}`,
        "林小红",
        "思明区",
        "职业指导",
        "窗口",
        "2025-03-01",
        "",
        SIMING_POINT,
      ],
      [4, "XLS-4", idOf(4), "王五", "思明区", "算命", "窗口", "2025-03-01", "", SIMING_POINT],
      good(5),
      // Bad by a rule of the intake: a service in the future.
      [6, "XLS-6", idOf(6), "赵六", "思明区", "职业指导", "窗口", "2999-01-01", "", SIMING_POINT],
      // Outside the clerk's area: a person of 湖里 the node knows.
      [7, "XLS-7", huli, "孙七", "思明区", "职业指导", "窗口", "2025-03-01", "", SIMING_POINT],
      good(8),
      [null, null, null, null, null, null, null, null, null, null],
      good(9),
    ];
    const before = await node.counts(["persons", "service_records", "pes_outbox"]);
    const posted = await upload(await workbook(rows));
    expect(posted.status, JSON.stringify(posted.body)).toBe(202);
    expect(posted.headers.get("location")).toBe(`/v1/imports/${posted.body.id}`);
    expect(posted.body).toMatchObject({
      form: "service-record",
      formTitle: "服务记录",
      rowsRead: 9,
      done: false,
    });

    const job = await finished(String(posted.body.id));
    expect(job).toMatchObject({
      state: "done",
      rowsRead: 9,
      rowsAccepted: 5,
      rowsRejected: 4,
      created: 5,
      revised: 0,
      unchanged: 0,
      error: null,
    });
    expect(await node.counts(["persons", "service_records", "pes_outbox"])).toEqual({
      persons: before.persons! + 5,
      service_records: before.service_records! + 5,
      pes_outbox: before.pes_outbox! + 5,
    });
    const sources = await node.rows<{ source_record_id: string }>(
      `select source_record_id from intake_records where source_record_id like 'XLS-%' order by 1`,
    );
    expect(sources.map((s) => s.source_record_id)).toEqual(["XLS-1", "XLS-2", "XLS-5", "XLS-8", "XLS-9"]);

    const report = await reportRows(job.id);
    expect(report[0]).toEqual(["行号", "列", "值", "原因"]);
    const lines = report.slice(1) as [number, string, string, string][];
    expect(lines.map(([row, column]) => [row, column])).toEqual([
      [5, "公民身份号码"],
      [6, "服务类型"],
      [8, "服务时间"],
      [9, "（整行）"],
    ]);
    // Values masked, reasons in Chinese; no ID number or name in clear anywhere.
    expect(lines[0]![2]).toMatch(/^3502\*{10}\d{3}[\dX]$/);
    expect(lines[1]![2]).toBe("算命");
    expect(lines[2]![3]).toBe("时间晚于现在");
    expect(lines[3]![3]).toBe("此人不在您的辖区（或本节点没有此人）");
    const text = JSON.stringify(report);
    for (const clear of [idOf(3), huli, "林小红", "孙七"]) expect(text).not.toContain(clear);

    // The same file again: every good row unchanged, nothing written.
    const again = await upload(await workbook(rows));
    const second = await finished(String(again.body.id));
    expect(second).toMatchObject({ rowsAccepted: 5, rowsRejected: 4, created: 0, unchanged: 5 });
    expect(await node.counts(["persons", "service_records", "pes_outbox"])).toEqual({
      persons: before.persons! + 5,
      service_records: before.service_records! + 5,
      pes_outbox: before.pes_outbox! + 5,
    });
  });

  it("answers a retry with the same Idempotency-Key with the first job, making no other", async () => {
    const file = await workbook([
      [1, "IDEM-1", idOf(25), "陈明华", "思明区", "职业指导", "窗口", "2025-03-01", "", SIMING_POINT],
    ]);
    const send = () =>
      node.app.request("/v1/imports?form=service-record", {
        method: "POST",
        headers: {
          ...node.staff.simingClerk.headers,
          "content-type": XLSX,
          "idempotency-key": "import-retry-1",
        },
        body: file,
      });
    const first = await send();
    expect(first.status).toBe(202);
    const job = (await first.json()) as { id: string };
    const jobs = await node.count("import_jobs");
    const again = await send();
    expect(again.status).toBe(202);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(((await again.json()) as { id: string }).id).toBe(job.id);
    expect(await node.count("import_jobs")).toBe(jobs);
    await finished(job.id);

    // As multipart too: a client's retry sends the same bytes (the same boundary), fingerprinted as sent.
    const form = new FormData();
    form.append("file", new File([file], "服务记录.xlsx", { type: XLSX }));
    const multipart = new Request("http://node/", { method: "POST", body: form });
    const bytes = new Uint8Array(await multipart.arrayBuffer());
    const sendForm = () =>
      node.app.request("/v1/imports?form=service-record", {
        method: "POST",
        headers: {
          ...node.staff.simingClerk.headers,
          "idempotency-key": "import-retry-2",
          "content-type": multipart.headers.get("content-type")!,
        },
        body: bytes,
      });
    const m1 = await sendForm();
    expect(m1.status).toBe(202);
    const m2 = await sendForm();
    expect(m2.headers.get("idempotent-replayed")).toBe("true");
    expect(((await m2.json()) as { id: string }).id).toBe(((await m1.json()) as { id: string }).id);
    await importRunnerOf(node.services).idle();
  });

  it("shows a job only to its uploader and the city admins", async () => {
    const posted = await upload(
      await workbook([
        [1, "VIS-1", idOf(20), "陈明华", "思明区", "职业指导", "窗口", "2025-03-01", "", SIMING_POINT],
      ]),
    );
    await finished(String(posted.body.id));
    expect((await node.get(`/v1/imports/${posted.body.id}`, node.staff.huliClerk)).status).toBe(404);
    expect((await node.get(`/v1/imports/${posted.body.id}`, node.staff.admin)).status).toBe(200);
    const report = await node.app.request(`/v1/imports/${posted.body.id}/rejections.xlsx`, {
      headers: node.staff.huliClerk.headers,
    });
    expect(report.status).toBe(404);
  });

  it("takes the raw body as well as multipart, and a CSV in UTF-8", async () => {
    const csv = `\uFEFF${HEADER.join(",")}\r\n1,CSV-1,${idOf(30)},陈明华,思明区,职业指导,窗口,2025-03-01,,${SIMING_POINT}\r\n`;
    const posted = await upload(new TextEncoder().encode(csv), { multipart: false, type: "text/csv" });
    expect(posted.status).toBe(202);
    expect(await finished(String(posted.body.id))).toMatchObject({ rowsAccepted: 1, created: 1 });
  });
});

describe("service points by the city's code in a file (item 7)", () => {
  it("reports a row naming an unknown 服务网点代码 at that column, or creates the point when the admin chooses", async () => {
    const header = [...HEADER.slice(0, -1), "服务网点代码"];
    const file = await workbook(
      [[1, "CODE-1", idOf(60), "陈明华", "思明区", "职业指导", "窗口", "2025-03-01", "", "XM-IMPORT-01"]],
      header,
    );
    const refused = await finished(
      String((await upload(file, { who: node.staff.admin })).body.id),
      node.staff.admin,
    );
    expect(refused).toMatchObject({ rowsAccepted: 0, rowsRejected: 1 });
    const report = (await reportRows(refused.id, node.staff.admin)).slice(1);
    expect(report.map((r) => r.slice(0, 3))).toEqual([[3, "服务网点代码", "XM-IMPORT-01"]]);

    const clerk = await upload(file, { query: "&unknownServicePoints=create" });
    expect(clerk.status).toBe(403);
    const created = await upload(file, { who: node.staff.admin, query: "&unknownServicePoints=create" });
    expect(await finished(String(created.body.id), node.staff.admin)).toMatchObject({
      rowsAccepted: 1,
      created: 1,
    });
    expect(
      await node.rows(`select id, division_code from service_points where code = 'XM-IMPORT-01'`),
    ).toEqual([{ id: "XM-IMPORT-01", division_code: "350203" }]);
  });
});

describe("a file that cannot be imported", () => {
  it("refuses a GBK CSV with the reader's error naming the row and column, creating no job", async () => {
    const jobs = await node.count("import_jobs");
    // 公民身份号码,姓名… in GBK: the header's first byte is not UTF-8.
    const gbk = new Uint8Array([
      0xb9, 0xab, 0xc3, 0xf1, 0xc9, 0xed, 0xb7, 0xdd, 0xba, 0xc5, 0xc2, 0xeb, 0x2c, 0x31, 0x0d, 0x0a,
    ]);
    const res = await upload(gbk, { multipart: false, type: "text/csv" });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toMatch(/problem\+json/);
    expect(res.body).toMatchObject({ type: "urn:pes:problem:not-utf-8", row: 1, column: "A" });
    expect(String(res.body.detail)).toContain("GBK");
    expect(await node.count("import_jobs")).toBe(jobs);
  });

  it("refuses a file over the size limit with 413", async () => {
    const big = new Uint8Array(20 * 1024 * 1024 + 1).fill(0x41);
    const multipart = await upload(big);
    expect(multipart.status).toBe(413);
    expect(multipart.body.type).toBe("urn:pes:problem:too-large");
    const raw = await upload(new Uint8Array(21 * 1024 * 1024).fill(0x41), {
      multipart: false,
      type: "text/csv",
    });
    expect(raw.status).toBe(413);
  });

  it("refuses a PDF (415) and a sheet without the required columns (422, naming them)", async () => {
    const pdf = await upload(new TextEncoder().encode("%PDF-1.7\n..."), {
      multipart: false,
      type: "application/pdf",
    });
    expect(pdf.status).toBe(415);
    expect(pdf.body.type).toBe("urn:pes:problem:not-a-spreadsheet");
    const missing = await upload(
      await workbook([[1, "X", idOf(40), "陈明华"]], ["序号", "源系统编号", "公民身份号码", "姓名"]),
    );
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({
      type: "urn:pes:problem:missing-columns",
      row: 2,
      missing: ["居住地行政区划", "服务类型", "服务渠道"],
    });
  });

  it("answers 400 without a file and for an unknown form", async () => {
    const form = new FormData();
    form.append("other", "x");
    const none = await node.app.request("/v1/imports?form=service-record", {
      method: "POST",
      headers: node.staff.simingClerk.headers,
      body: form,
    });
    expect(none.status).toBe(400);
    expect((await upload(await workbook([]), { form: "payslips" })).status).toBe(400);
  });
});

describe("an import job interrupted", () => {
  it("resumes at the first row not committed when the node starts again, never applying a row twice", async () => {
    const rows = [1, 2, 3, 4, 5].map((n) => [
      n,
      `RES-${n}`,
      idOf(50 + n),
      "陈明华",
      "思明区",
      "职业指导",
      "窗口",
      "2025-03-01",
      "",
      SIMING_POINT,
    ]);
    const bytes = await workbook(rows);
    const reading = await readForm(bytes, { form: FORMS["service-record"] });
    if (!reading.ok) throw new Error(reading.problem.message);
    const job = await createImportJob(
      { db: node.db.db, vault: node.services.vault },
      {
        form: "service-record",
        staffId: node.staff.simingClerk.staffId,
        bytes,
        format: "xlsx",
        options: { unknownServicePoints: "refuse" },
        reading,
      },
    );
    const base = {
      cityCode: node.services.config.cityCode,
      vault: node.services.vault,
      publisher: node.services.publisher,
    };
    // The first node takes two rows and stops (as at a SIGTERM after its first chunk committed).
    const first: ImportRunner = new ImportRunner({
      db: node.db.db,
      base,
      chunkSize: 2,
      onProgress: () => void first.stop(),
    });
    first.resume();
    await first.idle();
    const [stopped] = await node.rows<{ state: string; rows_applied: number; created: number }>(
      `select state, rows_applied, created from import_jobs where id = '${job.id}'`,
    );
    expect(stopped).toEqual({ state: "running", rows_applied: 2, created: 2 });

    // The next start resumes it.
    const second = new ImportRunner({ db: node.db.db, base, chunkSize: 2 });
    second.resume();
    await second.idle();
    const done = await finished(job.id);
    expect(done).toMatchObject({ state: "done", rowsAccepted: 5, created: 5, unchanged: 0 });
    expect(await node.rows(`select 1 from intake_records where source_record_id like 'RES-%'`)).toHaveLength(
      5,
    );
    const [kept] = await node.rows<{ file_enc: string | null }>(
      `select file_enc from import_jobs where id = '${job.id}'`,
    );
    expect(kept!.file_enc).toBeNull();
  });
});

describe("forms and templates", () => {
  it("lists the forms with their columns and serves each template as XLSX and CSV", async () => {
    const list = await node.get("/v1/forms");
    expect(list.status).toBe(200);
    const forms = (
      list.body as {
        forms: {
          id: string;
          title: string;
          columns: { header: string }[];
          templates: { xlsx: string; csv: string };
        }[];
      }
    ).forms;
    expect(forms.map((f) => f.title)).toEqual(Object.values(FORMS).map((f) => f.title));
    const jobSeeker = forms.find((f) => f.id === "job-seeker-registration")!;
    expect(jobSeeker.columns.map((c) => c.header)).toContain("公民身份号码");
    const xlsx = await node.app.request(jobSeeker.templates.xlsx, {
      headers: node.staff.simingClerk.headers,
    });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("content-type")).toBe(XLSX);
    expect(xlsx.headers.get("content-disposition")).toContain(encodeURIComponent("求职登记表.xlsx"));
    const read = await readForm(new Uint8Array(await xlsx.arrayBuffer()), {
      form: "job-seeker-registration",
    });
    expect(read.ok && read.rows.length).toBe(1);
    const csv = await node.app.request(jobSeeker.templates.csv, { headers: node.staff.simingClerk.headers });
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect([...new Uint8Array(await csv.arrayBuffer()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect((await node.get("/v1/forms/payslips/template.xlsx")).status).toBe(400);
  });
});
