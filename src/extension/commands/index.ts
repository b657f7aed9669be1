import * as vscode from "vscode";
import { SNOOZE_CHOICES } from "../controls";
import { SUGGESTION_ACCEPTED_COMMAND, suggestionAccepted } from "../inlineCompletionProvider";
import { REVIEW_COMMANDS } from "../review/commands";
import type { CommandFactory } from "./commandFactory";

const downloadModel: CommandFactory = (ctx) => () => ctx.models.download();

const chooseModelFile: CommandFactory = (ctx) => () => ctx.models.chooseFile();

const togglePause: CommandFactory = (ctx) => () => ctx.setPaused(!ctx.paused);

/** Snoozes automatic suggestions for the minutes given, or for a duration picked from a list. */
const snooze: CommandFactory = (ctx) => async (minutes) => {
  if (typeof minutes !== "number") {
    const items = SNOOZE_CHOICES.map((choice) => ({
      label: choice < 60 ? `${choice} minutes` : `${choice / 60} hour${choice > 60 ? "s" : ""}`,
      minutes: choice,
    }));
    minutes = (await vscode.window.showQuickPick(items, { title: "Snooze automatic suggestions for…" }))?.minutes;
    if (minutes === undefined) return;
  }
  await ctx.controls.snoozeFor(minutes as number);
};

const endSnooze: CommandFactory = (ctx) => () => ctx.controls.endSnooze();

const triggerSuggestion: CommandFactory = () => () =>
  vscode.commands.executeCommand("editor.action.inlineSuggest.trigger");

const showLog: CommandFactory = (ctx) => () => ctx.log.show();

const loadModel: CommandFactory = (ctx) => () => ctx.models.loadEngine();

const setServerApiKey: CommandFactory = (ctx) => () => ctx.models.setServerApiKey();

const showMenu: CommandFactory = (ctx) => async () => {
  const snoozedUntil = ctx.controls.snoozedUntil;
  const items: (vscode.QuickPickItem & { command: string })[] = [
    {
      label: ctx.paused ? "$(debug-start) Resume suggestions" : "$(debug-pause) Pause suggestions",
      command: "phiPair.togglePause",
    },
    snoozedUntil
      ? {
          label: "$(bell) End snooze",
          description: `snoozed until ${snoozedUntil.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}`,
          command: "phiPair.endSnooze",
        }
      : {
          label: "$(clock) Snooze suggestions…",
          description: "automatic ones; Alt+\\ still asks",
          command: "phiPair.snooze",
        },
    { label: "$(lightbulb) Suggest here", command: "phiPair.triggerSuggestion" },
    { label: "$(cloud-download) Download Phi-2 model", command: "phiPair.downloadModel" },
    { label: "$(file) Choose GGUF model file…", command: "phiPair.chooseModelFile" },
    { label: "$(shield) Review flagged suggestions", command: "phiPair.reviewFlagged" },
    { label: "$(output) Show log", command: "phiPair.showLog" },
    { label: "$(gear) Settings", command: "phiPair.openSettings" },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: `Phi Pair — ${ctx.statusBar.text.replace(/\$\([^)]*\)\s*/g, "")}`,
  });
  if (picked) await vscode.commands.executeCommand(picked.command);
};

const acceptedSuggestion: CommandFactory = () => (then) => suggestionAccepted(then as vscode.Command | undefined);

const explainCode: CommandFactory = (ctx) => () => ctx.explain.explain();

const stopExplain: CommandFactory = (ctx) => () => ctx.explain.stop();

const openSettings: CommandFactory = () => () =>
  vscode.commands.executeCommand("workbench.action.openSettings", "phiPair");

/** Every command the extension registers, by id (package.json's contributes.commands lists all but the internal SUGGESTION_ACCEPTED_COMMAND). */
export const COMMANDS: Record<string, CommandFactory> = {
  "phiPair.downloadModel": downloadModel,
  "phiPair.chooseModelFile": chooseModelFile,
  "phiPair.togglePause": togglePause,
  "phiPair.snooze": snooze,
  "phiPair.endSnooze": endSnooze,
  "phiPair.triggerSuggestion": triggerSuggestion,
  "phiPair.showLog": showLog,
  "phiPair.loadModel": loadModel,
  "phiPair.setServerApiKey": setServerApiKey,
  "phiPair.showMenu": showMenu,
  "phiPair.openSettings": openSettings,
  /** Resolves with the outcome (tests await it). */
  "phiPair.explainCode": explainCode,
  "phiPair.stopExplain": stopExplain,
  [SUGGESTION_ACCEPTED_COMMAND]: acceptedSuggestion,
  ...REVIEW_COMMANDS,
};
