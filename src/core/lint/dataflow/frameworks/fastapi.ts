import { HTTP_VERB_METHODS, type FrameworkEntryPoints } from "./types";

/** FastAPI and Starlette, the toolkit it is built on. */
export const fastapi: FrameworkEntryPoints = {
  name: "fastapi",
  // @app.get / @router.post / @app.api_route / @app.websocket; Starlette's @app.route
  routeDecoratorMethods: [
    "get",
    "post",
    "put",
    "delete",
    "patch",
    "head",
    "options",
    "api_route",
    "websocket",
    "route",
  ],
  // Starlette's path convertors: {item_id:int}, {x:float}, {token:uuid}
  routeVariables: { open: "{", close: "}", converterFirst: false, safeConverters: ["int", "float", "uuid"] },
  // def read(db: Session = Depends(get_db), user = Security(current_user)): filled by the framework
  injectedDefaults: ["fastapi.Depends", "fastapi.Security", "fastapi.params.Depends", "fastapi.params.Security"],
  requestParameters: ["request"],
  viewClasses: {
    bases: ["starlette.endpoints.HTTPEndpoint"],
    baseNameEndings: ["HTTPEndpoint"],
    verbMethods: HTTP_VERB_METHODS,
  },
};
