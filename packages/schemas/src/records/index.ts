import type { DefinedRecord } from "../definition.js";

/** Every record type of the contract, in one list: the registry, the docs generator and the tests read it. */
export const allRecords: DefinedRecord[] = [];
