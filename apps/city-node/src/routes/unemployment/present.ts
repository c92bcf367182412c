import type { UnemploymentRegistration } from "@pes/schemas";
import type { WorkingCalendar } from "../../domain/index.js";
import type { UnemploymentRow } from "../../use-cases/ledgers/unemployment.js";
import { type PersonRow, type PersonVault, presentPerson } from "../../use-cases/persons/store.js";

export function presentRegistration(
  row: UnemploymentRow,
  person: PersonRow,
  vault: PersonVault,
  clear: boolean,
  calendar: WorkingCalendar,
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
    // A year between the application and dueBy has no holiday schedule: dueBy counted weekends only.
    deadlineProvisional: !calendar.knowsYearsBetween(d.appliedOn, d.dueBy),
    ...(d.registeredOn ? { registeredOn: d.registeredOn } : {}),
    ...(d.closedOn ? { closedOn: d.closedOn } : {}),
    ...(d.closeReason ? { closeReason: d.closeReason } : {}),
    person: presentPerson(person, vault, clear),
  };
}
