import type { EvidenceCheckpoint, EvidenceEntry } from "./chain.js";

/** An exported log's header line (use-cases/evidence/export.ts writes it). */
export interface ExportedHeader {
  format: string;
  source: string;
  keys: Array<{ id: string; publicKey: string }>;
}

/**
 * Reads an exported log (JSON lines: a header, entries, checkpoints) as it is, without judging it:
 * the verifier does. Throws on a line that is not JSON or names no known type.
 */
export function parseExport(text: string): {
  header: ExportedHeader;
  entries: EvidenceEntry[];
  checkpoints: EvidenceCheckpoint[];
} {
  let header: ExportedHeader | undefined;
  const entries: EvidenceEntry[] = [];
  const checkpoints: EvidenceCheckpoint[] = [];
  for (const [i, line] of text.split("\n").entries()) {
    if (line.trim() === "") continue;
    let row: { type?: string } & Record<string, unknown>;
    try {
      row = JSON.parse(line);
    } catch {
      throw new Error(`line ${i + 1} is not JSON`);
    }
    const { type, ...rest } = row;
    if (type === "header") header = rest as unknown as ExportedHeader;
    else if (type === "entry") entries.push(rest as unknown as EvidenceEntry);
    else if (type === "checkpoint") checkpoints.push(rest as unknown as EvidenceCheckpoint);
    else throw new Error(`line ${i + 1} is neither a header, an entry nor a checkpoint`);
  }
  if (!header) throw new Error("no header line");
  return { header, entries, checkpoints };
}
