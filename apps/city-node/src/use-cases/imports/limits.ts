/** The largest file an import takes; the route answers 413 above it. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
/** The most data rows one file may hold (the batch API takes 10,000 records a request; a file is a job). */
export const MAX_IMPORT_ROWS = 100_000;
/**
 * The most an XLSX may unpack to. exceljs holds a loaded workbook in memory at about 20 times its
 * unpacked size (a 100,000-row 求职登记表 of 10 columns: 4 MB packed, 47 MB unpacked, 1 GB of memory),
 * so this bounds one import's memory and refuses zip bombs before they are inflated.
 */
export const MAX_XLSX_UNPACKED_BYTES = 128 * 1024 * 1024;
