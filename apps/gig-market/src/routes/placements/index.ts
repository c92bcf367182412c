import type { App } from "../../context.js";
import { registerCancelPlacement } from "./cancellation.js";
import { registerCompletePlacement } from "./completion.js";
import { registerGetPlacement } from "./get.js";
import { registerListPlacements } from "./list.js";
import { registerPostPlacement } from "./post.js";
import { registerRatings } from "./ratings.js";

export function registerPlacements(app: App): void {
  registerListPlacements(app);
  registerPostPlacement(app);
  registerGetPlacement(app);
  registerCompletePlacement(app);
  registerCancelPlacement(app);
  registerRatings(app);
}
