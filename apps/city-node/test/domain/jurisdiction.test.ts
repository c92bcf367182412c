import { describe, expect, it } from "vitest";
import {
  assertCanAccess,
  assertInArea,
  canAccess,
  canSeeClearPersonalData,
  canTransferInto,
  type StaffScope,
} from "../../src/domain/index.js";

const staff = (role: StaffScope["role"], divisionCode: string): StaffScope => ({ role, divisionCode });

// 厦门 350200 > 思明 350203 > street 350203001 > community 350203001001; 湖里 350206; 泉州 350500
const SIMING_COMMUNITY = "350203001001";
const SIMING_OTHER_STREET = "350203002";
const HULI_STREET = "350206001";
const QUANZHOU_STREET = "350502001";

describe("canAccess", () => {
  it("city-admin: the whole city, not another city", () => {
    const admin = staff("city-admin", "350200");
    expect(canAccess(admin, SIMING_COMMUNITY)).toBe(true);
    expect(canAccess(admin, HULI_STREET)).toBe(true);
    expect(canAccess(admin, "350200")).toBe(true);
    expect(canAccess(admin, QUANZHOU_STREET)).toBe(false);
  });

  it("supervisor: their district", () => {
    const supervisor = staff("supervisor", "350203");
    expect(canAccess(supervisor, SIMING_COMMUNITY)).toBe(true);
    expect(canAccess(supervisor, SIMING_OTHER_STREET)).toBe(true);
    expect(canAccess(supervisor, HULI_STREET)).toBe(false);
    expect(canAccess(supervisor, "350200")).toBe(false);
    // a supervisor assigned to a street still supervises its district
    expect(canAccess(staff("supervisor", "350203001"), SIMING_OTHER_STREET)).toBe(true);
  });

  it("clerk: their assigned division and below", () => {
    const streetClerk = staff("clerk", "350203001");
    expect(canAccess(streetClerk, "350203001")).toBe(true);
    expect(canAccess(streetClerk, SIMING_COMMUNITY)).toBe(true);
    expect(canAccess(streetClerk, SIMING_OTHER_STREET)).toBe(false);
    expect(canAccess(streetClerk, "350203")).toBe(false);
    const communityClerk = staff("clerk", SIMING_COMMUNITY);
    expect(canAccess(communityClerk, SIMING_COMMUNITY)).toBe(true);
    expect(canAccess(communityClerk, "350203001002")).toBe(false);
    expect(canAccess(staff("clerk", "350203"), SIMING_COMMUNITY)).toBe(true);
    expect(canAccess(staff("clerk", "350200"), HULI_STREET)).toBe(true);
  });

  it("keeps 平潭 apart from 福州 although its code lies within 350100", () => {
    expect(canAccess(staff("city-admin", "350100"), "350128001")).toBe(false);
    expect(canAccess(staff("city-admin", "350128"), "350128001")).toBe(true);
    expect(canAccess(staff("clerk", "350100"), "350128001")).toBe(false);
  });

  it("refuses malformed codes", () => {
    expect(canAccess(staff("city-admin", "350200"), "3502")).toBe(false);
    expect(canAccess(staff("clerk", "nonsense"), SIMING_COMMUNITY)).toBe(false);
  });

  it("assertCanAccess throws forbidden-jurisdiction", () => {
    expect(() => assertCanAccess(staff("clerk", "350203001"), SIMING_COMMUNITY)).not.toThrow();
    expect(() => assertCanAccess(staff("supervisor", "350203"), QUANZHOU_STREET)).toThrow(
      expect.objectContaining({ code: "forbidden-jurisdiction", kind: "forbidden" }),
    );
  });
});

describe("areas: outside is not found, and a transfer is the receiving area's", () => {
  it("assertInArea answers outside the area as not found (404), never forbidden", () => {
    const notFound = { code: "person-not-found", message: "No person" };
    expect(() => assertInArea(staff("clerk", "350203"), SIMING_COMMUNITY, notFound)).not.toThrow();
    expect(() => assertInArea(staff("clerk", "350203"), HULI_STREET, notFound)).toThrow(
      expect.objectContaining({ code: "person-not-found", kind: "not_found" }),
    );
  });

  it("canTransferInto: a supervisor or city admin whose area covers the receiving division; never a clerk", () => {
    expect(canTransferInto(staff("supervisor", "350206"), HULI_STREET)).toBe(true);
    expect(canTransferInto(staff("city-admin", "350200"), HULI_STREET)).toBe(true);
    expect(canTransferInto(staff("clerk", "350206"), HULI_STREET)).toBe(false);
    // The sending area cannot push a person out, nor another city take them.
    expect(canTransferInto(staff("supervisor", "350203"), HULI_STREET)).toBe(false);
    expect(canTransferInto(staff("city-admin", "350500"), HULI_STREET)).toBe(false);
    expect(canTransferInto(staff("supervisor", "350203"), SIMING_OTHER_STREET)).toBe(true);
  });
});

describe("canSeeClearPersonalData", () => {
  it("shows clear data only for case work, to clerks and supervisors", () => {
    expect(canSeeClearPersonalData("clerk", "case")).toBe(true);
    expect(canSeeClearPersonalData("supervisor", "case")).toBe(true);
    expect(canSeeClearPersonalData("city-admin", "case")).toBe(false);
    for (const purpose of ["list", "export", "statistics"] as const) {
      for (const role of ["clerk", "supervisor", "city-admin"] as const) {
        expect(canSeeClearPersonalData(role, purpose)).toBe(false);
      }
    }
  });
});
