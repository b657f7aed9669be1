import { createHash } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface ModelServerOptions {
  /** The bytes served for every GET of a .gguf path. */
  body: Buffer;
  /** Served instead of the model, with status 200 and text/html (a captive portal, a login page). */
  html?: string;
  /** Published checksum (x-linked-etag); defaults to the body's real SHA-256; null publishes none. */
  sha256?: string | null;
  /** Content-Length and Content-Range claim this many bytes more than the body has; a GET sends what exists, then closes. */
  declaredExtraBytes?: number;
  /** Cut the connection after this many bytes on the first full GET only. */
  dropFirstResponseAfterBytes?: number;
  /** Sent as Content-Disposition with every answer for the model (a server choosing the file name). */
  contentDisposition?: string;
  /** Advertise Accept-Ranges but answer every Range request with the whole file and status 200. */
  ignoreRange?: boolean;
}

export interface ModelServer {
  /** Base URL to use as the Hugging Face endpoint ("http://127.0.0.1:PORT/"). */
  endpoint: string;
  requests: { method: string; url: string; range?: string }[];
  close(): Promise<void>;
}

/** A loopback stand-in for the Hugging Face file server: HEAD, GET and Range requests, with injectable faults. */
export async function startModelServer(options: ModelServerOptions): Promise<ModelServer> {
  const requests: ModelServer["requests"] = [];
  const sha256 =
    options.sha256 === undefined ? createHash("sha256").update(options.body).digest("hex") : options.sha256;
  let dropped = false;
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? "", url: req.url ?? "", range: req.headers.range });
    if (!req.url?.includes(".gguf")) {
      res.writeHead(404).end();
      return;
    }
    if (options.html !== undefined) {
      res.writeHead(200, { "content-type": "text/html", "content-length": Buffer.byteLength(options.html) });
      res.end(req.method === "HEAD" ? undefined : options.html);
      return;
    }
    const total = options.body.length + (options.declaredExtraBytes ?? 0);
    const range = options.ignoreRange ? null : /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
    const start = range ? Number(range[1]) : 0;
    const end = range && range[2] ? Math.min(Number(range[2]), total - 1) : total - 1;
    const headers = {
      "content-type": "application/octet-stream",
      "accept-ranges": "bytes",
      ...(sha256 ? { "x-linked-etag": `"${sha256}"` } : {}),
      "content-length": String(end - start + 1),
      ...(range ? { "content-range": `bytes ${start}-${end}/${total}` } : {}),
      ...(options.contentDisposition ? { "content-disposition": options.contentDisposition } : {}),
    };
    res.writeHead(range ? 206 : 200, headers);
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    const slice = options.body.subarray(start, end + 1);
    if (slice.length < end - start + 1) {
      res.write(slice, () => res.destroy());
      return;
    }
    if (
      options.dropFirstResponseAfterBytes !== undefined &&
      !dropped &&
      slice.length > options.dropFirstResponseAfterBytes
    ) {
      dropped = true;
      res.write(slice.subarray(0, options.dropFirstResponseAfterBytes), () => res.destroy());
      return;
    }
    res.end(slice);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // keep-alive sockets of a cancelled or abandoned download would hold close() for the client's idle timeout
        server.closeAllConnections();
      }),
  };
}
