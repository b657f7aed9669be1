import type { SyntaxNode } from "../../tree";
import type { RuleContext } from "../../types";
import { callAt, defineRule, deserializationEvidence } from "./helpers";

/** A path literal, or `open(<path literal>)`. */
function isFixedFile(context: RuleContext, node: SyntaxNode): boolean {
  const values = context.possibleValues(node);
  return (
    values !== undefined &&
    values.length > 0 &&
    values.every((value) => {
      if (typeof context.constantValue(value) === "string") return true;
      const call = callAt(context, value);
      const path = call && FILE_OPENERS.has(call.callee) ? call.positional[0] : undefined;
      return path !== undefined && typeof context.constantValue(path) === "string";
    })
  );
}

/** Loaders whose first argument is a path (a literal path is a file the program names itself). */
const PATH_LOADERS = new Set(["joblib.load", "pandas.read_pickle", "shelve.open"]);
const FILE_OPENERS = new Set(["open", "io.open", "gzip.open", "bz2.open", "lzma.open"]);

/** Callables that execute code embedded in the data they read (pickle opcodes, marshal code objects, jsonpickle py/ tags). */
const CODE_EXECUTING_LOADERS = new Set([
  "pickle.load",
  "pickle.loads",
  "pickle.Unpickler",
  "_pickle.load",
  "_pickle.loads",
  "_pickle.Unpickler",
  "cPickle.load",
  "cPickle.loads",
  "cPickle.Unpickler",
  "dill.load",
  "dill.loads",
  "dill.Unpickler",
  "cloudpickle.load",
  "cloudpickle.loads",
  "joblib.load",
  "pandas.read_pickle",
  "marshal.load",
  "marshal.loads",
  "shelve.open",
  "jsonpickle.decode",
  "jsonpickle.loads",
]);

/** Serializers whose output only the same family reads back: `loads(dumps(x))` reads the program's own data. */
const SERIALIZERS = new Set([
  "pickle.dumps",
  "_pickle.dumps",
  "cPickle.dumps",
  "dill.dumps",
  "cloudpickle.dumps",
  "marshal.dumps",
  "jsonpickle.encode",
  "jsonpickle.dumps",
]);

/** Data every value of which the code serialized itself (`s = pickle.dumps(x); pickle.loads(s)`: a round trip). */
function isOwnSerialization(context: RuleContext, data: SyntaxNode): boolean {
  const values = context.possibleValues(data) ?? [data];
  return values.length > 0 && values.every((value) => SERIALIZERS.has(callAt(context, value)?.callee ?? ""));
}

/** `shelve.open(path, "n")` always creates a new, empty shelf: it reads back only what the program writes to it. */
function opensNewShelf(context: RuleContext, flag: SyntaxNode | undefined): boolean {
  return flag !== undefined && context.constantValue(flag) === "n";
}

export const unsafeDeserialization = defineRule(
  {
    id: "unsafe-deserialization",
    category: "unsafe-default",
    subkind: "unsafe-deserialization",
    cwe: 502,
    severity: "high",
    title: "pickle-family deserialization",
    description:
      "pickle (and cPickle, dill, cloudpickle, joblib, pandas.read_pickle, shelve, jsonpickle) reconstructs objects by calling functions named in the data, " +
      "so unpickling attacker-controlled bytes runs attacker code; marshal is similarly unsafe and unversioned. Only unpickle data your own process wrote " +
      "to storage nobody else can write. For data crossing a trust boundary use JSON, msgpack or protobuf; for model weights use safetensors; " +
      "if pickles must be exchanged, sign them with hmac and verify before loading.",
  },
  (context, report) => {
    for (const call of context.calls()) {
      if (!CODE_EXECUTING_LOADERS.has(call.callee)) continue;
      const data = call.positional[0];
      // data written in the source itself (`pickle.loads(b"...")`) is the author's own; so is a string handed to a
      // file-object reader (`pickle.load("x")` cannot even run). Path-taking loaders (joblib, shelve) read the file.
      if (data && !PATH_LOADERS.has(call.callee) && context.constantValue(data) !== undefined) continue;
      if (data && isOwnSerialization(context, data)) continue;
      if (call.callee === "shelve.open" && opensNewShelf(context, call.positional[1] ?? call.keywords.get("flag")))
        continue;
      const evidence = deserializationEvidence(context, data);
      // `pickle.load(open("model.pkl", "rb"))`, `shelve.open("cache.db")`: a file the program names itself, most likely its own
      const fixedFile = !evidence.origin && data !== undefined && isFixedFile(context, data);
      report({
        node: call.node,
        message: `${call.callee}() runs code embedded in the data it loads${evidence.origin}; only load data you created yourself.`,
        fixHint:
          "Exchange data as JSON (json.loads) or another data-only format; for ML weights use safetensors; otherwise verify an HMAC before unpickling.",
        confidence: fixedFile ? "low" : evidence.confidence,
        severity: evidence.severity,
      });
    }
  },
  /pickle|marshal|shelve|joblib|dill/,
);
