import type { FileProblem } from "../../domain/forms/index.js";

export type SheetFormat = "xlsx" | "csv";

const startsWith = (bytes: Uint8Array, ...magic: number[]) => magic.every((b, i) => bytes[i] === b);

const SAVE_AS = "请在 Excel 中「另存为」Excel 工作簿（.xlsx）或「CSV UTF-8（逗号分隔）」后重新上传";
const BINARY_SCAN = 8192;

/**
 * What a file is, by its first bytes and never by its name or declared type (a .csv may be an
 * XLSX renamed, an .xls may be a web page): a zip is XLSX, text is CSV, anything else is refused
 * with what it seems to be.
 */
export function sniffFormat(
  bytes: Uint8Array,
): { ok: true; format: SheetFormat } | { ok: false; problem: FileProblem } {
  const refuse = (code: FileProblem["code"], message: string) => ({
    ok: false as const,
    problem: { code, message },
  });
  if (bytes.length === 0) return refuse("no-rows", "文件是空的");
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) return { ok: true, format: "xlsx" };
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) {
    return refuse(
      "xls-not-supported",
      `这是旧版 Excel 97-2003 工作簿（.xls）或加密的工作簿，无法读取：${SAVE_AS}（如有密码请先取消）`,
    );
  }
  if (startsWith(bytes, 0x25, 0x50, 0x44, 0x46))
    return refuse("not-a-spreadsheet", `这是 PDF 文件，不是 CSV 或 XLSX 表格：${SAVE_AS}`);
  if (startsWith(bytes, 0xff, 0xfe) || startsWith(bytes, 0xfe, 0xff)) {
    return refuse("not-utf-8", `文件是 UTF-16 编码（Excel 的「Unicode 文本」），不是 CSV UTF-8：${SAVE_AS}`);
  }
  const head = new TextDecoder("utf-8")
    .decode(bytes.subarray(0, 512))
    .replace(/^\uFEFF/, "")
    .trimStart()
    .toLowerCase();
  if (
    head.startsWith("<html") ||
    head.startsWith("<!doctype html") ||
    head.startsWith("<table") ||
    head.startsWith("<?xml")
  ) {
    return refuse(
      "not-a-spreadsheet",
      "这是网页或 XML 格式的表格（有些系统导出的 .xls 其实是这种格式），不是 CSV 或 XLSX：请用 Excel 打开后「另存为」Excel 工作簿（.xlsx）或「CSV UTF-8（逗号分隔）」再上传",
    );
  }
  if (bytes.subarray(0, BINARY_SCAN).includes(0)) {
    return refuse("not-a-spreadsheet", `文件不是 CSV 或 XLSX 表格（是其他格式的二进制文件）：${SAVE_AS}`);
  }
  return { ok: true, format: "csv" };
}
