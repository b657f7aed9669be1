import type { SyntaxNode, SyntaxTree } from "../tree";
import { namedChildren, nodesOfType, unwrapParentheses } from "../syntax";
import type { CallSite, RuleContext } from "../types";
import { argument, present, taintedSinkRule, type SinkMatch } from "./taintedSink";

/** Functions that always run their argument through a shell. */
const SHELL_FUNCTIONS = new Set([
  "os.system", "os.popen", "os.popen2", "os.popen3", "os.popen4", "commands.getoutput", "commands.getstatusoutput",
  "subprocess.getoutput", "subprocess.getstatusoutput", "asyncio.create_subprocess_shell", "popen2.popen2", "popen2.popen3",
]);
/** Functions that run a program: `shell=True` makes their argument a shell command line. */
const SUBPROCESS_FUNCTIONS = new Set([
  "subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output", "subprocess.Popen", "asyncio.create_subprocess_exec",
]);
/** os.exec* and os.spawn* functions: position of the program path argument. */
const EXEC_FUNCTIONS: ReadonlyMap<string, number> = new Map([
  ...["os.execl", "os.execle", "os.execlp", "os.execlpe", "os.execv", "os.execve", "os.execvp", "os.execvpe", "pty.spawn", "os.posix_spawn", "os.posix_spawnp"].map((name) => [name, 0] as const),
  ...["os.spawnl", "os.spawnle", "os.spawnlp", "os.spawnlpe", "os.spawnv", "os.spawnve", "os.spawnvp", "os.spawnvpe"].map((name) => [name, 1] as const),
]);
/** Functions taking a whole command line that they split themselves: whoever controls it picks the program. */
const PROGRAM_STRING_FUNCTIONS = new Set(["pexpect.spawn", "pexpect.run", "pexpect.popen_spawn.PopenSpawn"]);
/** Programs that run their next argument as code when given one of these flags (`sh -c`, `python -c`, `node -e`). */
const SCRIPT_FLAGS: ReadonlyArray<readonly [RegExp, ReadonlySet<string>]> = [
  [/^(sh|bash|zsh|dash|ksh|fish)$/, new Set(["-c"])],
  [/^(cmd|cmd\.exe)$/i, new Set(["/c", "/C", "/k", "/K"])],
  [/^(powershell|pwsh)(\.exe)?$/i, new Set(["-c", "-Command", "-command"])],
  [/^python[\d.]*$/, new Set(["-c"])],
  [/^(node|nodejs|perl|ruby)$/, new Set(["-e", "--eval"])],
  [/^php$/, new Set(["-r"])],
];

function isTruthyConstant(node: SyntaxNode | undefined, context: RuleContext): boolean {
  if (!node) return false;
  const value = context.constantValue(node);
  return value !== undefined && value !== null && value !== false && value !== 0 && value !== "";
}

/**
 * Without a shell, only the program (first element) and a `sh -c` script are commands; other list
 * elements are plain arguments. A list bound once to a literal is looked through.
 */
function commandInputs(args: SyntaxNode, context: RuleContext): SyntaxNode[] {
  const list = argumentListLiteral(args);
  if (!list) return [args];
  return programAndScript(namedChildren(list), context);
}

/** The program of an argv, plus the script when the program is a shell or interpreter run with `-c`/`-e`. */
function programAndScript(argv: readonly SyntaxNode[], context: RuleContext): SyntaxNode[] {
  const program = argv[0];
  if (!program) return [];
  const programName = context.constantValue(program);
  if (typeof programName !== "string") return [program];
  const baseName = programName.split(/[\\/]/).pop()!;
  const flags = SCRIPT_FLAGS.find(([pattern]) => pattern.test(baseName))?.[1];
  const scriptFlag = flags ? argv.findIndex((element) => flags.has(String(context.constantValue(element)))) : -1;
  const script = scriptFlag > 0 ? argv[scriptFlag + 1] : undefined;
  return script ? [program, script] : [program];
}

/** The list literal that starts an argv expression: `[...]`, `[...] + extra`, or a name bound once to one. */
function argumentListLiteral(expression: SyntaxNode): SyntaxNode | undefined {
  let current: SyntaxNode | undefined = unwrapParentheses(expression);
  for (let depth = 0; current && depth < 8; depth++) {
    if (current.type === "list" || current.type === "tuple") return current;
    if (current.type === "binary_operator" && current.childForFieldName("operator")?.type === "+") current = current.childForFieldName("left") ?? undefined;
    else if (current.type === "identifier") current = soleLiteralList(current);
    else return undefined;
    if (current) current = unwrapParentheses(current);
  }
  return undefined;
}

/** Per parsed file: names assigned exactly once, to a list/tuple literal (null when assigned otherwise). */
const literalListsByTree = new WeakMap<SyntaxTree, Map<string, SyntaxNode | null>>();

/** The list expression a name is bound to, if it is assigned exactly once in the file. */
function soleLiteralList(identifier: SyntaxNode): SyntaxNode | undefined {
  let lists = literalListsByTree.get(identifier.tree);
  if (!lists) {
    lists = new Map();
    for (const assignment of nodesOfType(identifier.tree, "assignment")) {
      const name = assignment.childForFieldName("left");
      if (name?.type !== "identifier") continue;
      const right = assignment.childForFieldName("right");
      const literal = right && (right.type === "list" || right.type === "tuple" || right.type === "binary_operator") ? right : null;
      lists.set(name.text, lists.has(name.text) ? null : literal);
    }
    literalListsByTree.set(identifier.tree, lists);
  }
  return lists.get(identifier.text) ?? undefined;
}

function match(call: CallSite, context: RuleContext): SinkMatch | undefined {
  if (SHELL_FUNCTIONS.has(call.callee)) return { inputs: present(argument(call, 0, "cmd") ?? call.keywords.get("command")), display: `${call.callee}()` };
  const execPosition = EXEC_FUNCTIONS.get(call.callee);
  if (execPosition !== undefined) {
    // os.execl(path, arg0, *args) / os.execv(path, argv): the program, and a `sh -c` script among the arguments
    const rest = call.positional.slice(execPosition + 1).flatMap((node) => {
      const list = argumentListLiteral(node);
      return list ? namedChildren(list) : [node];
    });
    const program = argument(call, execPosition, "path") ?? call.keywords.get("file");
    const script = program ? programAndScript([program, ...rest.slice(1)], context).slice(1) : [];
    return { inputs: present(program, ...script), display: `${call.callee}()` };
  }
  if (call.methodName === "exec_command" && call.receiver) return { inputs: present(argument(call, 0, "command")), display: "exec_command()" };
  if (PROGRAM_STRING_FUNCTIONS.has(call.callee)) return { inputs: present(argument(call, 0, "command")), display: `${call.callee}()` };
  if (!SUBPROCESS_FUNCTIONS.has(call.callee)) return undefined;
  const args = argument(call, 0, "args");
  if (!args) return undefined;
  if (isTruthyConstant(call.keywords.get("shell"), context)) return { inputs: [args], display: `${call.callee}(shell=True)` };
  const inputs = call.callee === "asyncio.create_subprocess_exec" ? [args] : commandInputs(args, context);
  // without a shell, running the argv a caller passed in is what a process helper is for; a `sh -c` script is not
  return { inputs, display: `${call.callee}()`, wrapperAllowed: inputs.length === 1 };
}

export const commandInjectionRule = taintedSinkRule({
  meta: {
    id: "command-injection",
    category: "command-injection",
    cwe: 78,
    severity: "high",
    title: "OS command injection",
    description:
      "A shell command line built from untrusted input lets an attacker append their own commands with ';', '&&', '|' or $(...). Run the program without a shell and pass the input as a separate list element: subprocess.run([\"ping\", \"-c\", \"1\", host], check=True). If a shell is unavoidable, quote each value with shlex.quote(), and never let input choose the program itself.",
  },
  kind: "command",
  match,
  fixHint: "Pass an argument list without shell=True (subprocess.run([\"prog\", value])), or quote the value with shlex.quote().",
});
