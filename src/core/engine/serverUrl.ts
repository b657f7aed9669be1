import * as net from "node:net";
import { ServerError } from "./serverErrors";

/**
 * Checks the configured server address and returns it as the base for the API paths (ending in "/", so a
 * server behind a path prefix such as https://host/llm works). Plain HTTP is refused except on this machine:
 * the prompt is the user's code, and the API key travels with it.
 */
export function parseServerUrl(text: string): URL {
  const trimmed = text.trim();
  if (trimmed.length === 0) {
    throw new ServerError(
      "invalid-url",
      "No server address: set phiPair.server.url (for example https://llm.example.com:8080 or http://127.0.0.1:8080).",
    );
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch (error) {
    throw new ServerError("invalid-url", `phiPair.server.url is not a URL: "${trimmed}".`, undefined, { cause: error });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ServerError(
      "invalid-url",
      `phiPair.server.url must start with https:// (or http:// on this machine), not ${url.protocol}//.`,
    );
  }
  if (url.username || url.password) {
    throw new ServerError(
      "invalid-url",
      "phiPair.server.url must not contain a user name or password: settings are not secret. Set the API key with the Set Server API Key command.",
    );
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw new ServerError(
      "insecure-url",
      `Refusing plain HTTP to ${url.host}: your code and the API key would cross the network unencrypted. Use https://${url.host}${url.pathname === "/" ? "" : url.pathname}, or http:// only for a server on this machine (localhost, 127.0.0.1, [::1]).`,
      url.origin,
    );
  }
  url.search = "";
  url.hash = "";
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return url;
}

/** localhost, 127.0.0.0/8 and ::1: traffic that never leaves this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  if (host.toLowerCase() === "localhost") return true;
  if (net.isIPv4(host)) return host.split(".")[0] === "127";
  return net.isIPv6(host) && new net.SocketAddress({ address: host, family: "ipv6" }).address === "::1";
}
