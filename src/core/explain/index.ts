export { trimExplanation, type TrimmedAnswer } from "./answer";
export { explainCode, type ExplainEnd, type ExplainOptions, type Explanation } from "./explainer";
export { cweUrl, escapeHtml, renderAnswerHtml, renderSecurityNotesHtml } from "./markdown";
export {
  buildExplainPrompt,
  dedent,
  EXPLAIN_STOP_TRIGGERS,
  formatExplainPrompt,
  PromptTooLargeError,
  type ExplainPrompt,
  type PromptBudget,
} from "./prompt";
export { findExplainTarget, overlapsTarget, type ExplainTarget, type TargetKind } from "./target";
