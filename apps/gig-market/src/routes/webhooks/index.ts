import type { App } from "../../context.js";
import { registerDeleteWebhook } from "./delete.js";
import { registerListDeliveries } from "./deliveries.js";
import { registerGetWebhook } from "./get.js";
import { registerListWebhooks } from "./list.js";
import { registerPostWebhook } from "./post.js";
import { registerRedeliver } from "./redeliver.js";
import { registerRotateWebhookSecret } from "./rotate.js";

export function registerWebhooks(app: App): void {
  registerListWebhooks(app);
  registerPostWebhook(app);
  registerGetWebhook(app);
  registerDeleteWebhook(app);
  registerRotateWebhookSecret(app);
  registerListDeliveries(app);
  registerRedeliver(app);
}
