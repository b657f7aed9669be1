import { calledExpression, namedChildren, present, unwrapParentheses } from "../syntax";
import type { SyntaxNode } from "../tree";
import type { CallSite, RuleContext } from "../types";

/** The calls a call makes of other functions it is handed: delegation and dispatch tables. */
export function indirectCalls(call: CallSite, context: RuleContext): CallSite[] {
  const delegated = delegatedCall(call, context);
  return delegated ? [delegated] : dispatchedCalls(call, context);
}

/** Methods that call the function they are given with the positional arguments after it: position of the function. */
const CALLING_METHODS: ReadonlyMap<string, number> = new Map([
  ["run_in_executor", 1],
  ["submit", 0],
  ["call_soon", 0],
  ["call_soon_threadsafe", 0],
  ["call_later", 1],
  ["call_at", 1],
  ["apply_async", 0],
  ["apply", 0],
]);
/** Functions that do the same (`functools.partial` binds the arguments for a later call; `map`/`filter` pass the
 *  elements of the iterables, whose taint is the iterables'). */
const CALLING_FUNCTIONS: ReadonlyMap<string, number> = new Map([
  ["asyncio.to_thread", 0],
  ["functools.partial", 0],
  ["map", 0],
  ["filter", 0],
]);
/** Constructors taking `target=` and `args=` (threads and processes). */
const TARGET_CONSTRUCTORS = new Set(["threading.Thread", "multiprocessing.Process", "threading.Timer"]);

/**
 * A call that hands a named function and its arguments to another call (`loop.run_in_executor(None, exec, code)`,
 * `executor.submit(os.system, cmd)`, `threading.Thread(target=eval, args=(expr,))`), seen as the direct call it
 * makes. The positional arguments of `apply_async(f, (a,))`-style calls are the tuple's elements.
 */
function delegatedCall(call: CallSite, context: RuleContext): CallSite | undefined {
  let position =
    CALLING_FUNCTIONS.get(call.callee) ?? (call.receiver ? CALLING_METHODS.get(call.methodName) : undefined);
  let target: SyntaxNode | undefined;
  let rest: SyntaxNode[];
  if (position !== undefined) {
    target = call.positional[position];
    rest = call.positional.slice(position + 1);
    if (call.methodName === "apply_async" || call.methodName === "apply")
      rest = tupleElements(rest[0] ?? call.keywords.get("args"));
  } else if (TARGET_CONSTRUCTORS.has(call.callee)) {
    position = call.callee === "threading.Timer" ? 1 : -1;
    target =
      call.keywords.get(call.callee === "threading.Timer" ? "function" : "target") ??
      (position >= 0 ? call.positional[position] : undefined);
    rest = tupleElements(call.keywords.get("args") ?? (position >= 0 ? call.positional[position + 1] : undefined));
  } else {
    return undefined;
  }
  return target
    ? callOf(target, call.node, rest, call.callee === "functools.partial" ? call.keywords : new Map(), context)
    : undefined;
}

/**
 * A call through a dispatch table, `{"run": eval}[k](x)`, `HANDLERS.get(k)(x)` (or a list/tuple), seen as a call of
 * every function the table holds (a table bound to a name is read through the values the name may hold).
 */
function dispatchedCalls(call: CallSite, context: RuleContext): CallSite[] {
  const callee = calledExpression(call.node);
  let table: SyntaxNode | null | undefined;
  if (callee?.type === "subscript") table = callee.childForFieldName("value");
  else if (callee?.type === "call") {
    const lookup = calledExpression(callee);
    if (lookup?.type === "attribute" && lookup.childForFieldName("attribute")?.text === "get")
      table = lookup.childForFieldName("object");
  }
  if (!table) return [];
  const tables = context.possibleValues(unwrapParentheses(table)) ?? [];
  const entries = tables.flatMap((value) => tableEntries(unwrapParentheses(value)));
  return entries.flatMap((entry) => present(callOf(entry, call.node, call.positional, call.keywords, context)));
}

/** The functions a dict/list/tuple literal holds. */
function tableEntries(table: SyntaxNode): SyntaxNode[] {
  if (table.type === "dictionary")
    return namedChildren(table).flatMap((pair) =>
      present(pair.type === "pair" ? pair.childForFieldName("value") : undefined),
    );
  return table.type === "list" || table.type === "tuple" ? [...namedChildren(table)] : [];
}

/** The call `node` makes of a function named by `target` (a name or attribute) with the given arguments. */
function callOf(
  target: SyntaxNode,
  node: SyntaxNode,
  positional: SyntaxNode[],
  keywords: ReadonlyMap<string, SyntaxNode>,
  context: RuleContext,
): CallSite | undefined {
  const reference = unwrapParentheses(target);
  if (reference.type !== "identifier" && reference.type !== "attribute") return undefined;
  return {
    node,
    callee: context.qualifiedName(reference) ?? reference.text,
    methodName:
      reference.type === "attribute" ? (reference.childForFieldName("attribute")?.text ?? "") : reference.text,
    receiver: reference.type === "attribute" ? (reference.childForFieldName("object") ?? undefined) : undefined,
    positional,
    keywords,
  };
}

function tupleElements(node: SyntaxNode | undefined): SyntaxNode[] {
  if (!node) return [];
  const value = unwrapParentheses(node);
  return value.type === "tuple" || value.type === "list" ? [...namedChildren(value)] : [];
}
