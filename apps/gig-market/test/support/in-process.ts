// The parts of the gig market the platform tests (tests/platform) run in-process beside other
// services: its relay and its flow-back consumer. Through the package's "./testing" export only:
// another package never imports the market's src/ by path.
export { startFlowback, startRelay } from "../../src/streams/runtime.js";
