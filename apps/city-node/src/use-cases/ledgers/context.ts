import type { Publisher } from "../../streams/publish.js";
import type { PersonVault } from "../persons/store.js";

/** What a ledger change needs besides its transaction: the node's city, the vault, the publisher, who acts. */
export interface LedgerContext {
  cityCode: string;
  vault: PersonVault;
  publisher: Publisher;
  staffId: string;
  requestId?: string | null;
  purpose?: string | null;
}
