import { createRequire } from "node:module";
import { consoleAssets } from "@pes/http/console";

const require = createRequire(import.meta.url);

/** The hub console's scripts and styles (apps/province-hub/console), the shared kit, and ECharts. */
export const hubConsoleAssets = consoleAssets(new URL("../../console/", import.meta.url), {
  "echarts.min.js": require.resolve("echarts/dist/echarts.min.js"),
});
