import {
  assignments,
  constantString,
  defineRule,
  isComparedOnly,
  isConstantFalse,
  nameReferences,
  replaceFix,
  targetName,
} from "./helpers";

const FIX_HINT =
  "Use ssl.create_default_context() (verifies certificates and host names); load a private CA with cafile= if needed.";

export const sslCertValidationDisabled = defineRule(
  {
    id: "ssl-cert-validation-disabled",
    category: "unsafe-default",
    subkind: "tls-verification-disabled",
    cwe: 295,
    severity: "high",
    title: "SSL context without certificate or host name validation",
    description:
      "ssl._create_unverified_context(), verify_mode = CERT_NONE and check_hostname = False each let a network attacker present any " +
      "certificate and read or modify the traffic. Patching ssl._create_default_https_context turns verification off for the whole process. " +
      "ssl.wrap_socket() (removed in Python 3.12) does not verify by default. Use ssl.create_default_context() and fix the trust store instead.",
  },
  (context, report) => {
    for (const { node, name } of nameReferences(context)) {
      if (isComparedOnly(node)) continue;
      if (name === "ssl._create_unverified_context") {
        report({
          node,
          message: "ssl._create_unverified_context disables certificate and host name verification.",
          fixHint: FIX_HINT,
          confidence: "high",
          fix:
            node.type === "attribute"
              ? replaceFix(
                  context,
                  "Use ssl.create_default_context",
                  node,
                  node.text.replace(/_create_unverified_context$/, "create_default_context"),
                )
              : undefined,
        });
      } else if (name === "ssl.CERT_NONE" || name === "ssl.VerifyMode.CERT_NONE") {
        report({
          node,
          message: "ssl.CERT_NONE: the peer's certificate is not verified, so any server can impersonate the real one.",
          fixHint: FIX_HINT,
          confidence: "high",
          fix:
            node.type === "attribute"
              ? replaceFix(
                  context,
                  "Require certificates (CERT_REQUIRED)",
                  node,
                  node.text.replace(/CERT_NONE$/, "CERT_REQUIRED"),
                )
              : undefined,
        });
      }
    }
    for (const call of context.calls()) {
      // urllib3.PoolManager(cert_reqs="CERT_NONE") and friends spell the constant as a string
      const certReqs = call.node.text.includes("cert_reqs") ? call.keywords.get("cert_reqs") : undefined;
      // urllib3 reads "NONE" as "CERT_NONE" (resolve_cert_reqs prefixes "CERT_")
      const certReqsText = certReqs ? constantString(context, certReqs) : undefined;
      if (certReqs && (certReqsText === "CERT_NONE" || certReqsText === "NONE")) {
        report({
          node: certReqs,
          message: `cert_reqs="${certReqsText}": server certificates are not verified.`,
          fixHint: FIX_HINT,
          confidence: "high",
          fix: replaceFix(context, "Require certificates", certReqs, '"CERT_REQUIRED"'),
        });
      } else if (
        certReqs &&
        (certReqsText === "CERT_OPTIONAL" ||
          certReqsText === "OPTIONAL" ||
          context.qualifiedName(certReqs) === "ssl.CERT_OPTIONAL")
      ) {
        report({
          node: certReqs,
          message:
            "cert_reqs=CERT_OPTIONAL does not require a valid certificate (client contexts treat it as CERT_REQUIRED, server contexts accept peers without one).",
          fixHint: "Say what is meant: cert_reqs=ssl.CERT_REQUIRED.",
          confidence: "low",
          severity: "low",
          fix:
            certReqs.type === "string" || certReqs.type === "attribute"
              ? replaceFix(
                  context,
                  "Require certificates",
                  certReqs,
                  certReqs.type === "string"
                    ? '"CERT_REQUIRED"'
                    : certReqs.text.replace(/CERT_OPTIONAL$/, "CERT_REQUIRED"),
                )
              : undefined,
        });
      }
      if (call.callee === "ssl.wrap_socket" && !call.keywords.has("cert_reqs")) {
        report({
          node: call.node,
          message: "ssl.wrap_socket() does not verify certificates by default and is removed in Python 3.12.",
          fixHint: "Use ssl.create_default_context().wrap_socket(sock, server_hostname=host).",
          confidence: "high",
          severity: "medium",
        });
      }
    }
    for (const { target, value } of assignments(context)) {
      if (
        target.type === "attribute" &&
        targetName(context, target) === "check_hostname" &&
        isConstantFalse(context, value)
      ) {
        report({
          node: value,
          message: "check_hostname = False: a valid certificate for any other host is accepted.",
          fixHint: FIX_HINT,
          confidence: "high",
          fix: replaceFix(context, "Check host names", value, "True"),
        });
      }
    }
  },
  /_create_unverified_context|CERT_NONE|check_hostname|wrap_socket|cert_reqs/,
);
