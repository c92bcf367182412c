import { describeOpenApiContract } from "@pes/http/testing/openapi";
import { testApp } from "./support/index.js";

// Issue 18: the node's /openapi.json holds for the tools a city's other systems generate clients with.
describeOpenApiContract({
  service: "city-node",
  minOperations: 40,
  async setup() {
    const node = await testApp("cityopenapi");
    return { app: node.app, close: () => node.close() };
  },
  clientUsage: [
    'export const node: Json<paths["/v1/node"]["get"]["responses"][200]> = {',
    '  cityCode: "350200", cityName: "厦门", firstStartedAt: "2026-01-01T00:00:00+08:00", lastStartedAt: "2026-01-01T00:00:00+08:00" };',
    'export const nodeId: keyof operations = "getNode";',
  ].join("\n"),
});
