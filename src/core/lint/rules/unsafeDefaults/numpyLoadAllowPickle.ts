import { defineRule, deserializationEvidence, isConstantTrue, replaceFix } from "./helpers";

export const numpyLoadAllowPickle = defineRule(
  {
    id: "numpy-load-allow-pickle",
    category: "unsafe-default",
    subkind: "unsafe-deserialization",
    cwe: 502,
    severity: "medium",
    title: "numpy.load with allow_pickle=True",
    description:
      "numpy.load refuses object arrays by default because they are stored as pickles; allow_pickle=True re-enables unpickling, so a crafted " +
      ".npy/.npz file executes code when loaded. Store numeric arrays (no dtype=object) and keep allow_pickle=False; " +
      "for mixed data use JSON or a structured format.",
  },
  (context, report) => {
    for (const call of context.calls()) {
      if (call.callee !== "numpy.load") continue;
      const allowPickle = call.keywords.get("allow_pickle");
      if (!allowPickle || !isConstantTrue(context, allowPickle)) continue;
      const evidence = deserializationEvidence(context, call.positional[0]);
      report({
        node: allowPickle,
        message: `numpy.load(allow_pickle=True) unpickles object arrays${evidence.origin}, which can execute code.`,
        fixHint: "Save plain numeric arrays and load with allow_pickle=False (the default).",
        confidence: evidence.confidence,
        severity: evidence.severity,
        fix: replaceFix(context, "Disallow pickled object arrays", allowPickle, "False"),
      });
    }
  },
  /allow_pickle/,
);
