import { defineConfig } from "drizzle-kit";

// `pnpm db:generate` writes a new migration after a schema change; never `drizzle-kit push`.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema.ts",
  out: "./src/db/migrations",
});
