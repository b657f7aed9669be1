import { HTTP_VERB_METHODS, type FrameworkEntryPoints } from "./types";

/** Tornado: a RequestHandler's verb methods receive the URL pattern's groups. */
export const tornado: FrameworkEntryPoints = {
  name: "tornado",
  viewClasses: {
    bases: ["tornado.web.RequestHandler"],
    baseNameEndings: ["RequestHandler"],
    verbMethods: HTTP_VERB_METHODS,
  },
};
