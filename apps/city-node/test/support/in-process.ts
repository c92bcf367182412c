// The parts of the city node the platform tests (tests/platform) run in-process beside other services:
// its app (to serve on a real HTTP server), its streams (relay and flow-back consumer) and the table of
// what flowed back. Through the package's
// "./testing" export only: another package never imports the node's src/ by path.
export { createApp } from "../../src/app.js";
export { flowbackNotices } from "../../src/db/tables/flowback.js";
export { startStreams } from "../../src/streams/runtime.js";
