// Kept for test/access.test.ts (being written beside this change) until it imports the kit:
// everything else builds from ../support/index.ts.
export { cipherKey, SECRET, testDatabase as hubDatabase } from "../support/index.js";
