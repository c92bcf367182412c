import { randomBytes } from "node:crypto";
import { makeResidentId, personKeyOf } from "@pes/schemas";
import { describe, expect, it } from "vitest";
import {
  maskPii,
  openMasked,
  openPersonRef,
  openPii,
  type PersonVault,
  PiiCipher,
  personKeyFor,
  sealPerson,
  sealPii,
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
