import type { App } from "../../context.js";
import { registerGetPosting } from "./get.js";
import { registerListPostings } from "./list.js";
import { registerPatchPosting } from "./patch.js";
import { registerPostPosting } from "./post.js";

export function registerPostings(app: App): void {
  registerListPostings(app);
  registerPostPosting(app);
  registerGetPosting(app);
  registerPatchPosting(app);
}
