import { postprocessCompleteLines, postprocessCompletion, stopTriggersFor } from "../postprocess";
import { buildPrompt, type BuiltPrompt, type PromptWorkspace } from "../prompt";
import type { CompletionPipeline, PromptPlan } from "./completionService";

export interface PythonPlan extends PromptPlan {
  built: BuiltPrompt;
}

/** The workspace a document belongs to (its index and path), or undefined for the document alone. */
export type WorkspaceLookup = (documentId: string) => PromptWorkspace | undefined;

/** Phi-2 code-format prompts for Python (docstring-to-body) and the Python post-processing filters. */
export function createPythonPipeline(workspaceFor: WorkspaceLookup = () => undefined): CompletionPipeline<PythonPlan> {
  return {
    async plan(text, offset, tokenBudget, countTokens, documentId) {
      const workspace = documentId === undefined ? undefined : workspaceFor(documentId);
      const built = await buildPrompt({ text, offset, tokenBudget, countTokens, workspace });
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
    finishCompleteLines(completeLines, plan, text, offset, maxLines) {
      return postprocessCompleteLines(text, offset, completeLines, plan.built, { maxLines });
    },
  };
}

/** The pipeline without workspace context (one file at a time). */
export const pythonPipeline = createPythonPipeline();
