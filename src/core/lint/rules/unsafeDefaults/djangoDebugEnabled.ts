import { assignments, defineRule, importsModule, isConstantTrue, isModuleLevel, replaceFix } from "./helpers";

/** Settings that only a Django settings module defines; one of them (or a django import) marks the file as settings. */
const DJANGO_SETTINGS = new Set([
  "INSTALLED_APPS",
  "MIDDLEWARE",
  "ROOT_URLCONF",
  "ALLOWED_HOSTS",
  "WSGI_APPLICATION",
  "ASGI_APPLICATION",
  "DATABASES",
  "AUTH_PASSWORD_VALIDATORS",
]);

const FIX_HINT = 'Read it from the environment: DEBUG = os.environ.get("DJANGO_DEBUG") == "1", defaulting to off.';

export const djangoDebugEnabled = defineRule(
  {
    id: "django-debug-enabled",
    category: "unsafe-default",
    subkind: "debug-mode",
    cwe: 489,
    severity: "medium",
    title: "Django DEBUG = True in settings",
    description:
      "With DEBUG = True, Django renders detailed error pages with stack traces, local variables, settings and SQL queries to every visitor, " +
      "and keeps every query in memory. Generated settings files usually hard-code it; in production it discloses secrets and internals. " +
      "Default DEBUG to False and enable it only from an environment variable on development machines.",
  },
  (context, report) => {
    const all = assignments(context);
    const looksLikeSettings =
      importsModule(context, "django") ||
      all.some(
        ({ target, node }) => target.type === "identifier" && DJANGO_SETTINGS.has(target.text) && isModuleLevel(node),
      );
    if (looksLikeSettings) {
      for (const { target, value, node } of all) {
        if (
          target.type === "identifier" &&
          target.text === "DEBUG" &&
          isModuleLevel(node) &&
          isConstantTrue(context, value)
        ) {
          report({
            node: value,
            message: "Django DEBUG = True: error pages expose settings, source and SQL to visitors.",
            fixHint: FIX_HINT,
            confidence: "high",
            fix: replaceFix(context, "Set DEBUG = False", value, "False"),
          });
        }
      }
    }
    // settings.configure(DEBUG=True) in standalone scripts
    for (const call of context.calls()) {
      if (call.callee !== "django.conf.settings.configure") continue;
      const debug = call.keywords.get("DEBUG");
      if (debug && isConstantTrue(context, debug)) {
        report({
          node: debug,
          message: "settings.configure(DEBUG=True): error pages expose settings, source and SQL.",
          fixHint: FIX_HINT,
          confidence: "high",
          fix: replaceFix(context, "Set DEBUG=False", debug, "False"),
        });
      }
    }
  },
  /\bDEBUG\b/,
);
