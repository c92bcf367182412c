import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A real local HTTP server as a market's webhook receiver. By path: /ok answers 200, /flaky 500 to
 * the first two requests of each delivery id and then 200, /down always 503, /redirect 302 to
 * /ok/after-redirect.
 */
export async function startReceiver() {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const path = req.url ?? "/";
      received.push({ path, headers: req.headers, body });
      const id = req.headers["webhook-id"];
      const tries = received.filter((r) => r.path === path && r.headers["webhook-id"] === id).length;
      if (path.startsWith("/redirect")) {
        res.writeHead(302, { location: "/ok/after-redirect" }).end();
        return;
      }
      const status = path.startsWith("/down") ? 503 : path.startsWith("/flaky") && tries <= 2 ? 500 : 200;
      res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "no");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    received,
    /** What reached `path` with this delivery id, in order. */
    of: (path: string, id?: string) =>
      received.filter((r) => r.path === path && (id === undefined || r.headers["webhook-id"] === id)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
