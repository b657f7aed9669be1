import { defineRule, isNotImportedInView } from "./helpers";

/** Functions that return a fresh temporary file name without creating the file (os.tempnam/tmpnam: Python 2). */
const RACY_NAME_FUNCTIONS = new Set(["tempfile.mktemp", "os.tempnam", "os.tmpnam"]);

/** `mktemp(dir=d)` with no import of it in view (a function shown without its module's `from tempfile import mktemp`). */
const MKTEMP_NAMES = new Set(["mktemp"]);

export const tempfileMktemp = defineRule(
  {
    id: "tempfile-mktemp",
    category: "unsafe-default",
    subkind: "insecure-temp-file",
    cwe: 377,
    severity: "medium",
    title: "tempfile.mktemp() / os.tempnam() race condition",
    description:
      "tempfile.mktemp() only returns a name; between choosing it and opening the file another local process can create that path " +
      "(often a symlink to a file you may write), so your data goes to — or is read from — an attacker-controlled file. The function " +
      "has been deprecated since Python 2.3. tempfile.mkstemp() and NamedTemporaryFile() create the file atomically with 0o600 permissions.",
  },
  (context, report) => {
    for (const call of context.calls()) {
      const known = RACY_NAME_FUNCTIONS.has(call.callee);
      if (!known && !isNotImportedInView(context, call.node.childForFieldName("function"), MKTEMP_NAMES)) continue;
      report({
        node: call.node,
        message: known
          ? `${call.callee}() returns a name another process can claim before you open it.`
          : "mktemp(), not imported in view, is most likely tempfile.mktemp(): it returns a name another process can claim before you open it.",
        fixHint:
          "Use fd, path = tempfile.mkstemp() or `with tempfile.NamedTemporaryFile(delete=False) as f:` (TemporaryDirectory() for folders).",
        confidence: known ? "high" : "medium",
      });
    }
  },
  /mktemp|tempnam|tmpnam/,
);
