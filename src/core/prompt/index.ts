export { buildPrompt, buildWarmupPrompt } from "./builder";
export type { BuiltPrompt, CompletionMode, PromptRequest, PromptScope, PromptWorkspace, TokenCounter } from "./types";
export { DEFAULT_TOKEN_BUDGET } from "./types";
