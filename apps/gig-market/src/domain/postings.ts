export const postingStatuses = ["open", "filled", "closed", "cancelled"] as const;
export type PostingStatus = (typeof postingStatuses)[number];

/**
 * How a posting's status may change: a filled posting reopens when a worker drops out; closed and
 * cancelled are final.
 */
const NEXT: Record<PostingStatus, readonly PostingStatus[]> = {
  open: ["filled", "closed", "cancelled"],
  filled: ["open", "closed"],
  closed: [],
  cancelled: [],
};

/** Why a posting cannot go from `from` to `to`, or undefined when it can (or nothing changes). */
export function statusChangeProblem(from: PostingStatus, to: PostingStatus): string | undefined {
  if (from === to || NEXT[from].includes(to)) return undefined;
  return NEXT[from].length === 0
    ? `The posting is ${from}, which is final`
    : `A ${from} posting can become ${NEXT[from].join(" or ")}, not ${to}`;
}
