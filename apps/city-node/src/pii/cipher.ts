export { PiiCipher } from "@pes/sync";
