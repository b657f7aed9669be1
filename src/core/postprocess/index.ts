export {
  createPostprocessContext,
  DEFAULT_MAX_LINES,
  type PostprocessContext,
  type PostprocessOptions,
} from "./context";
export { postprocess, postprocessCompleteLines, postprocessCompletion } from "./pipeline";
export { PYTHON_STOP_TRIGGERS, stopTriggersFor } from "./stop-triggers";
