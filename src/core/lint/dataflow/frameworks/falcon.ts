import type { FrameworkEntryPoints } from "./types";

/** Falcon: resources are plain classes whose responders are on_get(self, req, resp, **params). */
export const falcon: FrameworkEntryPoints = {
  name: "falcon",
  requestParameters: ["req"],
  viewClasses: {
    bases: [],
    // Falcon has no resource base class; projects name theirs (and their bases) ...Resource
    baseNameEndings: ["Resource"],
    verbMethods: ["on_get", "on_post", "on_put", "on_delete", "on_patch"],
  },
};
