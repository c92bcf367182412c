import type { App } from "../../context.js";
import { registerDistrictNeeds } from "./districts.js";
import { registerServicePointNeeds } from "./service-points.js";

/** The open service needs (数据回流) for the operator console; read-only, any operator role. */
export function registerNeeds(app: App): void {
  registerDistrictNeeds(app);
  registerServicePointNeeds(app);
}
