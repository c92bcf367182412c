import { Counter, type Registry } from "prom-client";
import { DELIVERY_OUTCOMES, type DeliveryOutcome } from "./use-cases/webhooks/dispatcher.js";

/**
 * pes_webhook_deliveries_total{outcome} on the market's registry: each attempt's outcome, delivered,
 * retry (failed, due again after the backoff) or failed (the last attempt failed). Every outcome is
 * there from the start at 0, so a rate over it never begins with a missing series.
 */
export function webhookDeliveryCounter(registry: Registry): (outcome: DeliveryOutcome) => void {
  const counter = new Counter({
    name: "pes_webhook_deliveries_total",
    help: "Webhook delivery attempts by outcome: delivered, retry (due again after the backoff) or failed (given up)",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  for (const outcome of DELIVERY_OUTCOMES) counter.inc({ outcome }, 0);
  return (outcome) => counter.inc({ outcome });
}
