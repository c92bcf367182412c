import { z } from "zod";

/**
 * A closed list of codes with their Chinese labels: the zod enum for the wire, the labels for screens.
 * The English codes are what travels; the labels may be reworded without a contract change.
 */
export function codeList<const L extends Record<string, string>>(title: string, labelsZh: L) {
  const codes = Object.keys(labelsZh) as [Extract<keyof L, string>, ...Extract<keyof L, string>[]];
  const schema = z
    .enum(codes, { error: `${title}: choose one of ${codes.join(", ")}` })
    .meta({ title, description: codes.map((c) => `${c} = ${labelsZh[c]}`).join("; ") });
  return Object.assign(schema, { labelsZh });
}
