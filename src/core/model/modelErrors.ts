import { neutraliseLinks } from "../text/untrustedText";

/** Why a model file cannot be used; the UI maps each kind to actions (download, choose another file, settings). */
export type ModelProblem =
  | "not-configured"
  | "missing"
  | "not-a-file"
  | "unreadable"
  | "empty"
  | "not-gguf"
  | "truncated"
  | "unsupported-architecture"
  | "load-failed"
  | "out-of-memory";

/** Its message is shown in notifications and embeds paths and file metadata, so it is neutralised once, here. */
export class ModelError extends Error {
  constructor(
    readonly problem: ModelProblem,
    message: string,
    readonly modelPath?: string,
    options?: { cause?: unknown },
  ) {
    super(neutraliseLinks(message), options);
    this.name = "ModelError";
  }
}

export const isModelError = (error: unknown): error is ModelError => error instanceof ModelError;
