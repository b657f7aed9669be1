import type { FrameworkEntryPoints } from "./types";

/** Bottle. */
export const bottle: FrameworkEntryPoints = {
  name: "bottle",
  // @route("/x") on the default app, @app.get("/x") on one's own
  routeDecoratorMethods: ["route", "get", "post", "put", "delete", "patch"],
  routeDecorators: ["bottle.route", "bottle.get", "bottle.post", "bottle.put", "bottle.delete", "bottle.patch"],
  // wildcard filters: <id:int>, <x:float>
  routeVariables: { open: "<", close: ">", converterFirst: false, safeConverters: ["int", "float"] },
};
