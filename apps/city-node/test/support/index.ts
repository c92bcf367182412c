// The city node's test kit: one database, one app, its staff and one person factory. Every test of
// the node builds from here; the platform tests (tests/platform) import it as "@pes/city-node/testing".
export { type TestNode, testApp, testServices } from "./app.js";
export {
  HULI_POINT,
  HULI_STREET,
  SIMING_COMMUNITY,
  SIMING_POINT,
  TEST_PERSON_KEY_SECRET,
  XIAMEN,
} from "./config.js";
export { openTestDatabase, type TestDatabase, testDatabase } from "./database.js";
export { flowbackPerson, provinceFlowback } from "./flowback.js";
export { type FlowbackNode, flowbackNode } from "./flowback-node.js";
export * from "./in-process.js";
export {
  bodies,
  CREDIT_CODE,
  employmentBody,
  type LedgerNode,
  ledgerNode,
  type OutboxRow,
} from "./ledgers.js";
export { application, idNumber, personBlock } from "./person.js";
export { type Principal, type StaffRole, staffOfEachRole, staffWithToken } from "./principals.js";
export { openAsProvince } from "./sealed.js";
