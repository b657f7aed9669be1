import type { CommandFactory } from "../commands/commandFactory";
import type { FlaggedNode } from "./flaggedTree";
import { ACCEPTED_COMMAND } from "./reviewController";

/** A record id from the palette/code action (a string) or from the view's context menu (a tree node). */
const recordIdOf = (argument: unknown): string | undefined => {
  if (typeof argument === "string") return argument;
  const node = argument as FlaggedNode | undefined;
  return node?.kind === "record" ? node.record.id : undefined;
};

/** The review feature's commands (package.json lists them; the internal ones are hidden from the palette). */
export const REVIEW_COMMANDS: Record<string, CommandFactory> = {
  "phiPair.reviewFlagged": (ctx) => () => ctx.review.focusView(),
  "phiPair.review.markReviewed": (ctx) => (argument) => {
    const id = recordIdOf(argument);
    return id ? ctx.review.markReviewed(id) : ctx.review.pickAndMarkReviewed();
  },
  "phiPair.review.clear": (ctx) => () => ctx.review.clear(),
  "phiPair.review.open": (ctx) => (argument) => {
    const id = recordIdOf(argument);
    return id && ctx.review.open(id);
  },
  "phiPair.review.explainRisk": (ctx) => (ruleId) => typeof ruleId === "string" && ctx.review.explainRisk(ruleId),
  [ACCEPTED_COMMAND]: (ctx) => (recordId, documentUri, start) =>
    ctx.review.accepted(recordId as string, documentUri as string, start as { line: number; character: number }),
};
