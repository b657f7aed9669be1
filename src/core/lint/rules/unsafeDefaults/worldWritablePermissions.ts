import type { SyntaxNode } from "../../tree";
import type { CallSite, RuleContext } from "../../types";
import { argument, constantNumber, defineRule, replaceFix } from "./helpers";

const WORLD_WRITE = 0o002;
const GROUP_AND_WORLD_WRITE = 0o022;
const STAT_BITS = new Map<string, number>([
  ["stat.S_IRWXU", 0o700], ["stat.S_IRUSR", 0o400], ["stat.S_IWUSR", 0o200], ["stat.S_IXUSR", 0o100],
  ["stat.S_IRWXG", 0o070], ["stat.S_IRGRP", 0o040], ["stat.S_IWGRP", 0o020], ["stat.S_IXGRP", 0o010],
  ["stat.S_IRWXO", 0o007], ["stat.S_IROTH", 0o004], ["stat.S_IWOTH", 0o002], ["stat.S_IXOTH", 0o001],
]);

/** Permission bits of `0o777`, `511`, `stat.S_IRWXU | stat.S_IWOTH`, or undefined when not computable. */
function modeBits(context: RuleContext, node: SyntaxNode): number | undefined {
  const literal = constantNumber(context, node);
  if (literal !== undefined) return literal;
  if (node.type === "parenthesized_expression") return node.namedChild(0) ? modeBits(context, node.namedChild(0)!) : undefined;
  if (node.type === "binary_operator") {
    const operator = node.childForFieldName("operator")?.type;
    const left = node.childForFieldName("left");
    const right = node.childForFieldName("right");
    const a = left ? modeBits(context, left) : undefined;
    const b = right ? modeBits(context, right) : undefined;
    if (a === undefined || b === undefined) return undefined;
    if (operator === "|" || operator === "+") return a | b;
  }
  const name = context.qualifiedName(node);
  return name ? STAT_BITS.get(name) : undefined;
}

/** The mode argument of os.chmod(path, mode) / os.fchmod(fd, mode) / Path.chmod(mode). */
function modeArgument(call: CallSite): SyntaxNode | undefined {
  if (call.callee === "os.chmod" || call.callee === "os.fchmod" || call.callee === "os.lchmod") return argument(call, 1, "mode");
  if (call.callee === "pathlib.Path().chmod" || call.callee === "pathlib.Path().lchmod") return argument(call, 0, "mode");
  return undefined;
}

export const worldWritablePermissions = defineRule(
  {
    id: "world-writable-permissions",
    category: "unsafe-default",
    subkind: "permissive-file-permissions",
    cwe: 732,
    severity: "high",
    title: "chmod to a world-writable mode (0o777, 0o666, S_IWOTH)",
    description:
      "chmod 0o777/0o666 lets every local user (and every compromised service account) modify the file: replace a script that will be run, " +
      "plant code in a config, or tamper with data. Generated code reaches for 0o777 to make a permission error go away. " +
      "Grant the least needed: 0o600 for secrets, 0o644 for readable files, 0o755 for executables and directories.",
  },
  (context, report) => {
    for (const call of context.calls()) {
      const modeNode = modeArgument(call);
      const mode = modeNode ? modeBits(context, modeNode) : undefined;
      if (!modeNode || mode === undefined || (mode & WORLD_WRITE) === 0) continue;
      const tightened = `0o${(mode & ~GROUP_AND_WORLD_WRITE).toString(8)}`;
      report({
        node: modeNode,
        message: `${call.callee}() sets mode 0o${mode.toString(8)}, writable by every user on the system.`,
        fixHint: "Use 0o600 for private files, 0o644 for shared readable files, 0o755 for executables and directories.",
        confidence: "high",
        fix: modeNode.type === "integer" ? replaceFix(context, `Use ${tightened} (no group/other write)`, modeNode, tightened) : undefined,
      });
    }
  },
  /chmod/,
);
