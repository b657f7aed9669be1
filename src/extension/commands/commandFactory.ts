import type { Ctx } from "../ctx";

/** A command is a factory: given the extension context, it returns the handler (rust-analyzer style). */
export type CommandFactory = (ctx: Ctx) => (...args: unknown[]) => unknown;
