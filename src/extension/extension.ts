import type * as vscode from "vscode";
import { COMMANDS } from "./commands";
import { Ctx } from "./ctx";
import type { ExplainController } from "./explain/explainController";

let ctx: Ctx | undefined;

/** The API returned to other extensions and to the extension-host tests. */
export interface PhiPairApi {
  ctx: Ctx;
  explain: ExplainController;
}

export function activate(context: vscode.ExtensionContext): PhiPairApi {
  ctx = new Ctx(context, COMMANDS);
  context.subscriptions.push(ctx);
  ctx.log.info(`Phi Pair activated (model loads on the first suggestion)`);
  return { ctx, explain: ctx.explain };
}

export async function deactivate(): Promise<void> {
  const engine = ctx?.models.activeEngine;
  ctx = undefined;
  await engine?.dispose();
}
