import { isCalendarDate } from "@pes/core";
import { z } from "zod";

const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const IsoDate = z
  .string()
  .regex(DATE_SHAPE, { error: "Write the date as YYYY-MM-DD, e.g. 2024-03-15", abort: true })
  .refine(isCalendarDate, { error: "This date does not exist in the calendar; check the month and day" })
  .meta({ description: "A calendar date, YYYY-MM-DD", format: "date", examples: ["2024-03-15"] });
export type IsoDate = z.infer<typeof IsoDate>;

export const Timestamp = z.iso
  .datetime({
    offset: true,
    error: "Write the time as ISO 8601 with its offset, e.g. 2024-03-15T09:30:00+08:00",
  })
  .meta({ description: "An instant, ISO 8601 with offset", examples: ["2024-03-15T09:30:00+08:00"] });
export type Timestamp = z.infer<typeof Timestamp>;
