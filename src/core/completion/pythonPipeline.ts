import { postprocessCompletion, stopTriggersFor } from "../postprocess";
import { buildPrompt, type BuiltPrompt } from "../prompt";
import type { CompletionPipeline, PromptPlan } from "./completionService";

export interface PythonPlan extends PromptPlan {
  built: BuiltPrompt;
}

/** Phi-2 code-format prompts for Python (docstring-to-body) and the Python post-processing filters. */
export const pythonPipeline: CompletionPipeline<PythonPlan> = {
  async plan(text, offset, tokenBudget, countTokens) {
    const built = await buildPrompt({ text, offset, tokenBudget, countTokens });
    return {
      prompt: built.prompt,
      stablePrefix: built.prompt.slice(0, built.stablePrefixLength),
      stopTriggers: stopTriggersFor(built.mode),
      built,
    };
  },
  finish(raw, plan, text, offset, maxLines) {
    return postprocessCompletion(text, offset, raw, plan.built, { maxLines });
  },
};
