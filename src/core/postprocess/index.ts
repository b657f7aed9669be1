export {
  createPostprocessContext,
  DEFAULT_MAX_LINES,
  type PostprocessContext,
  type PostprocessOptions,
} from "./context";
export { completionIsFinal, postprocess, postprocessCompletion } from "./pipeline";
export { PYTHON_STOP_TRIGGERS, stopTriggersFor } from "./stop-triggers";
