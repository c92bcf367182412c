// The province hub's test kit: one database, one app, its operators and one person factory. Every
// test of the hub builds from here; the platform tests (tests/platform) import it as
// "@pes/province-hub/testing".
export { NO_BROKER, type TestAppOptions, type TestHub, testApp } from "./app.js";
export { cipher, cipherKey, SECRET, TEST_CONFIG, TEST_TRUST } from "./config.js";
export { openTestDatabase, type TestDatabase, testDatabase } from "./database.js";
export { fromCity, type PublishedMessage, published, unemployment } from "./events.js";
export { verifiedEvidence } from "./evidence.js";
export * from "./in-process.js";
export { type Outboxed, openOutboxRow, outboxed } from "./outbox.js";
export { type Person, person } from "./person.js";
export {
  type Headers,
  type OperatorRole,
  operatorHeaders,
  operatorsOfEachRole,
  type Principal,
  testOperator,
} from "./principals.js";
export { hubWithStreams, testStreams } from "./streams.js";
export { provider, skillsPolicy, type VoucherHub, voucherHub, type Who } from "./vouchers.js";
