import { createHash } from "node:crypto";

/**
 * The Merkle tree one signature covers a batch with (RFC 6962 style, SM3): leaf = SM3(0x00 ‖ data),
 * node = SM3(0x01 ‖ left ‖ right); a level's odd last node moves up unchanged. Each record carries its
 * proof, so it verifies without the rest of its batch.
 */
const sm3 = (...parts: Buffer[]) => {
  const h = createHash("sm3");
  for (const p of parts) h.update(p);
  return h.digest();
};
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

export const leafHash = (canonical: string): Buffer => sm3(LEAF, Buffer.from(canonical, "utf8"));

/** The root and each leaf's proof ("L:<hex>"/"R:<hex>" siblings from the leaf up, comma-separated). */
export function merkleTree(leaves: readonly Buffer[]): { root: Buffer; proofs: string[] } {
  if (leaves.length === 0) throw new Error("a Merkle tree needs a leaf");
  const proofs: string[][] = leaves.map(() => []);
  // Which leaves sit under each node of the current level.
  let level = leaves.map((hash, i) => ({ hash, under: [i] }));
  while (level.length > 1) {
    const next: typeof level = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i]!;
      const right = level[i + 1];
      if (!right) {
        next.push(left);
        continue;
      }
      for (const leaf of left.under) proofs[leaf]!.push(`R:${right.hash.toString("hex")}`);
      for (const leaf of right.under) proofs[leaf]!.push(`L:${left.hash.toString("hex")}`);
      next.push({ hash: sm3(NODE, left.hash, right.hash), under: [...left.under, ...right.under] });
    }
    level = next;
  }
  return { root: level[0]!.hash, proofs: proofs.map((p) => p.join(",")) };
}

/** The root a leaf and its proof lead to; undefined when the proof is malformed. */
export function rootOf(leaf: Buffer, proof: string): Buffer | undefined {
  return foldTo(leaf, proof, () => false)?.hash;
}

/**
 * Folds a leaf up its proof until the top, or until `known` says a node is already proven to lie
 * under the root (then the rest of the path is that node's, already checked). Returns where it
 * stopped and the nodes it passed, which a verifier may then mark as proven too.
 */
export function foldTo(
  leaf: Buffer,
  proof: string,
  known: (hex: string) => boolean,
): { hash: Buffer; known: boolean; path: string[] } | undefined {
  let hash = leaf;
  const path: string[] = [];
  for (const step of proof === "" ? [] : proof.split(",")) {
    const hex = hash.toString("hex");
    if (known(hex)) return { hash, known: true, path };
    path.push(hex);
    const m = /^([LR]):([0-9a-f]{64})$/.exec(step);
    if (!m) return undefined;
    const sibling = Buffer.from(m[2]!, "hex");
    hash = m[1] === "L" ? sm3(NODE, sibling, hash) : sm3(NODE, hash, sibling);
  }
  return { hash, known: known(hash.toString("hex")), path };
}
