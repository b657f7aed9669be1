import { isTruthy } from "../names";
import type { SyntaxNode } from "../tree";
import { namedChildren, present, unwrapParentheses } from "../syntax";
import type { CallSite, RuleContext } from "../types";
import { argument, taintedSinkRule, type SinkMatch } from "./taintedSink";
import { subprocessFunction } from "./subprocessCalls";
import { formattedArgument, isUnseenHelper, looksLikeSql } from "./unseenHelpers";

/** Functions that always run their argument through a shell. */
const SHELL_FUNCTIONS = new Set([
  "os.system",
  "os.popen",
  "os.popen2",
  "os.popen3",
  "os.popen4",
  "commands.getoutput",
  "commands.getstatusoutput",
  "subprocess.getoutput",
  "subprocess.getstatusoutput",
  "asyncio.create_subprocess_shell",
  "asyncio.subprocess.create_subprocess_shell",
  "popen2.popen2",
  "popen2.popen3",
  "popen2.popen4",
  "popen2.Popen3",
  "popen2.Popen4",
  "platform.popen",
  // Fabric 1 / Fabric 2 / Invoke: a local command line, run by a shell
  "fabric.api.local",
  "fabric.operations.local",
  "fabric.Connection().local",
  "fabric.connection.Connection().local",
  "invoke.run",
  "invoke.sudo",
  "invoke.Context().run",
  "invoke.Context().sudo",
]);
/** Remote command lines: Fabric runs them through the remote shell unless `shell=False` (Fabric 1). */
const REMOTE_SHELL_FUNCTIONS = new Set([
  "fabric.api.run",
  "fabric.api.sudo",
  "fabric.operations.run",
  "fabric.operations.sudo",
  "fabric.Connection().run",
  "fabric.Connection().sudo",
  "fabric.connection.Connection().run",
  "fabric.connection.Connection().sudo",
]);
/** asyncio's exec-style functions: the program and its arguments as separate positional arguments. */
const ASYNC_EXEC_FUNCTIONS = new Set(["asyncio.create_subprocess_exec", "asyncio.subprocess.create_subprocess_exec"]);
/** os.exec* and os.spawn* functions: position of the program path argument. */
const EXEC_FUNCTIONS: ReadonlyMap<string, number> = new Map([
  ...[
    "os.execl",
    "os.execle",
    "os.execlp",
    "os.execlpe",
    "os.execv",
    "os.execve",
    "os.execvp",
    "os.execvpe",
    "pty.spawn",
    "os.posix_spawn",
    "os.posix_spawnp",
  ].map((name) => [name, 0] as const),
  ...[
    "os.spawnl",
    "os.spawnle",
    "os.spawnlp",
    "os.spawnlpe",
    "os.spawnv",
    "os.spawnve",
    "os.spawnvp",
    "os.spawnvpe",
  ].map((name) => [name, 1] as const),
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
  return value !== undefined && isTruthy(value);
}

/**
 * Without a shell, only the program (first element) and a `sh -c` script are commands; other list
 * elements are plain arguments. A list bound once to a literal is looked through, with what is appended to it
 * before the call.
 */
function commandInputs(args: SyntaxNode, call: CallSite, context: RuleContext): SyntaxNode[] {
  const list = argumentListLiteral(args, context);
  if (!list) return [args];
  const appended = appendedElements(args, list, call, context);
  const argv = spreadArgv([...namedChildren(list), ...appended], context);
  if (appended.length === 0) return programAndScript(argv, context);
  // appends in branches leave alternatives in a row (`cmd.exe /c` on Windows, `sh -c` elsewhere): any shell
  // among them may be the one that runs its script
  const scripts = argv.flatMap((_, start) => programAndScript(argv.slice(start), context).slice(1));
  return present(argv[0], ...new Set(scripts));
}

/** What `argv.append(x)` / `argv.extend([...])` add to the list a name is bound to, before `call`, in source order. */
function appendedElements(args: SyntaxNode, list: SyntaxNode, call: CallSite, context: RuleContext): SyntaxNode[] {
  const name = unwrapParentheses(args);
  if (name.type !== "identifier") return [];
  const elements: SyntaxNode[] = [];
  for (const mutation of context.calls()) {
    if (mutation.node.startIndex >= call.node.startIndex) break;
    if (mutation.methodName !== "append" && mutation.methodName !== "extend") continue;
    const receiver = mutation.receiver && unwrapParentheses(mutation.receiver);
    if (receiver?.type !== "identifier" || receiver.text !== name.text) continue;
    if (!context.soleValue(receiver)?.equals(list)) continue;
    const value = mutation.positional[0];
    if (!value) continue;
    const items = mutation.methodName === "extend" ? argumentListLiteral(value, context) : undefined;
    elements.push(...(items ? namedChildren(items) : [value]));
  }
  return elements;
}

/** Programs that only start the program named by their first operand (`/usr/bin/env bash -c ...`). */
const LAUNCHERS = /^(env|nohup|exec|nice|stdbuf|timeout)$/;

/** The program of an argv, plus the script when the program is a shell or interpreter run with `-c`/`-e`. */
function programAndScript(argv: readonly SyntaxNode[], context: RuleContext): SyntaxNode[] {
  let index = 0;
  let baseName = programBaseName(argv[0], context);
  // `env [-i] [NAME=value] program ...`: the real program is the first operand
  while (baseName !== undefined && LAUNCHERS.test(baseName) && index < 4) {
    let next = index + 1;
    while (next < argv.length && /^-|=/.test(String(context.constantValue(argv[next])))) next++;
    if (next >= argv.length) break;
    index = next;
    baseName = programBaseName(argv[index], context);
  }
  const program = argv[index];
  if (!program) return [];
  if (baseName === undefined) return [program];
  const flags = SCRIPT_FLAGS.find(([pattern]) => pattern.test(baseName))?.[1];
  // the flag may follow argv[0] (`execl(sh, "sh", "-c", s)`) or stand in for it (`spawnl(P_WAIT, sh, "-c", s)`)
  const scriptFlag = flags
    ? argv.findIndex((element, position) => position > index && flags.has(String(context.constantValue(element))))
    : -1;
  const script = scriptFlag > 0 ? argv[scriptFlag + 1] : undefined;
  return present(program, script);
}

function programBaseName(node: SyntaxNode | undefined, context: RuleContext): string | undefined {
  const name = node ? context.constantValue(node) : undefined;
  return typeof name === "string" ? name.trim().split(/[\\/]/).pop()! : undefined;
}

/** `*args` elements stand for the list they spread; list literals inside an argv are spread too. */
function spreadArgv(elements: readonly SyntaxNode[], context: RuleContext): SyntaxNode[] {
  return elements.flatMap((element) => {
    const node = element.type === "list_splat" ? (element.firstNamedChild ?? element) : element;
    const list = argumentListLiteral(node, context);
    return list
      ? namedChildren(list).map((item) => (item.type === "list_splat" ? (item.firstNamedChild ?? item) : item))
      : [node];
  });
}

/** Positional arguments in order, `*args` included (CallSite.positional leaves splats out). */
function positionalWithSplats(call: CallSite): SyntaxNode[] {
  const list = call.node.childForFieldName("arguments");
  if (!list || list.type !== "argument_list") return call.positional;
  return namedChildren(list).filter(
    (child) => child.type !== "keyword_argument" && child.type !== "dictionary_splat" && child.type !== "comment",
  );
}

/** The list literal that starts an argv expression: `[...]`, `[...] + extra`, or a name bound once to one. */
function argumentListLiteral(expression: SyntaxNode, context: RuleContext): SyntaxNode | undefined {
  let current: SyntaxNode | undefined = unwrapParentheses(expression);
  for (let depth = 0; current && depth < 8; depth++) {
    if (current.type === "list" || current.type === "tuple") return current;
    if (current.type === "binary_operator" && current.childForFieldName("operator")?.type === "+")
      current = current.childForFieldName("left") ?? undefined;
    else if (current.type === "identifier") current = listLikeValue(current, context);
    else return undefined;
    if (current) current = unwrapParentheses(current);
  }
  return undefined;
}

/**
 * The literal text a command string starts with: `"grep -R {} .".format(x)` and `f"grep -R {x} ."` start with
 * "grep -R ", `"ls " + x` with "ls ". Undefined when it does not start with literal text.
 */
function literalPrefix(expression: SyntaxNode, context: RuleContext, depth = 0): string | undefined {
  if (depth > 8) return undefined;
  const node = unwrapParentheses(expression);
  const value = context.constantValue(node);
  if (typeof value === "string") return value;
  switch (node.type) {
    case "string": {
      let text = "";
      for (const child of namedChildren(node)) {
        if (child.type === "interpolation") return text;
        if (child.type === "string_content" || child.type === "escape_sequence") text += child.text;
      }
      return text;
    }
    case "concatenated_string": {
      const first = node.firstNamedChild;
      return first ? literalPrefix(first, context, depth + 1) : undefined;
    }
    case "binary_operator": {
      const operator = node.childForFieldName("operator")?.type;
      const left = node.childForFieldName("left");
      if (!left) return undefined;
      if (operator === "%") return literalPrefix(left, context, depth + 1)?.split("%")[0];
      if (operator !== "+") return undefined;
      const leftValue = context.constantValue(left);
      const right = node.childForFieldName("right");
      if (typeof leftValue === "string") return leftValue + ((right && literalPrefix(right, context, depth + 1)) ?? "");
      return literalPrefix(left, context, depth + 1);
    }
    case "call": {
      const callee = node.childForFieldName("function");
      const object = callee?.type === "attribute" ? callee.childForFieldName("object") : undefined;
      if (!object || callee?.childForFieldName("attribute")?.text !== "format") return undefined;
      return literalPrefix(object, context, depth + 1)?.split("{")[0];
    }
    case "identifier": {
      const bound = context.soleValue(node);
      return bound ? literalPrefix(bound, context, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

/** A command string whose program is literal (`"grep -R " + x`): without a shell, the whole string is the program's
 *  name on POSIX, so the input cannot add a command; Windows splits it into arguments the input can add to. */
function hasLiteralProgram(args: SyntaxNode, context: RuleContext): boolean {
  const prefix = literalPrefix(args, context);
  return prefix !== undefined && /\S\s/.test(prefix);
}

/** The list-like value (`[...]`, `(...)`, `[...] + extra`) a name holds where it is read, if it holds one. */
function listLikeValue(identifier: SyntaxNode, context: RuleContext): SyntaxNode | undefined {
  const value = context.soleValue(identifier);
  return value?.type === "list" || value?.type === "tuple" || value?.type === "binary_operator" ? value : undefined;
}

/**
 * Words of a function's name that say it runs a command line (`_run_ssh`, `execute_cmd`, `self.adb.shell`): a project
 * helper the file does not show, handed a command string built by formatting, most likely runs it through a shell.
 * Whether it does is not seen, so such a finding is of low confidence.
 */
const COMMAND_HELPER_WORDS = new Set([
  "shell",
  "ssh",
  "system",
  "popen",
  "cmd",
  "command",
  "cli",
  "exec",
  "execute",
  "run",
  "spawn",
]);
/** A helper's command is its first or second argument (`run(cmd)`, `ssh_run(host, cmd)`). */
const HELPER_COMMAND_POSITIONS = 2;

function commandGivenToHelper(call: CallSite, context: RuleContext): SinkMatch | undefined {
  if (!isUnseenHelper(call, COMMAND_HELPER_WORDS, context)) return undefined;
  // SQL text handed to `execute` is the SQL rule's
  const command = formattedArgument(call, HELPER_COMMAND_POSITIONS, context, (value) => !looksLikeSql(value));
  return command
    ? {
        inputs: [command],
        display: `${call.methodName}()`,
        wrapperAllowed: true,
        unknownSources: "formatted",
        confidence: "low",
      }
    : undefined;
}

function match(call: CallSite, context: RuleContext): SinkMatch | undefined {
  // a shell runs whatever command line it gets: one of unknown origin is worth a look even when passed whole
  if (SHELL_FUNCTIONS.has(call.callee))
    return {
      inputs: present(argument(call, 0, "cmd") ?? call.keywords.get("command")),
      display: `${call.callee}()`,
      unknownSources: "any",
    };
  if (REMOTE_SHELL_FUNCTIONS.has(call.callee)) {
    const shell = call.keywords.get("shell");
    if (shell && !isTruthyConstant(shell, context)) return undefined;
    return { inputs: present(argument(call, 0, "command")), display: `${call.callee}()` };
  }
  const execPosition = EXEC_FUNCTIONS.get(call.callee);
  if (execPosition !== undefined) {
    // os.execl(path, arg0, *args) / os.execv(path, argv): the program, and a `sh -c` script among the arguments
    const program = argument(call, execPosition, "path") ?? call.keywords.get("file");
    if (!program) return undefined;
    const rest = spreadArgv(positionalWithSplats(call).slice(execPosition + 1), context);
    return {
      inputs: programAndScript([program, ...rest], context),
      display: `${call.callee}()`,
      unknownSources: "any",
    };
  }
  if (call.receiver && (call.methodName === "subprocess_shell" || call.methodName === "subprocess_exec")) {
    // asyncio event loop: loop.subprocess_shell(protocol_factory, cmd) / loop.subprocess_exec(protocol_factory, program, *args)
    if (call.methodName === "subprocess_shell")
      return { inputs: present(argument(call, 1, "cmd")), display: "subprocess_shell()", unknownSources: "any" };
    const inputs = programAndScript(spreadArgv(positionalWithSplats(call).slice(1), context), context);
    return { inputs, display: "subprocess_exec()", wrapperAllowed: inputs.length === 1 };
  }
  if (ASYNC_EXEC_FUNCTIONS.has(call.callee)) {
    const inputs = programAndScript(spreadArgv(positionalWithSplats(call), context), context);
    return { inputs, display: `${call.callee}()`, wrapperAllowed: inputs.length === 1 };
  }
  if (call.methodName === "exec_command" && call.receiver)
    return { inputs: present(argument(call, 0, "command")), display: "exec_command()", unknownSources: "any" };
  if (PROGRAM_STRING_FUNCTIONS.has(call.callee))
    return { inputs: present(argument(call, 0, "command")), display: `${call.callee}()` };
  const subprocess = subprocessFunction(call, context);
  if (!subprocess) return commandGivenToHelper(call, context);
  const args = argument(call, 0, "args");
  if (!args) return undefined;
  if (isTruthyConstant(call.keywords.get("shell"), context)) {
    const display = `${subprocess.name}(shell=True)`;
    // a name whose import is not in view is subprocess's only by its name
    return { inputs: [args], display, unknownSources: "any", ...(subprocess.inferred && { confidence: "low" }) };
  }
  if (subprocess.inferred) return undefined;
  if (!argumentListLiteral(args, context) && hasLiteralProgram(args, context)) {
    return {
      inputs: [args],
      display: `${call.callee}() as one command string (arguments on Windows)`,
      confidence: "low",
    };
  }
  const inputs = commandInputs(args, call, context);
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
  fixHint:
    'Pass an argument list without shell=True (subprocess.run(["prog", value])), or quote the value with shlex.quote().',
});
