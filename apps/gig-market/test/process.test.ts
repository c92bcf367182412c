import { describeServiceProcess } from "@pes/http/testing";
import { SERVICE } from "../src/env.js";

describeServiceProcess({ service: SERVICE, appDir: new URL("..", import.meta.url) });
