import { HTTP_VERB_METHODS, type FrameworkEntryPoints } from "./types";

/** aiohttp's server: a RouteTableDef's decorators and class-based views. */
export const aiohttp: FrameworkEntryPoints = {
  name: "aiohttp",
  // routes = web.RouteTableDef(): @routes.get("/"), @routes.view("/items") for a web.View subclass
  routeDecoratorMethods: ["route", "get", "post", "put", "delete", "patch", "head", "view"],
  requestParameters: ["request"],
  viewClasses: { bases: ["aiohttp.web.View"], baseNameEndings: ["View"], verbMethods: HTTP_VERB_METHODS },
};
