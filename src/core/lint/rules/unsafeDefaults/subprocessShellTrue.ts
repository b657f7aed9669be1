import type { SyntaxNode } from "../../tree";
import type { CallSite, FixSuggestion, RuleContext } from "../../types";
import { subprocessFunction } from "../subprocessCalls";
import { argument, constantString, defineRule, isConstantTrue, replaceEdit } from "./helpers";

/** Anything the shell would interpret; a command free of these splits into argv exactly like the shell would. */
const SHELL_SYNTAX = /[|&;<>()$`\\"'*?[\]#~=%{}!\n]/;

/**
 * Commands that are the shell itself (POSIX builtins, cmd.exe internals) rather than a program on PATH: without a
 * shell, `["cd", "src"]` fails to start (or, where a same-named program exists, does nothing for the caller).
 */
const SHELL_BUILTINS = new Set([
  "cd",
  "export",
  "source",
  ".",
  "alias",
  "unalias",
  "set",
  "unset",
  "exit",
  "ulimit",
  "umask",
  "eval",
  "exec",
  "read",
  "wait",
  "trap",
  "shift",
  "type",
  "hash",
  "pushd",
  "popd",
  "dirs",
  "jobs",
  "fg",
  "bg",
  "builtin",
  "command",
  "declare",
  "local",
  "readonly",
  "times",
  "history",
  "getopts",
  "let",
  "return",
  "break",
  "continue",
  "shopt",
  "enable",
  "dir",
  "copy",
  "del",
  "erase",
  "ren",
  "rename",
  "move",
  "cls",
  "ver",
  "vol",
  "start",
  "call",
  "md",
  "rd",
  "mklink",
  "assoc",
  "ftype",
]);

/** `run("ls -la", shell=True)` → `run(["ls", "-la"])`: same program and arguments, no shell. */
function argvFix(context: RuleContext, command: SyntaxNode, shellKeyword: SyntaxNode): FixSuggestion | undefined {
  const text = command.type === "string" ? constantString(context, command) : undefined;
  if (text === undefined || SHELL_SYNTAX.test(text) || text.trim() === "") return undefined;
  const previous = shellKeyword.previousSibling; // the comma before `shell=True`
  if (previous?.type !== ",") return undefined;
  const words = text.trim().split(/\s+/);
  if (SHELL_BUILTINS.has(words[0].toLowerCase())) return undefined;
  const argv = `[${words.map((word) => JSON.stringify(word)).join(", ")}]`;
  const removeFrom = context.rangeOf(previous);
  const removeTo = context.rangeOf(shellKeyword);
  return {
    title: "Pass an argument list instead of shell=True",
    edits: [
      replaceEdit(context, command, argv),
      {
        range: {
          startLine: removeFrom.startLine,
          startColumn: removeFrom.startColumn,
          endLine: removeTo.endLine,
          endColumn: removeTo.endColumn,
        },
        newText: "",
      },
    ],
  };
}

function shellKeywordArgument(call: CallSite): SyntaxNode | undefined {
  const value = call.keywords.get("shell");
  return value?.parent?.type === "keyword_argument" ? value.parent : undefined;
}

export const subprocessShellTrue = defineRule(
  {
    id: "subprocess-shell-true",
    category: "unsafe-default",
    subkind: "shell-true",
    cwe: 78,
    severity: "low",
    title: "subprocess with shell=True on a fixed command (advisory)",
    description:
      "shell=True runs the command through /bin/sh, so quotes, ;, |, $() and globbing in the string are interpreted. With a fixed command " +
      "this is only fragile, but it becomes command injection the moment someone formats a variable into the string. Commands built from " +
      "data are judged by the command-injection rule, which traces untrusted input and guards. Pass a list of arguments without " +
      "shell=True (shlex.split gives the list for a fixed string).",
  },
  (context, report) => {
    for (const call of context.calls()) {
      const subprocess = subprocessFunction(call, context);
      if (!subprocess || !isConstantTrue(context, call.keywords.get("shell"))) continue;
      // only fixed commands: a command built from data is the command-injection rule's to judge (it traces taint and guards)
      const command = argument(call, 0, "args");
      if (!command || !isFixedCommand(context, command)) continue;
      const keyword = shellKeywordArgument(call);
      report({
        node: call.node,
        message: `${subprocess.name}(..., shell=True) runs the command through the shell; prefer an argument list.`,
        fixHint: 'Pass a list, e.g. subprocess.run(["git", "status"], check=True), and drop shell=True.',
        confidence: subprocess.inferred ? "medium" : "high",
        // a parameter's default is only one possible command: rewrite only what is fixed for every call
        fix: keyword && context.constantValue(command) !== undefined ? argvFix(context, command, keyword) : undefined,
      });
    }
  },
  /shell/,
);

/**
 * A constant command string, or a list of constant strings: with shell=True the list's first item is the command the
 * shell runs (`["amixer set Master 5%+"]`) and the rest are the shell's own arguments.
 */
function isFixedCommand(context: RuleContext, command: SyntaxNode): boolean {
  if (constantString(context, command) !== undefined) return true;
  const items = command.type === "list" ? command.namedChildren : [];
  return items.length > 0 && items.every((item) => constantString(context, item) !== undefined);
}
