import { lastName } from "../../syntax";
import type { SyntaxNode } from "../../tree";
import type { RuleContext } from "../../types";
import {
  assignments,
  defineRule,
  identifierWords,
  importsModule,
  isConstantTrue,
  replaceFix,
  targetName,
  type Report,
} from "./helpers";

/** Flask app objects: resolved through the constructor, or any receiver in a file that imports flask (app factories). */
function isFlaskApp(context: RuleContext, receiver: SyntaxNode | undefined, callee: string): boolean {
  if (/^flask\.Flask\(\)\./.test(callee)) return true;
  const lastWord = identifierWords(lastName(receiver) ?? "").at(-1);
  return (lastWord === "app" || lastWord === "application") && importsModule(context, "flask");
}

function debugFinding(context: RuleContext, node: SyntaxNode, where: string): Report {
  return {
    node,
    message: `Flask debug mode enabled (${where}): the Werkzeug debugger lets anyone who reaches the app run arbitrary Python.`,
    fixHint: "Leave debug off in code; enable it only locally via `flask run --debug` or FLASK_DEBUG=1.",
    confidence: "high",
    fix: replaceFix(context, "Disable debug mode", node, "False"),
  };
}

export const flaskDebugEnabled = defineRule(
  {
    id: "flask-debug-enabled",
    category: "unsafe-default",
    subkind: "debug-mode",
    cwe: 489,
    severity: "high",
    title: "Flask debug mode enabled",
    description:
      "With debug=True, Flask serves the interactive Werkzeug debugger: any exception page offers a Python console in the browser, " +
      "so anyone who can reach the server (and trigger an error) can execute code on it. It also leaks source and configuration in tracebacks. " +
      "Keep debug out of the code and turn it on only for local development with `flask run --debug` or the FLASK_DEBUG environment variable.",
  },
  (context, report) => {
    for (const call of context.calls()) {
      // `app.run(...)`, or through an alias (`run = app.run; run(debug=True)`)
      if (
        (call.methodName === "run" || call.callee === "flask.Flask().run") &&
        isFlaskApp(context, call.receiver, call.callee)
      ) {
        const debug = call.keywords.get("debug");
        if (debug && isConstantTrue(context, debug)) report(debugFinding(context, debug, "app.run(debug=True)"));
      }
      // app.config.update(DEBUG=True) / app.config.from_mapping(DEBUG=True)
      const configuring =
        (call.methodName === "update" || call.methodName === "from_mapping") && call.receiver?.type === "attribute";
      if (configuring && call.receiver?.childForFieldName("attribute")?.text === "config") {
        const owner = call.receiver.childForFieldName("object") ?? undefined;
        const debug = call.keywords.get("DEBUG");
        if (debug && isConstantTrue(context, debug) && isFlaskApp(context, owner, call.callee))
          report(debugFinding(context, debug, "config DEBUG=True"));
      }
    }
    // app.debug = True / app.config["DEBUG"] = True
    for (const { target, value } of assignments(context)) {
      if (!isConstantTrue(context, value)) continue;
      if (target.type === "attribute" && targetName(context, target) === "debug") {
        const owner = target.childForFieldName("object") ?? undefined;
        if (isFlaskApp(context, owner, context.qualifiedName(target) ?? ""))
          report(debugFinding(context, value, "app.debug = True"));
      } else if (target.type === "subscript" && targetName(context, target) === "DEBUG") {
        const config = target.childForFieldName("value");
        const owner = config?.type === "attribute" ? (config.childForFieldName("object") ?? undefined) : undefined;
        if (
          config?.type === "attribute" &&
          config.childForFieldName("attribute")?.text === "config" &&
          isFlaskApp(context, owner, context.qualifiedName(config) ?? "")
        ) {
          report(debugFinding(context, value, 'app.config["DEBUG"] = True'));
        }
      }
    }
  },
  /debug|DEBUG/,
);
