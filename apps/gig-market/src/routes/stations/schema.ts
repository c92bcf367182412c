import { z } from "@hono/zod-openapi";
import { FujianDivisionCode } from "@pes/schemas";
import type { stations } from "../../db/tables/markets.js";
import { Instant } from "../shared.js";

export const tags = ["Stations 零工驿站"];

export const StationInput = z
  .object({
    name: z.string().trim().min(1, "must not be empty").max(100).openapi({ example: "梧村街道零工驿站" }),
    divisionCode: FujianDivisionCode.meta({
      description: "Where the station is: a district, street or community of your market's city",
      examples: ["350203005"],
    }),
  })
  .openapi("StationInput");

export const StationView = z
  .object({ id: z.uuid(), name: z.string(), divisionCode: z.string(), createdAt: Instant })
  .openapi("Station");

export const presentStation = (s: typeof stations.$inferSelect) => ({
  id: s.id,
  name: s.name,
  divisionCode: s.divisionCode,
  createdAt: s.createdAt.toISOString(),
});
