import { HTTP_VERB_METHODS, type FrameworkEntryPoints } from "./types";

/** Django, Django REST framework and django-ninja. */
export const django: FrameworkEntryPoints = {
  name: "django",
  // django-ninja: @api.get("/items/{item_id}"), @router.post(...)
  routeDecoratorMethods: ["get", "post", "put", "delete", "patch"],
  // function views: def article(request, slug); DRF viewset actions: def retrieve(self, request, pk=None)
  requestParameters: ["request"],
  viewClasses: {
    bases: [
      "django.views.View",
      "django.views.generic.View",
      "django.views.generic.base.View",
      "rest_framework.views.APIView",
      "rest_framework.viewsets.ViewSet",
      "rest_framework.viewsets.GenericViewSet",
      "rest_framework.viewsets.ModelViewSet",
    ],
    baseNameEndings: ["View", "ViewSet"],
    verbMethods: HTTP_VERB_METHODS,
  },
};
