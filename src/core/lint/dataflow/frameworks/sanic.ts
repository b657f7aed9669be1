import type { FrameworkEntryPoints } from "./types";

/** Sanic. */
export const sanic: FrameworkEntryPoints = {
  name: "sanic",
  routeDecoratorMethods: ["route", "get", "post", "put", "delete", "patch", "head", "options", "websocket"],
  requestParameters: ["request"],
};
