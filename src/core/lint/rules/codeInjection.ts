import type { CallSite, FixSuggestion, RuleContext } from "../types";
import { argument, present, taintedSinkRule } from "./taintedSink";

const CODE_FUNCTIONS = new Set(["eval", "exec", "compile", "builtins.eval", "builtins.exec", "builtins.compile", "execfile"]);
/** Importing a module by name runs its top-level code: a client must not choose which (a plugin loader's own
 *  parameter passed whole is the caller's choice). */
const IMPORT_FUNCTIONS = new Set(["importlib.import_module", "__import__", "builtins.__import__"]);

/** eval() used to parse a literal has a drop-in safe replacement; exec/compile have none. */
function literalEvalFix(call: CallSite, context: RuleContext): FixSuggestion | undefined {
  if (call.callee !== "eval" || call.positional.length !== 1 || call.keywords.size > 0) return undefined;
  const callee = call.node.childForFieldName("function");
  if (!callee) return undefined;
  const edits = [{ range: context.rangeOf(callee), newText: "ast.literal_eval" }];
  const importsAst = context.tree.rootNode
    .descendantsOfType("import_statement")
    .some((statement) => /^import\s+(.*,\s*)?ast(\s*,|\s*$)/m.test(statement.text));
  if (!importsAst) edits.unshift({ range: { startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 }, newText: "import ast\n" });
  return { title: "Parse the literal with ast.literal_eval()", edits };
}

export const codeInjectionRule = taintedSinkRule({
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
  match: (call) => {
    if (CODE_FUNCTIONS.has(call.callee)) return { inputs: present(argument(call, 0, "source") ?? call.keywords.get("expression")), display: `${call.callee}()` };
    if (IMPORT_FUNCTIONS.has(call.callee)) return { inputs: present(argument(call, 0, "name")), display: `${call.callee}()`, wrapperAllowed: true };
    return undefined;
  },
  fixHint: "Use ast.literal_eval() for literals, json.loads() for data, or a dict of allowed operations instead of evaluating input.",
  fix: literalEvalFix,
});
