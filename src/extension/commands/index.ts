import * as vscode from "vscode";
import type { Ctx } from "../ctx";
import { SUGGESTION_ACCEPTED_COMMAND, suggestionAccepted } from "../inlineCompletionProvider";
import { REVIEW_COMMANDS } from "../review/commands";

/** A command is a factory: given the extension context, it returns the handler (rust-analyzer style). */
export type CommandFactory = (ctx: Ctx) => (...args: unknown[]) => unknown;

const downloadModel: CommandFactory = (ctx) => () => ctx.models.download();

const chooseModelFile: CommandFactory = (ctx) => () => ctx.models.chooseFile();

const togglePause: CommandFactory = (ctx) => () => ctx.setPaused(!ctx.paused);

const triggerSuggestion: CommandFactory = () => () => vscode.commands.executeCommand("editor.action.inlineSuggest.trigger");

const showLog: CommandFactory = (ctx) => () => ctx.log.show();

const loadModel: CommandFactory = (ctx) => () => ctx.models.loadEngine();

const setServerApiKey: CommandFactory = (ctx) => () => ctx.models.setServerApiKey();

const showMenu: CommandFactory = (ctx) => async () => {
  const items: (vscode.QuickPickItem & { command: string })[] = [
    { label: ctx.paused ? "$(debug-start) Resume suggestions" : "$(debug-pause) Pause suggestions", command: "phiPair.togglePause" },
    { label: "$(lightbulb) Suggest here", command: "phiPair.triggerSuggestion" },
    { label: "$(cloud-download) Download Phi-2 model", command: "phiPair.downloadModel" },
    { label: "$(file) Choose GGUF model file…", command: "phiPair.chooseModelFile" },
    { label: "$(shield) Review flagged suggestions", command: "phiPair.reviewFlagged" },
    { label: "$(output) Show log", command: "phiPair.showLog" },
    { label: "$(gear) Settings", command: "phiPair.openSettings" },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `Phi Pair — ${ctx.statusBar.text.replace(/\$\([^)]*\)\s*/g, "")}` });
  if (picked) await vscode.commands.executeCommand(picked.command);
};

const acceptedSuggestion: CommandFactory = () => (then) => suggestionAccepted(then as vscode.Command | undefined);

const openSettings: CommandFactory = () => () => vscode.commands.executeCommand("workbench.action.openSettings", "phiPair");

/** Every command the extension registers, by id (package.json's contributes.commands lists all but the internal SUGGESTION_ACCEPTED_COMMAND). */
export const COMMANDS: Record<string, CommandFactory> = {
  "phiPair.downloadModel": downloadModel,
  "phiPair.chooseModelFile": chooseModelFile,
  "phiPair.togglePause": togglePause,
  "phiPair.triggerSuggestion": triggerSuggestion,
  "phiPair.showLog": showLog,
  "phiPair.loadModel": loadModel,
  "phiPair.setServerApiKey": setServerApiKey,
  "phiPair.showMenu": showMenu,
  "phiPair.openSettings": openSettings,
  [SUGGESTION_ACCEPTED_COMMAND]: acceptedSuggestion,
  ...REVIEW_COMMANDS,
};
