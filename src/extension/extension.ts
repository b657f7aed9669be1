import type * as vscode from "vscode";
import { Ctx } from "./ctx";
import { registerExplain, type ExplainController } from "./explain/explainController";

let ctx: Ctx | undefined;

/** The API returned to other extensions and to the extension-host tests. */
export interface PhiPairApi {
  ctx: Ctx;
  explain: ExplainController;
}

export function activate(context: vscode.ExtensionContext): PhiPairApi {
  ctx = new Ctx(context);
  context.subscriptions.push(ctx);
  const explain = registerExplain(ctx);
  ctx.log.info(`Phi Pair activated (model loads on the first suggestion)`);
  return { ctx, explain };
}

export async function deactivate(): Promise<void> {
  const engine = ctx?.models.activeEngine;
  ctx = undefined;
  await engine?.dispose();
}
