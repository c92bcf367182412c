export {
  cityReporting,
  LATE_AFTER_HOURS,
  parsePeriod,
  recordSeen,
  reportingExtension,
  type SeenRecord,
} from "./reporting.js";
export { lastHeard, silentSources } from "./silent.js";
export { ThroughputWindow, throughputWindowOf } from "./throughput.js";
