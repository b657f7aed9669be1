import { defineRule, nameReferences } from "./helpers";

const ACCEPT_ANY_HOST_KEY = new Map([
  ["paramiko.AutoAddPolicy", "AutoAddPolicy"],
  ["paramiko.client.AutoAddPolicy", "AutoAddPolicy"],
  ["paramiko.WarningPolicy", "WarningPolicy"],
  ["paramiko.client.WarningPolicy", "WarningPolicy"],
]);

export const sshAutoAddHostKey = defineRule(
  {
    id: "ssh-auto-add-host-key",
    category: "unsafe-default",
    subkind: "host-key-verification-disabled",
    cwe: 295,
    severity: "medium",
    title: "paramiko accepts unknown SSH host keys (AutoAddPolicy/WarningPolicy)",
    description:
      "The SSH host key is how a client knows it reached the real server. AutoAddPolicy silently trusts whatever key a first (or spoofed) " +
      "server presents and WarningPolicy only logs it, so a man-in-the-middle receives the password or agent-forwarded keys. " +
      "Load known hosts (client.load_system_host_keys() / load_host_keys(path)) and keep the default RejectPolicy.",
  },
  (context, report) => {
    for (const { node, name } of nameReferences(context)) {
      const policy = ACCEPT_ANY_HOST_KEY.get(name);
      if (!policy) continue;
      report({
        node,
        message: `paramiko ${policy} accepts any server host key, so a man-in-the-middle is not detected.`,
        fixHint: "Call client.load_system_host_keys() and use paramiko.RejectPolicy() (the default).",
        confidence: "high",
      });
    }
  },
  /AutoAddPolicy|WarningPolicy/,
);
