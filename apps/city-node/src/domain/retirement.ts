import { ageOn, daysInMonth, isCalendarDate } from "@pes/core";
import type { IsoDate, Sex } from "@pes/schemas";
import { DomainRuleError, type RuleViolation } from "./errors.js";

/**
 * Statutory retirement age (法定退休年龄) under the NPC Standing Committee decision of 2024-09-13,
 * in force from 2025-01-01: raised by birth month over 15 years.
 */

/** For women: the age they retired at before the reform, 55 (原55岁, cadres) or 50 (原50岁, workers). */
export type FemaleCategory = "cadre" | "worker";

/**
 * Used when a woman's category is not known. Local unemployment-registration rules count working age
 * for women as 16–50 unless the 55-year status is shown, so the worker schedule is the default.
 */
export const DEFAULT_FEMALE_CATEGORY: FemaleCategory = "worker";

export interface PersonForRetirement {
  birthDate: IsoDate;
  sex: Sex;
  femaleCategory?: FemaleCategory;
}

export interface AgeInYearsMonths {
  years: number;
  months: number;
}

interface Schedule {
  baseYears: number;
  /** Those born in January of this year are the first to gain a month. */
  firstYear: number;
  /** Months of birth date per month gained. */
  birthMonthsPerStep: number;
  maxExtraMonths: number;
}

const SCHEDULES: Record<"male" | FemaleCategory, Schedule> = {
  male: { baseYears: 60, firstYear: 1965, birthMonthsPerStep: 4, maxExtraMonths: 36 },
  cadre: { baseYears: 55, firstYear: 1970, birthMonthsPerStep: 4, maxExtraMonths: 36 },
  worker: { baseYears: 50, firstYear: 1975, birthMonthsPerStep: 2, maxExtraMonths: 60 },
};

function scheduleOf(person: PersonForRetirement): Schedule {
  if (person.sex === "male") return SCHEDULES.male;
  return SCHEDULES[person.femaleCategory ?? DEFAULT_FEMALE_CATEGORY];
}

function assertDate(date: string, field: string): void {
  if (!isCalendarDate(date)) {
    throw new DomainRuleError("invalid-date", `${date} is not a calendar date (YYYY-MM-DD)`, { field });
  }
}

/** The statutory retirement age of a person, by birth month (出生年月). */
export function retirementAge(person: PersonForRetirement): AgeInYearsMonths {
  assertDate(person.birthDate, "birthDate");
  const schedule = scheduleOf(person);
  const year = Number(person.birthDate.slice(0, 4));
  const month = Number(person.birthDate.slice(5, 7));
  const monthsSinceFirst = (year - schedule.firstYear) * 12 + (month - 1);
  const extra =
    monthsSinceFirst < 0
      ? 0
      : Math.min(schedule.maxExtraMonths, Math.floor(monthsSinceFirst / schedule.birthMonthsPerStep) + 1);
  return { years: schedule.baseYears + Math.floor(extra / 12), months: extra % 12 };
}

/**
 * `date` plus whole years and months; a day that the target month lacks becomes its last day
 * (born 31 January, plus one month → 28 or 29 February).
 */
export function addYearsMonths(date: IsoDate, years: number, months: number): IsoDate {
  const totalMonths = Number(date.slice(0, 4)) * 12 + (Number(date.slice(5, 7)) - 1) + years * 12 + months;
  const year = Math.floor(totalMonths / 12);
  const month = (totalMonths % 12) + 1;
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(year, month));
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The day the person reaches the statutory retirement age: from this day on they are no longer of working age. */
export function retirementDate(person: PersonForRetirement): IsoDate {
  const age = retirementAge(person);
  return addYearsMonths(person.birthDate, age.years, age.months);
}

export const MINIMUM_WORKING_AGE = 16;

/** The day the person turns 16 (年满十六周岁), counted as `ageOn` counts (born 29 February → 1 March). */
export function reachesWorkingAge(person: Pick<PersonForRetirement, "birthDate">, on: IsoDate): boolean {
  return ageOn(person.birthDate, on) >= MINIMUM_WORKING_AGE;
}

/** Of statutory working age on `on`: 16th birthday reached and the retirement date not yet reached. */
export function isOfWorkingAge(person: PersonForRetirement, on: IsoDate): boolean {
  assertDate(on, "on");
  return reachesWorkingAge(person, on) && on < retirementDate(person);
}

/**
 * Why a person is not of statutory working age on `on` (16th birthday to the day before the retirement
 * date), as a violation of `field`; undefined when they are.
 */
export function workingAgeViolation(
  person: PersonForRetirement,
  on: IsoDate,
  field: string,
): RuleViolation | undefined {
  assertDate(on, "on");
  if (!reachesWorkingAge(person, on)) {
    return {
      code: "under-working-age",
      field,
      message: `The person is not yet ${MINIMUM_WORKING_AGE} on ${on} (未满十六周岁)`,
    };
  }
  const retires = retirementDate(person);
  if (on >= retires) {
    const age = retirementAge(person);
    return {
      code: "reached-retirement-age",
      field,
      message:
        `The person reached the statutory retirement age of ${age.years} years ${age.months} months on ` +
        `${retires}, on or before ${on} (已达法定退休年龄)`,
    };
  }
  return undefined;
}
