import type { CallSite, RuleContext } from "../types";

/** subprocess's functions that run a program: an argv list, or with `shell=True` a shell command line. */
const SUBPROCESS_FUNCTIONS = new Set([
  "subprocess.run",
  "subprocess.call",
  "subprocess.check_call",
  "subprocess.check_output",
  "subprocess.Popen",
]);

/**
 * The subprocess function a call runs (`subprocess.check_output`): one imported in view, or, in an excerpt that
 * does not show its imports, a name bound nowhere in view that is one of them and is handed `shell=`
 * (`check_output(command, shell=True)`); `inferred` says which.
 */
export function subprocessFunction(
  call: CallSite,
  context: RuleContext,
): { name: string; inferred: boolean } | undefined {
  if (SUBPROCESS_FUNCTIONS.has(call.callee)) return { name: call.callee, inferred: false };
  const callee = call.node.childForFieldName("function");
  if (callee?.type !== "identifier" || !call.keywords.has("shell") || context.isBound(callee)) return undefined;
  const name = `subprocess.${callee.text}`;
  return SUBPROCESS_FUNCTIONS.has(name) ? { name, inferred: true } : undefined;
}
