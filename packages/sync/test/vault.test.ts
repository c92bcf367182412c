import { randomBytes } from "node:crypto";
import { makeResidentId, personKeyOf } from "@pes/schemas";
import { describe, expect, it } from "vitest";
import {
  isSealed,
  maskPii,
  openMasked,
  openPaths,
  openPersonRef,
  openPii,
  openRecord,
  type PersonVault,
  PiiCipher,
  personKeyFor,
  sealPaths,
  sealPerson,
  sealPii,
  sealRecord,
} from "../src/index.js";

const secret = "test-person-key-secret-0123456789";
const vault: PersonVault = {
  cipher: new PiiCipher(randomBytes(32).toString("base64")),
  personKeySecret: secret,
};
const idNumber = makeResidentId("350203", "1990-03-07", 123);
const CIPHERTEXT = /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]*$/;

describe("the person vault", () => {
  it("keys a person by personKeyOf of the ID number, the same in every service", () => {
    expect(personKeyFor(vault, idNumber)).toBe(personKeyOf(idNumber, secret));
    expect(personKeyFor(vault, idNumber.toLowerCase())).toBe(personKeyFor(vault, idNumber));
  });

  it("seals the ID number, name and phone as PiiCipher's v1 text, a fresh nonce each time", () => {
    const sealed = sealPerson(vault, { idNumber, name: "陈明", phone: "13800001234" });
    expect(sealed.personKey).toBe(personKeyOf(idNumber, secret));
    for (const text of [sealed.idNumberEnc, sealed.nameEnc, sealed.phoneEnc])
      expect(text).toMatch(CIPHERTEXT);
    expect(vault.cipher.decrypt(sealed.idNumberEnc)).toBe(idNumber);
    expect(sealPii(vault.cipher, { idNumber, name: "陈明" }).idNumberEnc).not.toBe(sealed.idNumberEnc);
  });

  it("seals no phone as null, and opens it as null", () => {
    for (const phone of [undefined, null, ""]) {
      const sealed = sealPii(vault.cipher, { idNumber, name: "陈明", phone });
      expect(sealed.phoneEnc).toBeNull();
      expect(openPii(vault.cipher, sealed)).toEqual({ idNumber, name: "陈明", phone: null });
    }
  });

  it("opens what it sealed, and what PiiCipher sealed field by field", () => {
    const pii = { idNumber, name: "陈明", phone: "13800001234" };
    expect(openPii(vault.cipher, sealPii(vault.cipher, pii))).toEqual(pii);
    const byHand = { idNumberEnc: vault.cipher.encrypt(idNumber), nameEnc: vault.cipher.encrypt("陈明") };
    expect(openPii(vault.cipher, byHand)).toEqual({ idNumber, name: "陈明", phone: null });
    expect(openPersonRef(vault.cipher, { personKey: "pk_x", ...byHand })).toEqual({
      key: "pk_x",
      idNumber,
      name: "陈明",
    });
  });

  it("masks for display, keeping every other field", () => {
    expect(
      maskPii({ idNumber: "35020319900307123X", name: "陈明", phone: "13800001234", key: "pk_x" }),
    ).toEqual({ idNumber: "3502**********123X", name: "陈*", phone: "138****1234", key: "pk_x" });
    expect(maskPii({ idNumber: "35020319900307123X", name: "欧阳娜娜", phone: null })).toEqual({
      idNumber: "3502**********123X",
      name: "欧***",
      phone: null,
    });
    const sealed = sealPii(vault.cipher, { idNumber: "35020319900307123X", name: "陈明" });
    expect(openMasked(vault.cipher, sealed)).toEqual({
      idNumber: "3502**********123X",
      name: "陈*",
      phone: null,
    });
  });
});

describe("personal data inside a record kept as JSON", () => {
  const { cipher } = vault;
  const family = {
    id: "f1",
    state: "identified",
    members: [
      { person: { key: "pk_a", idNumber, name: "陈明" }, relation: "head" },
      { person: { key: "pk_b", idNumber: "35020319900307123X", name: "林晓" }, relation: "spouse" },
    ],
  };

  it("seals the values at the record type's personal paths, every array element, and nothing else", () => {
    const sealed = sealRecord(cipher, "zero-employment-family", family);
    expect(sealed.members.map((m) => [isSealed(m.person.idNumber), isSealed(m.person.name)])).toEqual([
      [true, true],
      [true, true],
    ]);
    expect(sealed.members.map((m) => [m.person.key, m.relation])).toEqual([
      ["pk_a", "head"],
      ["pk_b", "spouse"],
    ]);
    expect(sealed.state).toBe("identified");
    expect(JSON.stringify(sealed)).not.toContain(idNumber);
    expect(openRecord(cipher, "zero-employment-family", sealed)).toEqual(family);
    // The input is not changed: only the path is copied.
    expect(family.members[0]!.person.idNumber).toBe(idNumber);
  });

  it("leaves missing paths missing, seals no value twice, and opens a value never sealed as it is", () => {
    const vacancy = { employer: { name: "某公司", contactName: "王经理", contactPhone: "0592-5551234" } };
    const once = sealRecord(cipher, "vacancy-registration", vacancy);
    expect(sealRecord(cipher, "vacancy-registration", once)).toEqual(once);
    expect(openRecord(cipher, "vacancy-registration", once)).toEqual(vacancy);
    expect(openRecord(cipher, "vacancy-registration", vacancy)).toEqual(vacancy);
    expect(sealPaths(cipher, { a: 1 }, ["b.c", "d.*.e", "a.b"])).toEqual({ a: 1 });
    expect(openPaths(cipher, { contactMobile: null }, ["contactMobile"])).toEqual({ contactMobile: null });
    expect(sealRecord(cipher, "declared-indicator-value", { value: 1 })).toEqual({ value: 1 });
  });

  it("fingerprints a value with the cipher's key: the same for equal values, another for another key", () => {
    const other = new PiiCipher(randomBytes(32).toString("base64"));
    expect(cipher.fingerprint("13800001234")).toBe(cipher.fingerprint("13800001234"));
    expect(cipher.fingerprint("13800001234")).not.toBe(cipher.fingerprint("13800001235"));
    expect(other.fingerprint("13800001234")).not.toBe(cipher.fingerprint("13800001234"));
    expect(cipher.fingerprint("13800001234")).not.toContain("13800001234");
  });
});
