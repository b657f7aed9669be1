import type { SyntaxNode } from "../../tree";
import type { CallSite, RuleContext } from "../../types";
import { argument, constantNumber, defineRule, replaceFix } from "./helpers";

const WORLD_WRITE = 0o002;
const GROUP_AND_WORLD_WRITE = 0o022;
const STAT_BITS = new Map<string, number>([
  ["stat.S_IRWXU", 0o700],
  ["stat.S_IRUSR", 0o400],
  ["stat.S_IWUSR", 0o200],
  ["stat.S_IXUSR", 0o100],
  ["stat.S_IRWXG", 0o070],
  ["stat.S_IRGRP", 0o040],
  ["stat.S_IWGRP", 0o020],
  ["stat.S_IXGRP", 0o010],
  ["stat.S_IRWXO", 0o007],
  ["stat.S_IROTH", 0o004],
  ["stat.S_IWOTH", 0o002],
  ["stat.S_IXOTH", 0o001],
]);

/**
 * Permission bits certainly set by `0o777`, `511`, `stat.S_IRWXU | stat.S_IWOTH`, or undefined when not computable.
 * An `|` keeps the bits of its known side even when the other is unknown (`st.st_mode | stat.S_IWOTH`).
 */
function modeBits(context: RuleContext, node: SyntaxNode, depth = 0): number | undefined {
  if (depth > 16) return undefined;
  const literal = constantNumber(context, node);
  if (literal !== undefined) return literal;
  if (node.type === "parenthesized_expression")
    return node.namedChild(0) ? modeBits(context, node.namedChild(0)!, depth + 1) : undefined;
  if (node.type === "binary_operator") {
    const operator = node.childForFieldName("operator")?.type;
    const left = node.childForFieldName("left");
    const right = node.childForFieldName("right");
    const a = left ? modeBits(context, left, depth + 1) : undefined;
    const b = right ? modeBits(context, right, depth + 1) : undefined;
    if (operator === "|" && (a !== undefined || b !== undefined)) return (a ?? 0) | (b ?? 0);
    if (a === undefined || b === undefined) return undefined;
    if (operator === "+") return a | b;
    return undefined;
  }
  const name = context.qualifiedName(node);
  return name ? STAT_BITS.get(name) : undefined;
}

/** The mode argument of chmod-like calls and of calls that create a file or directory with a mode. */
function modeArgument(call: CallSite): SyntaxNode | undefined {
  switch (call.callee) {
    case "os.chmod":
    case "os.fchmod":
    case "os.lchmod":
    case "os.mkdir":
    case "os.makedirs":
    case "os.mkfifo":
      return argument(call, 1, "mode");
    case "os.open":
      return argument(call, 2, "mode");
    case "pathlib.Path().chmod":
    case "pathlib.Path().lchmod":
    case "pathlib.Path().mkdir":
    case "pathlib.Path().touch":
      return argument(call, 0, "mode");
    default:
      return undefined;
  }
}

/** What a creating call uses when no mode is given: passing it explicitly (as libraries do) asks for nothing more,
 *  and the umask still applies. */
const DEFAULT_CREATE_MODE: ReadonlyMap<string, number> = new Map([
  ["os.open", 0o666],
  ["os.mkfifo", 0o666],
  ["pathlib.Path().touch", 0o666],
  ["os.mkdir", 0o777],
  ["os.makedirs", 0o777],
  ["pathlib.Path().mkdir", 0o777],
]);

/** `chmod(f, 644)`: a decimal literal made of octal digits was almost certainly meant as octal (644 is 0o1204). */
function mistakenDecimal(node: SyntaxNode): string | undefined {
  if (node.type !== "integer" || !/^[1-7][0-7]{2,3}$/.test(node.text) || DELIBERATE_DECIMALS.has(Number(node.text)))
    return undefined;
  return `0o${node.text}`;
}

/** Decimal spellings of common modes (511 is 0o777, 420 is 0o644): written on purpose, judged by their bits. */
const DELIBERATE_DECIMALS = new Set([
  0o777, 0o775, 0o770, 0o755, 0o750, 0o700, 0o666, 0o664, 0o660, 0o644, 0o640, 0o600, 0o444, 0o440, 0o400,
]);

export const worldWritablePermissions = defineRule(
  {
    id: "world-writable-permissions",
    category: "unsafe-default",
    subkind: "permissive-file-permissions",
    cwe: 732,
    severity: "high",
    title: "World- or group-writable file mode (0o777, 0o666, S_IWOTH, S_IWGRP)",
    description:
      "chmod 0o777/0o666 lets every local user (and every compromised service account) modify the file: replace a script that will be run, " +
      "plant code in a config, or tamper with data. Generated code reaches for 0o777 to make a permission error go away. " +
      "Grant the least needed: 0o600 for secrets, 0o644 for readable files, 0o755 for executables and directories. Group-writable modes " +
      "(0o664, 0o775, S_IWGRP) are reported with medium severity, and a decimal mode such as chmod(f, 644) (really 0o1204) as the octal it meant. " +
      "os.open, os.mkdir/makedirs and Path.mkdir/touch modes are checked too when they ask for more than the call's default " +
      "(0o666 for files, 0o777 for directories: the process umask applies to both).",
  },
  (context, report) => {
    for (const call of context.calls()) {
      const modeNode = modeArgument(call);
      const mode = modeNode ? modeBits(context, modeNode) : undefined;
      if (!modeNode || mode === undefined) continue;
      const octal = mistakenDecimal(modeNode);
      if (octal && !/^(?:os\.open|os\.mkdir|os\.makedirs|os\.mkfifo)$/.test(call.callee)) {
        const intended = Number.parseInt(octal.slice(2), 8);
        const either = mode | intended;
        const safeOctal = `0o${(intended & ~GROUP_AND_WORLD_WRITE).toString(8)}`;
        report({
          node: modeNode,
          message: `${call.callee}() gets the decimal ${modeNode.text}, which is mode 0o${mode.toString(8)}${mode & WORLD_WRITE ? " (writable by every user)" : mode & GROUP_AND_WORLD_WRITE ? " (group-writable)" : ""}, not ${octal}.`,
          fixHint: `Write modes in octal: ${safeOctal}${safeOctal === octal ? "" : ` (${octal} without group/other write)`}.`,
          confidence: "high",
          severity: either & WORLD_WRITE ? "high" : either & GROUP_AND_WORLD_WRITE ? "medium" : "low",
          fix: replaceFix(
            context,
            `Use ${safeOctal}${safeOctal === octal ? "" : " (octal, no group/other write)"}`,
            modeNode,
            safeOctal,
          ),
        });
        continue;
      }
      const world = (mode & WORLD_WRITE) !== 0;
      // a creating call's mode passes through the umask (0o022 usually removes group/other write): world-writable only
      const creates = !/chmod$/.test(call.callee);
      if (creates ? !world || mode === DEFAULT_CREATE_MODE.get(call.callee) : (mode & GROUP_AND_WORLD_WRITE) === 0)
        continue;
      const tightened = `0o${(mode & ~GROUP_AND_WORLD_WRITE).toString(8)}`;
      report({
        node: modeNode,
        message: world
          ? `${call.callee}() sets mode 0o${mode.toString(8)}, writable by every user on the system.`
          : `${call.callee}() sets mode 0o${mode.toString(8)}, writable by every member of the file's group.`,
        fixHint: "Use 0o600 for private files, 0o644 for shared readable files, 0o755 for executables and directories.",
        confidence: world && !creates ? "high" : "medium",
        severity: world ? "high" : "medium",
        fix:
          modeNode.type === "integer"
            ? replaceFix(context, `Use ${tightened} (no group/other write)`, modeNode, tightened)
            : undefined,
      });
    }
  },
  /chmod|mkdir|makedirs|mkfifo|open|touch/,
);
