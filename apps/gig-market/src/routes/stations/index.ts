import type { App } from "../../context.js";
import { registerGetStation } from "./get.js";
import { registerListStations } from "./list.js";
import { registerPostStation } from "./post.js";

export function registerStations(app: App): void {
  registerListStations(app);
  registerPostStation(app);
  registerGetStation(app);
}
