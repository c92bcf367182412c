import type { PgTable } from "drizzle-orm/pg-core";
import type { UseCaseContext } from "../context.js";

/**
 * Inserts a ledger row and answers it as RETURNING does. In a batch chunk the row is written with
 * the chunk's others, before the chunk's next statement (use-cases/batches/write-behind.ts), so the
 * rules that follow read it as if it had been written at once.
 */
export async function insertRow<T extends PgTable>(
  ctx: Pick<UseCaseContext, "db" | "chunk">,
  table: T,
  values: T["$inferInsert"],
): Promise<T["$inferSelect"]> {
  const deferred = ctx.chunk?.deferInsert(table, values);
  if (deferred) return deferred;
  const [row] = (await ctx.db
    .insert(table)
    .values(values as never)
    .returning()) as T["$inferSelect"][];
  return row!;
}
