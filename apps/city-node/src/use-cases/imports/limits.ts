/** The largest file an import takes; the route answers 413 above it. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
/** The most data rows one file may hold (the batch API takes 10,000 records a request; a file is a job). */
export const MAX_IMPORT_ROWS = 100_000;
