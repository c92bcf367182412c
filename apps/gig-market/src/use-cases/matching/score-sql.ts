import { countyLevelOf, divisionLevel, parentDivisions } from "@pes/core";
import { type SQL, sql } from "drizzle-orm";
import { workers } from "../../db/tables/workers.js";
import { type Criterion, type MatchPosting, pointsOf, SHARES, tradeOf } from "../../domain/matching.js";

/**
 * matchOf's score (domain/matching.ts) as a SQL expression over a gm_workers row, so the database
 * ranks and only the best few rows travel to Node. Every branch mirrors one of matchOf's; the posting's
 * side (its trade, the divisions around its place) is worked out here in JS with the same helpers.
 * No cast that odd stored values could make throw: the caller catches a disagreement, not an error.
 */

/** Points are whole numbers made here from constants, never input: written inline, typed int. */
const points = (criterion: Criterion, share: number): SQL => sql.raw(String(pointsOf(criterion, share)));

function occupation(p: MatchPosting): SQL {
  const s = SHARES.occupation;
  if (!p.occupationCode) return points("occupation", s.open);
  return sql`case
    when jsonb_array_length(${workers.occupations}) = 0 then ${points("occupation", s.open)}
    when ${workers.occupations} @> jsonb_build_array(${p.occupationCode}::text) then ${points("occupation", s.met)}
    when exists (
      select 1 from jsonb_array_elements_text(${workers.occupations}) as o(code)
      where strpos(o.code, '-') > 0 and split_part(o.code, '-', 1) || '-' || split_part(o.code, '-', 2) = ${tradeOf(p.occupationCode)}::text
    ) then ${points("occupation", s.sameTrade)}
    else ${points("occupation", s.unmet)} end`;
}

/**
 * within(work, place) of matchOf: the place is the work's own code or one of its parentDivisions.
 * within(place, work): the work's code is one of the place's ancestors, which for a well-formed code are
 * its first 9, 6 digits, 4 + "00" and 2 + "0000" (the shorter ones repeat the code itself or its parent,
 * harmlessly). A malformed place has no ancestors, as divisionLevel decides; one of another province
 * cannot have the work's code among them, so the work's own province prefix stands for the check.
 */
function placeHit(p: MatchPosting): SQL {
  const work = p.locationCode;
  const around = [work, ...parentDivisions(work)];
  const below =
    divisionLevel(work) === undefined
      ? sql`false`
      : sql`c.code ~ '^[0-9]+$'
        and (length(c.code) = 6
          or (length(c.code) = 9 and right(c.code, 3) <> '000')
          or (length(c.code) = 12 and right(c.code, 3) <> '000' and substr(c.code, 7, 3) <> '000'))
        and ${work}::text in (left(c.code, 9), left(c.code, 6), left(c.code, 4) || '00', left(c.code, 2) || '0000')`;
  return sql`exists (
      select 1 from jsonb_array_elements_text(${workers.preferredPlaces}) as c(code)
      where c.code in ${around} or (${below})
    )`;
}

function place(p: MatchPosting): SQL {
  const s = SHARES.place;
  return sql`case
    when jsonb_array_length(${workers.preferredPlaces}) = 0 then ${points("place", s.open)}
    when ${placeHit(p)} then ${points("place", s.met)}
    when exists (
      select 1 from jsonb_array_elements_text(${workers.preferredPlaces}) as c(code)
      where left(c.code, 6) = ${countyLevelOf(p.locationCode)}::text
    ) then ${points("place", s.sameDistrict)}
    else ${points("place", s.unmet)} end`;
}

/** Only for rows available at least part of the work dates: the caller's filter excludes the others. */
function dates(p: MatchPosting): SQL {
  const until = p.workUntil ?? p.workFrom;
  return sql`case
    when (${workers.availableFrom} is null or ${workers.availableFrom} <= ${p.workFrom}::date)
      and (${workers.availableUntil} is null or ${workers.availableUntil} >= ${until}::date)
    then ${points("dates", SHARES.dates.met)}
    else ${points("dates", SHARES.dates.partial)} end`;
}

/**
 * The amounts compare as jsonb, which never throws: numbers by value, a JSON null below them (met, as
 * JS's 20000 >= null), a missing amount as SQL null (not met, as JS's comparison with undefined). A
 * string amount, which the API refuses, ranks below any number where JS would coerce it: the caller's
 * check catches that.
 */
function pay(p: MatchPosting): SQL {
  const s = SHARES.pay;
  return sql`case
    when ${workers.expectedPay} is null or jsonb_typeof(${workers.expectedPay}) = 'null' then ${points("pay", s.unsaid)}
    when ${workers.expectedPay} ->> 'per' is distinct from ${p.pay.per}::text then ${points("pay", s.otherUnit)}
    when ${workers.expectedPay} -> 'amountFen' <= to_jsonb(${p.pay.amountFen}::numeric) then ${points("pay", s.met)}
    else ${points("pay", s.unmet)} end`;
}

/** The whole score, 0–100, of a worker row for the posting. */
export function scoreSql(p: MatchPosting): SQL<number> {
  return sql<number>`(${occupation(p)} + ${place(p)} + ${dates(p)} + ${pay(p)})::int`;
}
