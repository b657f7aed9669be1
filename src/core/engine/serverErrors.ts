/** Why the server backend cannot serve a request; the UI maps each kind to what to check (URL, API key, server). */
export type ServerProblem =
  | "invalid-url"
  | "insecure-url"
  | "unreachable"
  | "certificate"
  | "timeout"
  | "unauthorized"
  | "not-a-completion-server"
  | "request-failed"
  | "connection-lost";

export class ServerError extends Error {
  constructor(
    readonly problem: ServerProblem,
    message: string,
    /** The server's origin (never a URL with credentials, never the API key). */
    readonly server?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ServerError";
  }
}

export const isServerError = (error: unknown): error is ServerError => error instanceof ServerError;
