import { nodesOfType, outsideFocus, present, unwrapParentheses } from "../syntax";
import type { SyntaxNode } from "../tree";
import type { CallSite, Finding, FixSuggestion, Rule, RuleContext } from "../types";
import { addImportEdit } from "./unsafeDefaults/helpers";
import { argument, sinkFinding, taintedSinkRule, type SinkMatch, type TaintedSinkRuleSpec } from "./taintedSink";

const CODE_FUNCTIONS = new Set(["eval", "exec", "compile", "execfile"]);
/** Importing a module by name runs its top-level code: a client must not choose which (a plugin loader's own
 *  parameter passed whole is the caller's choice). */
const IMPORT_FUNCTIONS = new Set(["importlib.import_module", "__import__"]);

/** Interpreters of Python source held by an object: `code.InteractiveConsole().push(line)`. */
const INTERPRETER_CLASSES = new Set(["code.InteractiveInterpreter()", "code.InteractiveConsole()"]);
const INTERPRETER_METHODS = new Set(["runsource", "runcode", "push"]);
/** Sub-interpreter entry points that run a source string: position of the source argument. */
const SUBINTERPRETER_FUNCTIONS: ReadonlyMap<string, number> = new Map([
  ["_testcapi.run_in_subinterp", 0],
  ["test.support.run_in_subinterp", 0],
  ["_xxsubinterpreters.run_string", 1],
  ["_interpreters.run_string", 1],
  ["interpreters.run_string", 1],
]);
/** Namespace lookups: a user-chosen name picks any function or object of the module (`globals()[name](...)`). */
const NAMESPACE_FUNCTIONS = new Set(["globals", "locals", "vars"]);
const NAMESPACE_ATTRIBUTES = new Set(["__globals__", "__builtins__"]);

/** Whether an expression is a module or frame namespace: `globals()`, `f.__globals__`, or a name holding one. */
function isNamespace(expression: SyntaxNode | null | undefined, context: RuleContext, depth = 0): boolean {
  if (!expression || depth > 4) return false;
  const node = unwrapParentheses(expression);
  if (node.type === "call") {
    const callee = node.childForFieldName("function");
    return callee?.type === "identifier" && NAMESPACE_FUNCTIONS.has(callee.text);
  }
  if (node.type === "attribute") return NAMESPACE_ATTRIBUTES.has(node.childForFieldName("attribute")?.text ?? "");
  if (node.type === "identifier") return isNamespace(context.soleValue(node), context, depth + 1);
  return false;
}

function match(call: CallSite, context: RuleContext): SinkMatch | undefined {
  // like a shell command line, evaluated code of unknown origin is worth a look even when passed whole
  if (CODE_FUNCTIONS.has(call.callee))
    return {
      inputs: present(argument(call, 0, "source") ?? call.keywords.get("expression")),
      display: `${call.callee}()`,
      unknownSources: "any",
    };
  if (IMPORT_FUNCTIONS.has(call.callee))
    return { inputs: present(argument(call, 0, "name")), display: `${call.callee}()`, wrapperAllowed: true };
  if (INTERPRETER_METHODS.has(call.methodName) && call.receiver) {
    const owner = call.callee.slice(0, call.callee.length - call.methodName.length - 1);
    if (INTERPRETER_CLASSES.has(owner))
      return {
        inputs: present(argument(call, 0, call.methodName === "push" ? "line" : "source")),
        display: `${call.methodName}()`,
      };
  }
  const sourcePosition = SUBINTERPRETER_FUNCTIONS.get(call.callee);
  if (sourcePosition !== undefined)
    return { inputs: present(call.positional[sourcePosition]), display: `${call.callee}()` };
  // globals().get(name): the caller picks which of the module's functions runs
  if ((call.methodName === "get" || call.methodName === "pop") && isNamespace(call.receiver, context)) {
    return { inputs: present(call.positional[0]), display: "a globals()/locals() lookup" };
  }
  return undefined;
}

/** `globals()[name]`, `f.__globals__[name]`: reading a namespace entry named by the user (writes only add names). */
function namespaceSubscripts(context: RuleContext): Finding[] {
  if (!/globals|locals|vars\(|__builtins__/.test(context.source)) return [];
  const findings: Finding[] = [];
  for (const subscript of nodesOfType(context.tree, "subscript")) {
    if (outsideFocus(context, subscript) || !isNamespace(subscript.childForFieldName("value"), context)) continue;
    const parent = subscript.parent;
    if (
      (parent?.type === "assignment" || parent?.type === "augmented_assignment") &&
      parent.childForFieldName("left")?.equals(subscript)
    )
      continue;
    if (parent?.type === "delete_statement") continue;
    const key = subscript.childForFieldName("subscript");
    const source = key ? context.taintSource(key, "code") : undefined;
    if (source)
      findings.push(sinkFinding(codeInjectionSpec, context.rangeOf(subscript), source, "a globals()/locals() lookup"));
  }
  return findings;
}

/** Python 2's `exec code in namespace` statement (tree-sitter parses it): code of unknown origin counts, as for exec(). */
function execStatements(context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const statement of nodesOfType(context.tree, "exec_statement")) {
    const code = statement.childForFieldName("code");
    if (!code || outsideFocus(context, statement)) continue;
    const source = context.taintSource(code, "code", { unknown: true });
    if (source) findings.push(sinkFinding(codeInjectionSpec, context.rangeOf(statement), source, "the exec statement"));
  }
  return findings;
}

/** eval() used to parse a literal has a drop-in safe replacement; exec/compile have none. */
function literalEvalFix(call: CallSite, context: RuleContext): FixSuggestion | undefined {
  if (call.callee !== "eval" || call.positional.length !== 1 || call.keywords.size > 0) return undefined;
  const callee = call.node.childForFieldName("function");
  if (!callee) return undefined;
  const edits = [{ range: context.rangeOf(callee), newText: "ast.literal_eval" }];
  const importAst = addImportEdit(context, "ast");
  if (importAst) edits.unshift(importAst);
  return { title: "Parse the literal with ast.literal_eval()", edits };
}

const codeInjectionSpec: TaintedSinkRuleSpec = {
  meta: {
    id: "code-injection",
    category: "code-injection",
    cwe: 95,
    severity: "high",
    title: "Code injection (eval/exec)",
    description:
      "eval(), exec() and compile() run their argument as Python, so untrusted input becomes arbitrary code execution (e.g. __import__('os').system(...)). To read a Python literal use ast.literal_eval(); for data use json.loads(); for arithmetic parse and evaluate with a small grammar; for dispatch use a dict of allowed functions.",
  },
  kind: "code",
  match,
  fixHint:
    "Use ast.literal_eval() for literals, json.loads() for data, or a dict of allowed operations instead of evaluating input.",
  fix: literalEvalFix,
};

const callSinks = taintedSinkRule(codeInjectionSpec);

export const codeInjectionRule: Rule = {
  meta: codeInjectionSpec.meta,
  check: (context) => [...callSinks.check(context), ...namespaceSubscripts(context), ...execStatements(context)],
};
