/**
 * The layer rules of the workspace, checked by `npm test` (infra/scripts/test.sh runs
 * `depcruise --config .dependency-cruiser.cjs apps packages infra tests`). A violation names its rule here.
 *
 * - apps/<app>/src/domain is the core: rules and types that import no framework or adapter.
 * - apps/<app>/src/use-cases hold the application logic: SQL through drizzle and @pes/sync (db, outbox)
 *   and ports, but no transport (HTTP, Kafka) and none of the adapters that call them (docs/adr/0004).
 * - apps are deployed alone: no app imports another app; the cross-service tests live in tests/platform,
 *   which uses each app through its package exports (its test kit is "./testing").
 * - a package is used through its package name and exports, never by reaching into its src/.
 * - no import circle anywhere.
 */
// Resolved paths: npm packages under node_modules (pnpm's store included: node_modules/.pnpm/hono@4…/
// node_modules/hono/dist/…), the kits under packages/.
const FRAMEWORKS =
  "(node_modules/(hono|@hono/[^/]+|kafkajs|drizzle-orm|postgres|@electric-sql/pglite)/|^packages/(http|sync)/)";
// What a use case must not reach: the HTTP and Kafka libraries and the HTTP kit.
const TRANSPORT = "(node_modules/(hono|@hono/[^/]+|kafkajs)/|^packages/http/)";

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "An import circle: split the shared part out (context types go in src/context.ts).",
      from: {},
      to: { circular: true },
    },
    {
      name: "core-imports-no-framework",
      severity: "error",
      comment:
        "apps/*/src/domain is framework-free: no Hono, kafkajs, drizzle, PostgreSQL client or the HTTP/sync kits.",
      from: { path: "^apps/[^/]+/src/domain/" },
      to: { path: FRAMEWORKS },
    },
    {
      name: "core-imports-no-adapter",
      severity: "error",
      comment:
        "apps/*/src/domain is the innermost layer: it imports neither the app's use cases nor its adapters (routes, db tables, streams, console, auth, cli).",
      from: { path: "^apps/([^/]+)/src/domain/" },
      to: {
        path: "^apps/$1/src/(use-cases|routes|db|streams|http|console|auth|cli|app\\.ts|run\\.ts|main\\.ts)",
      },
    },
    {
      name: "use-cases-import-no-transport",
      severity: "error",
      comment:
        "apps/*/src/use-cases speak SQL (drizzle, @pes/sync) and ports, never HTTP or Kafka (docs/adr/0004): no Hono, kafkajs or @pes/http (take DomainError, FieldError and Logger from @pes/core), and none of the app's adapters or entry points (routes, streams, console, cli, app.ts, run.ts, main.ts), which call the use cases, not the other way round. Take what an adapter knows as (ctx, input); for what an adapter provides, define a port in use-cases/context.ts that the adapter implements.",
      from: { path: "^apps/([^/]+)/src/use-cases/" },
      to: {
        path: [TRANSPORT, "^apps/$1/src/(routes|streams|console|cli)/", "^apps/$1/src/(app|run|main)\\.ts$"],
      },
    },
    {
      name: "core-package-is-framework-free",
      severity: "error",
      comment:
        "packages/core is the vocabulary every domain may import: it imports no framework and no other package. The one exception is its CSV writer (src/csv.ts, exported alone as @pes/core/csv, so @pes/core itself stays dependency-free), which wraps csv-stringify: the use cases write CSV and may not import @pes/http.",
      from: { path: "^packages/core/src/" },
      to: {
        path: ["^packages/(?!core/)", "node_modules/"],
        pathNot: "node_modules/csv-stringify/",
      },
    },
    {
      name: "core-index-is-dependency-free",
      severity: "error",
      comment:
        "@pes/core's main entry is what the domains import: it does not re-export the CSV writer (import @pes/core/csv).",
      from: { path: "^packages/core/src/(?!csv\\.ts$)" },
      to: { path: "^packages/core/src/csv\\.ts$" },
    },
    {
      name: "no-app-imports-another-app",
      severity: "error",
      comment: "Each app deploys alone: reach another service over HTTP or Kafka, not by importing it.",
      from: { path: "^apps/([^/]+)/" },
      to: { path: "^apps/", pathNot: "^apps/$1/" },
    },
    {
      name: "no-deep-import-of-a-package",
      severity: "error",
      comment: "Import a workspace package by its name and exports (package.json), never by a path into it.",
      from: { path: "^(apps|packages)/([^/]+)/" },
      to: { dependencyTypes: ["local"], path: "^(apps|packages)/", pathNot: "^$1/$2/" },
    },
    {
      name: "no-deep-import-from-infra",
      severity: "error",
      comment:
        "infra/ uses the apps and packages by their package names and exports, never by a path into them.",
      from: { path: "^infra/" },
      to: { dependencyTypes: ["local"], path: "^(apps|packages)/" },
    },
    {
      name: "no-deep-import-from-tests",
      severity: "error",
      comment:
        'tests/ (the cross-service tests) uses the apps and packages by their package names and exports (an app\'s test kit is its "./testing"), never by a path into them.',
      from: { path: "^tests/" },
      to: { dependencyTypes: ["local"], path: "^(apps|packages)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // Build output and test results of the workspace; not an npm package's dist/ (hono resolves there).
    exclude: { path: "^(?!.*node_modules/).*/(dist|test-results)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.base.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".js", ".mjs", ".cjs", ".json"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
