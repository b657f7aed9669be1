import * as os from "node:os";
import type { CompletionOptions } from "../src/core/completion/completionService";
import type { EngineSettings } from "../src/core/engine/inferenceEngine";

/** The extension's defaults, read from package.json so the bench measures what users get. */
export function benchDefaults(): { engine: Omit<EngineSettings, "modelPath">; completion: CompletionOptions } {
  const properties = (
    require("../../package.json") as {
      contributes: { configuration: { properties: Record<string, { default: unknown }> } };
    }
  ).contributes.configuration.properties;
  const setting = <T>(key: string) => properties[`phiPair.${key}`].default as T;
  const threads = setting<number>("inference.threads");
  return {
    engine: {
      threads: threads > 0 ? threads : os.availableParallelism(),
      gpu: "off",
      contextSize: setting("inference.contextSize"),
      batchSize: setting("inference.batchSize"),
      prefillChunkTokens: setting("inference.prefillChunkTokens"),
      flashAttention: setting("inference.flashAttention"),
      // The replay teacher-forces real code, which drafted positions would escape: its engines decode plainly, and
      // the predictor is measured by bench/speculative.ts (on the forced traces) and bench/speculative-engine.ts.
      speculative: "off",
    },
    completion: {
      debounceMs: setting("completion.debounceMs"),
      maxTokens: setting("completion.maxTokens"),
      maxLines: setting("completion.maxLines"),
      temperature: setting("completion.temperature"),
      timeCapMs: setting("completion.timeCapMs"),
      promptTokenBudget: setting("completion.promptTokenBudget"),
    },
  };
}
