// The gig market's test kit: one database, one app, its markets with API keys and one person factory.
// Every test of the market builds from here; the platform tests (tests/platform) import it as
// "@pes/gig-market/testing".
export { type GigApp, posting, type TestAppOptions, testApp, testServices } from "./app.js";
export { rows, type TestDatabase, testDatabase } from "./database.js";
export { fromProvince, message, runIds, topicOf, voucher, workNeeded } from "./flowback.js";
export * from "./in-process.js";
export { idNumber, type Person, person } from "./person.js";
export { bearer, type Headers, JINJIANG, SIMING, testMarket } from "./principals.js";
export { type Received, startReceiver } from "./receiver.js";
export { gigTestTrust, openAsProvince, provinceTestTrust } from "./sealed.js";
