import type { CallSite, RuleContext } from "../../types";
import { defineRule, renameMethodFix } from "./helpers";

/** Cleartext clients and their TLS counterparts (same constructor arguments apart from the default port). */
const CLEARTEXT_CLIENTS = new Map<string, string | undefined>([
  ["telnetlib.Telnet", undefined],
  ["ftplib.FTP", "FTP_TLS"],
  ["poplib.POP3", "POP3_SSL"],
  ["imaplib.IMAP4", "IMAP4_SSL"],
]);

/** The rename is safe only when no explicit port pins the cleartext service. */
function tlsRenameFix(context: RuleContext, call: CallSite, tlsClass: string | undefined) {
  if (!tlsClass || call.positional.length > 1 || call.keywords.has("port")) return undefined;
  return renameMethodFix(context, `Use ${tlsClass}`, call, tlsClass);
}

export const cleartextProtocol = defineRule(
  {
    id: "cleartext-protocol",
    category: "unsafe-default",
    subkind: "cleartext-transmission",
    cwe: 319,
    severity: "medium",
    title: "Cleartext network protocol (Telnet, FTP, POP3, IMAP without TLS)",
    description:
      "Telnet, FTP, POP3 and IMAP4 send user names, passwords and data unencrypted; anyone on the path can read and alter them. " +
      "telnetlib is also removed in Python 3.13. Use SSH (paramiko/asyncssh) instead of Telnet, SFTP or ftplib.FTP_TLS (with prot_p()) " +
      "instead of FTP, and poplib.POP3_SSL / imaplib.IMAP4_SSL for mail.",
  },
  (context, report) => {
    for (const call of context.calls()) {
      if (!CLEARTEXT_CLIENTS.has(call.callee)) continue;
      const tlsClass = CLEARTEXT_CLIENTS.get(call.callee);
      report({
        node: call.node,
        message: `${call.callee} sends credentials and data in cleartext.`,
        fixHint: tlsClass ? `Use ${call.callee.replace(/\w+$/, tlsClass)} (encrypted), or SFTP/SSH.` : "Use SSH (paramiko or asyncssh) instead of Telnet.",
        confidence: "high",
        fix: tlsRenameFix(context, call, tlsClass),
      });
    }
  },
  /telnetlib|ftplib|poplib|imaplib/,
);
