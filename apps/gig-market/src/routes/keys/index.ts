import type { App } from "../../context.js";
import { registerListKeys } from "./list.js";
import { registerPostKey } from "./post.js";
import { registerRevokeKey } from "./revoke.js";

export function registerKeys(app: App): void {
  registerListKeys(app);
  registerPostKey(app);
  registerRevokeKey(app);
}
