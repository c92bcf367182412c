export { browseDeadLetters } from "./dead-letter-index.js";
export { startDeadLetterIndexer } from "./dead-letter-indexer.js";
export { findDeadLetter, maskedSummary } from "./dead-letters.js";
export {
  chinaDay,
  cityReporting,
  LATE_AFTER_HOURS,
  parsePeriod,
  recordSeen,
  reportingExtension,
  type SeenRecord,
} from "./reporting.js";
export { lastHeard, silentSources } from "./silent.js";
export { type MonitoredStreams, runningStreams } from "./streams.js";
export { ThroughputWindow, throughputWindowOf } from "./throughput.js";
