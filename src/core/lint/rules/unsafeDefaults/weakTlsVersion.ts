import type { SyntaxNode } from "../../tree";
import { ancestor, defineRule, isComparedOnly, isInTestCode, nameReferences, replaceFix } from "./helpers";

/**
 * Protocol constants that pin SSLv2/SSLv3/TLS 1.0/TLS 1.1 (ssl module and pyOpenSSL). PROTOCOL_SSLv23/SSLv23_METHOD are
 * not listed: despite the name they negotiate the best version both sides support (an alias of PROTOCOL_TLS).
 */
const WEAK_PROTOCOLS = new Map<string, string>([
  ["ssl.PROTOCOL_SSLv2", "SSLv2"],
  ["ssl.PROTOCOL_SSLv3", "SSLv3"],
  ["ssl.PROTOCOL_TLSv1", "TLS 1.0"],
  ["ssl.PROTOCOL_TLSv1_1", "TLS 1.1"],
  ["OpenSSL.SSL.SSLv2_METHOD", "SSLv2"],
  ["OpenSSL.SSL.SSLv3_METHOD", "SSLv3"],
  ["OpenSSL.SSL.TLSv1_METHOD", "TLS 1.0"],
  ["OpenSSL.SSL.TLSv1_1_METHOD", "TLS 1.1"],
]);
/**
 * pyOpenSSL's SSLv23_METHOD negotiates, but unlike Python's ssl contexts an OpenSSL.SSL.Context does not turn SSLv3 off
 * unless OP_NO_SSLv3 is set: reported with less confidence (Bandit B502 and semgrep report it as weak).
 */
const NEGOTIATING_METHODS = new Set(["OpenSSL.SSL.SSLv23_METHOD"]);
/** The option that keeps such a context off SSLv3 (SSLv2 is gone from every OpenSSL that pyOpenSSL still builds on). */
const SSLV3_OFF = "OpenSSL.SSL.OP_NO_SSLv3";
/** TLSVersion members used as minimum_version/maximum_version; replacing them with TLSv1_2 is mechanical. */
const WEAK_TLS_VERSIONS = new Map<string, string>([
  ["ssl.TLSVersion.SSLv3", "SSLv3"],
  ["ssl.TLSVersion.TLSv1", "TLS 1.0"],
  ["ssl.TLSVersion.TLSv1_1", "TLS 1.1"],
]);

export const weakTlsVersion = defineRule(
  {
    id: "weak-tls-version",
    category: "unsafe-default",
    subkind: "weak-tls-version",
    cwe: 327,
    severity: "high",
    title: "Obsolete SSL/TLS protocol version",
    description:
      "SSLv2, SSLv3, TLS 1.0 and TLS 1.1 have practical attacks (DROWN, POODLE, BEAST) and are disabled by modern clients and " +
      "standards (RFC 8996). Pinning a context to them, or allowing them as minimum_version, lets an attacker downgrade the connection. " +
      "Use ssl.create_default_context() or PROTOCOL_TLS_CLIENT/PROTOCOL_TLS_SERVER with minimum_version = ssl.TLSVersion.TLSv1_2.",
  },
  (context, report) => {
    const references = nameReferences(context);
    // the distribution is pyOpenSSL, the module OpenSSL; code (and Bandit's examples) sometimes import the former
    const nameOf = (reference: { name: string }) =>
      reference.name.startsWith("pyOpenSSL.") ? reference.name.slice(2) : reference.name;
    // the functions (undefined: the module) that switch SSLv3 off, as `ctx.set_options(SSL.OP_NO_SSLv3 | ...)` does;
    // found once, and only for a file that uses a negotiating method
    let sslv3Off: Set<number | undefined> | undefined;
    const switchesSslv3Off = (node: SyntaxNode) => {
      sslv3Off ??= new Set(
        references
          .filter((reference) => nameOf(reference) === SSLV3_OFF)
          .map((reference) => ancestor(reference.node, "function_definition")?.id),
      );
      return sslv3Off.has(ancestor(node, "function_definition")?.id);
    };
    for (const reference of references) {
      const node = reference.node;
      const name = nameOf(reference);
      // the name first: a file has many references and few of these
      if (!NEGOTIATING_METHODS.has(name) && !WEAK_PROTOCOLS.has(name) && !WEAK_TLS_VERSIONS.has(name)) continue;
      // a test pins an old protocol to check that it is refused
      if (isComparedOnly(node) || isInTestCode(node)) continue;
      if (NEGOTIATING_METHODS.has(name)) {
        if (switchesSslv3Off(node)) continue;
        report({
          node,
          message:
            "SSLv23_METHOD lets an OpenSSL.SSL.Context negotiate down to SSLv3 unless OP_NO_SSLv2/OP_NO_SSLv3 are set.",
          fixHint: "Use SSL.TLS_METHOD (or TLS_CLIENT_METHOD) and set_min_proto_version(SSL.TLS1_2_VERSION).",
          confidence: "medium",
          severity: "medium",
        });
        continue;
      }
      const protocol = WEAK_PROTOCOLS.get(name);
      if (protocol) {
        report({
          node,
          message: `${name.split(".").pop()} selects ${protocol}, which is broken and disabled by modern peers.`,
          fixHint:
            "Use ssl.create_default_context() (client) or ssl.PROTOCOL_TLS_SERVER with minimum_version = ssl.TLSVersion.TLSv1_2.",
          confidence: "high",
        });
        continue;
      }
      const version = WEAK_TLS_VERSIONS.get(name);
      if (version) {
        report({
          node,
          message: `TLSVersion allows ${version}; anything below TLS 1.2 is deprecated (RFC 8996).`,
          fixHint: "Set minimum_version = ssl.TLSVersion.TLSv1_2 (or TLSv1_3).",
          confidence: "high",
          fix:
            node.type === "attribute"
              ? replaceFix(context, "Require TLS 1.2", node, node.text.replace(/\.\w+$/, ".TLSv1_2"))
              : undefined,
        });
      }
    }
  },
  /PROTOCOL_(?:SSLv|TLSv1)|SSLv\d+_METHOD|TLSv1(?:_1)?_METHOD|TLSVersion/,
);
