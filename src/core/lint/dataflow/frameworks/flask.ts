import { HTTP_VERB_METHODS, type FrameworkEntryPoints } from "./types";

/** Flask (with Werkzeug's routing and Flask-RESTful's resources). */
export const flask: FrameworkEntryPoints = {
  name: "flask",
  // @app.route / @bp.route, and Flask 2's @app.get/@app.post/...
  routeDecoratorMethods: ["route", "get", "post", "put", "delete", "patch"],
  // Werkzeug: <int:id>, <float:x>, <uuid:token>, <any(a, b):page> (one of the listed words)
  routeVariables: { open: "<", close: ">", converterFirst: true, safeConverters: ["int", "float", "uuid", "any"] },
  // Werkzeug matches a rule without variables exactly (a doubled or missing slash is redirected to it first)
  staticRouteAttributes: ["path"],
  viewClasses: {
    bases: ["flask.views.View", "flask.views.MethodView", "flask_restful.Resource"],
    baseNameEndings: ["View", "MethodView", "Resource"],
    verbMethods: HTTP_VERB_METHODS,
  },
};
