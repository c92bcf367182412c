/**
 * When an enterprise's reduction is large enough to warn at once: the threshold of 经济性裁员 in the
 * Labour Contract Law, art. 41 — 20 persons or more, or fewer than 20 that are 10 % or more of the
 * workforce (需要裁减人员二十人以上或者裁减不足二十人但占企业职工总数百分之十以上).
 */
export interface LayoffRule {
  minimumPersons: number;
  /** 0.1: a share of the workforce; only when the report gives the workforce. */
  minimumShare: number;
}

export const DEFAULT_LAYOFF_RULE: LayoffRule = { minimumPersons: 20, minimumShare: 0.1 };

/** Pure: does a reduction of `persons` out of `workforce` (when known) call for a warning? */
export function isLargeLayoff(persons: number, workforce: number | undefined, rule: LayoffRule): boolean {
  if (persons >= rule.minimumPersons) return true;
  // persons / workforce >= share, in integers: no rounding at exactly 10 %.
  return (
    workforce !== undefined &&
    workforce > 0 &&
    persons * 1_000_000 >= Math.round(rule.minimumShare * 1_000_000) * workforce
  );
}
