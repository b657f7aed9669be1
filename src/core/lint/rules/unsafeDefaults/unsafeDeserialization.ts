import { defineRule, deserializationEvidence } from "./helpers";

/** Callables that execute code embedded in the data they read (pickle opcodes, marshal code objects, jsonpickle py/ tags). */
const CODE_EXECUTING_LOADERS = new Set([
  "pickle.load", "pickle.loads", "pickle.Unpickler",
  "_pickle.load", "_pickle.loads", "_pickle.Unpickler",
  "cPickle.load", "cPickle.loads", "cPickle.Unpickler",
  "dill.load", "dill.loads", "dill.Unpickler",
  "cloudpickle.load", "cloudpickle.loads",
  "joblib.load",
  "pandas.read_pickle",
  "marshal.load", "marshal.loads",
  "shelve.open",
  "jsonpickle.decode", "jsonpickle.loads",
]);

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
      const evidence = deserializationEvidence(context, call.positional[0]);
      report({
        node: call.node,
        message: `${call.callee}() runs code embedded in the data it loads${evidence.origin}; only load data you created yourself.`,
        fixHint: "Exchange data as JSON (json.loads) or another data-only format; for ML weights use safetensors; otherwise verify an HMAC before unpickling.",
        confidence: evidence.confidence,
        severity: evidence.severity,
      });
    }
  },
  /pickle|marshal|shelve|joblib|dill/,
);
