import type { SyntaxNode } from "../../tree";
import { defineRule, nodesOfType } from "./helpers";

/** A string literal (f-strings included) starting with a shared, world-writable temp directory. */
const SHARED_TEMP_DIR = /^[rRbBuUfF]*(['"]{1,3})(\/tmp|\/var\/tmp|\/dev\/shm)(?:\/|\1)/;

/** Docstrings, comparisons and prefix checks mention the path without creating anything there. */
function onlyMentionsPath(literal: SyntaxNode): boolean {
  const parent = literal.parent;
  if (!parent) return true;
  if (parent.type === "expression_statement" || parent.type === "comparison_operator") return true;
  const call = parent.type === "argument_list" ? parent.parent : undefined;
  const method = call?.childForFieldName("function")?.childForFieldName("attribute")?.text;
  return method === "startswith" || method === "endswith";
}

export const hardcodedTempPath = defineRule(
  {
    id: "hardcoded-temp-path",
    category: "unsafe-default",
    subkind: "insecure-temp-file",
    cwe: 377,
    severity: "low",
    title: "Hard-coded path in /tmp",
    description:
      "/tmp is shared by every user and process on the machine. A fixed name such as /tmp/output.json can be pre-created or symlinked by " +
      "another user, so the program overwrites a file it did not intend to or reads attacker-supplied content; two copies of the program " +
      "also clobber each other. Let the tempfile module choose a unique, private location: tempfile.mkstemp(), NamedTemporaryFile(), " +
      "or TemporaryDirectory().",
  },
  (context, report) => {
    for (const literal of nodesOfType(context, "string")) {
      const match = SHARED_TEMP_DIR.exec(literal.text);
      if (!match || onlyMentionsPath(literal)) continue;
      report({
        node: literal,
        message: `Fixed path under ${match[2]}: another local user can pre-create or symlink it.`,
        fixHint:
          "Use tempfile.NamedTemporaryFile() / tempfile.mkstemp(), or tempfile.TemporaryDirectory() for a private folder.",
        confidence: "medium",
      });
    }
  },
  /\/tmp|\/var\/tmp|\/dev\/shm/,
);
