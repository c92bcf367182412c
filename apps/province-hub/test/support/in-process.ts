// The parts of the hub the platform tests (tests/platform) run in-process beside other services: its
// ingest with the extensions run.ts gives it, and the tables and reads they check. Through the
// package's "./testing" export only: another package never imports the hub's src/ by path.
export { gigMarkets } from "../../src/db/tables/needs.js";
export { startDeadLetterIndexer } from "../../src/streams/dead-letter-indexer.js";
export { INGEST_TOPICS, RECEIPT_TOPICS, startIngest, startReceipts } from "../../src/streams/runtime.js";
export { gigMarketsExtension } from "../../src/use-cases/flowback/markets.js";
export { needsFlowbackExtension } from "../../src/use-cases/flowback/needs.js";
export { indicatorExtension, indicatorTable } from "../../src/use-cases/indicators/store.js";
