export {
  assembleProgram,
  type CompleteFunction,
  type CompletionRequestOptions,
  type HarnessOptions,
  type HarnessReport,
  type ProblemResult,
  runHumanEval,
} from "./harness";
export { type HumanEvalProblem, loadHumanEvalJsonl, loadProblemDirectory, parseHumanEvalJsonl } from "./problems";
export { type PythonRun, runPythonSandboxed, type RunStatus, type SandboxOptions } from "./sandbox";
