import type { CallSite, RuleContext } from "../types";
import { isNotImportedInView } from "./unsafeDefaults/helpers";

/** subprocess's functions that run a program: an argv list, or with `shell=True` a shell command line. */
const SUBPROCESS_FUNCTIONS = new Set([
  "subprocess.run",
  "subprocess.call",
  "subprocess.check_call",
  "subprocess.check_output",
  "subprocess.Popen",
]);
const SUBPROCESS_NAMES = new Set([...SUBPROCESS_FUNCTIONS].map((name) => name.slice("subprocess.".length)));

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
  if (!call.keywords.has("shell") || !isNotImportedInView(context, callee, SUBPROCESS_NAMES)) return undefined;
  return { name: `subprocess.${callee.text}`, inferred: true };
}
