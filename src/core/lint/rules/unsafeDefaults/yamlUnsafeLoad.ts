import { argument, constantString, defineRule, isNotImportedInView, renameMethodFix, replaceFix } from "./helpers";

const RUAMEL_YAML = new Set(["ruamel.yaml.YAML", "ruamel.yaml.main.YAML"]);

/** Loaders that only build plain Python data (str, int, list, dict...). */
const SAFE_LOADERS = new Set([
  "yaml.SafeLoader",
  "yaml.CSafeLoader",
  "yaml.BaseLoader",
  "yaml.CBaseLoader",
  "yaml.loader.SafeLoader",
  "yaml.loader.BaseLoader",
]);
/** Loaders that can instantiate arbitrary Python objects (FullLoader was exploitable until PyYAML 5.4 and still builds objects). */
const UNSAFE_LOADERS = new Set([
  "yaml.Loader",
  "yaml.UnsafeLoader",
  "yaml.FullLoader",
  "yaml.CLoader",
  "yaml.CUnsafeLoader",
  "yaml.CFullLoader",
  "yaml.loader.Loader",
  "yaml.loader.UnsafeLoader",
  "yaml.loader.FullLoader",
]);
/** The unsafe loaders' own names, for a loader whose import is not in view. */
const UNSAFE_LOADER_NAMES = new Set([...UNSAFE_LOADERS].map((name) => name.split(".").pop()!));
/** Always-unsafe shortcuts and their safe replacements. */
const UNSAFE_SHORTCUTS = new Map([
  ["yaml.unsafe_load", "safe_load"],
  ["yaml.full_load", "safe_load"],
  ["yaml.unsafe_load_all", "safe_load_all"],
  ["yaml.full_load_all", "safe_load_all"],
]);
const FIX_HINT = "Use yaml.safe_load() (or Loader=yaml.SafeLoader); it only builds plain data.";

export const yamlUnsafeLoad = defineRule(
  {
    id: "yaml-unsafe-load",
    category: "unsafe-default",
    subkind: "unsafe-deserialization",
    cwe: 502,
    severity: "high",
    title: "YAML loaded with a loader that constructs Python objects",
    description:
      "yaml.load() with the default, Full or Unsafe loader honours tags such as !!python/object/apply, so a crafted YAML document " +
      "runs arbitrary code while it is parsed. yaml.unsafe_load and yaml.full_load do the same. Config files, API payloads and " +
      "uploaded manifests are all attacker-reachable in practice. yaml.safe_load() parses the same ordinary YAML without that power.",
  },
  (context, report) => {
    for (const call of context.calls()) {
      if (RUAMEL_YAML.has(call.callee)) {
        // ruamel: YAML(typ="unsafe") constructs arbitrary objects; the default "rt" and "safe" (and "base", strings only) do not
        const typ = constantString(context, call.keywords.get("typ"));
        if (typ === "unsafe") {
          const typNode = call.keywords.get("typ")!;
          report({
            node: call.node,
            message: 'ruamel.yaml YAML(typ="unsafe") can construct arbitrary Python objects from the document.',
            fixHint: 'Use YAML(typ="safe") (or the default round-trip loader).',
            confidence: "high",
            fix: replaceFix(context, 'Use typ="safe"', typNode, '"safe"'),
          });
        }
        continue;
      }
      // `yaml = YAML(typ="rt")` in a function shadows the imported PyYAML module: its load() is ruamel's
      if (
        call.receiver?.type === "identifier" &&
        (call.methodName === "load" || call.methodName === "load_all") &&
        context.possibleValues(call.receiver)
      )
        continue;
      const shortcut = UNSAFE_SHORTCUTS.get(call.callee);
      if (shortcut) {
        report({
          node: call.node,
          message: `${call.callee}() can construct arbitrary Python objects from the document.`,
          fixHint: FIX_HINT,
          confidence: "high",
          fix: renameMethodFix(context, `Use yaml.${shortcut}`, call, shortcut),
        });
        continue;
      }
      if (call.callee !== "yaml.load" && call.callee !== "yaml.load_all") continue;
      const safeName = call.callee === "yaml.load" ? "safe_load" : "safe_load_all";
      const loader = argument(call, 1, "Loader");
      if (!loader) {
        report({
          node: call.node,
          message: `${call.callee}() without Loader= uses an object-constructing loader (and fails on PyYAML 6).`,
          fixHint: FIX_HINT,
          confidence: "high",
          fix: renameMethodFix(context, `Use yaml.${safeName}`, call, safeName),
        });
        continue;
      }
      const loaderName = context.qualifiedName(loader);
      if (loaderName && SAFE_LOADERS.has(loaderName)) continue;
      if (loaderName && UNSAFE_LOADERS.has(loaderName)) {
        report({
          node: call.node,
          message: `${call.callee}() with ${loaderName.split(".").pop()} can construct arbitrary Python objects.`,
          fixHint: FIX_HINT,
          confidence: "high",
          fix:
            loader.type === "attribute"
              ? replaceFix(context, "Use yaml.SafeLoader", loader, loader.text.replace(/\.\w+$/, ".SafeLoader"))
              : undefined,
        });
        continue;
      }
      // `Loader=Loader` with no import of it in view (an excerpt, a suggestion that left the import out): named as
      // PyYAML's object-constructing loaders are, it is most likely one of them
      if (isNotImportedInView(context, loader, UNSAFE_LOADER_NAMES)) {
        report({
          node: call.node,
          message: `${call.callee}() with ${loader.text}, not imported in view: PyYAML's ${loader.text} can construct arbitrary Python objects.`,
          fixHint: FIX_HINT,
          confidence: "medium",
        });
      }
      // any other loader is a custom class; it may well derive from SafeLoader, so stay quiet
    }
  },
  /yaml/,
);
