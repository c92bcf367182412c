import type { UnemploymentRegistration } from "@pes/schemas";
import type { UnemploymentRow } from "../../ledgers/unemployment.js";
import { type PersonRow, type PersonVault, presentPerson } from "../../persons/store.js";

export function presentRegistration(
  row: UnemploymentRow,
  person: PersonRow,
  vault: PersonVault,
  clear: boolean,
) {
  const d = row.data as Omit<UnemploymentRegistration, "person">;
  return {
    id: row.id,
    revision: row.revision,
    state: row.state,
    placeBasis: d.placeBasis,
    servicePointId: d.servicePointId,
    appliedOn: d.appliedOn,
    dueBy: d.dueBy,
    ...(d.registeredOn ? { registeredOn: d.registeredOn } : {}),
    ...(d.closedOn ? { closedOn: d.closedOn } : {}),
    ...(d.closeReason ? { closeReason: d.closeReason } : {}),
    person: presentPerson(person, vault, clear),
  };
}
