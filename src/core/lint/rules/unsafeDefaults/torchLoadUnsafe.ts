import {
  addKeywordFix,
  defineRule,
  deserializationEvidence,
  hasKeywordSplat,
  isConstantFalse,
  replaceFix,
} from "./helpers";

const FIX_HINT = "Pass weights_only=True (tensors and plain containers only), or store weights as safetensors.";

export const torchLoadUnsafe = defineRule(
  {
    id: "torch-load-unsafe",
    category: "unsafe-default",
    subkind: "unsafe-deserialization",
    cwe: 502,
    severity: "medium",
    title: "torch.load without weights_only=True",
    description:
      "torch.load unpickles the checkpoint. With weights_only=False (the default before PyTorch 2.6, and what generated code often passes " +
      "to silence errors) a downloaded checkpoint can run arbitrary code on load. weights_only=True restricts unpickling to tensors and " +
      "primitive containers; safetensors avoids pickle entirely.",
  },
  (context, report) => {
    for (const call of context.calls()) {
      if (call.callee !== "torch.load") continue;
      const weightsOnly = call.keywords.get("weights_only");
      const evidence = deserializationEvidence(context, call.positional[0]);
      if (weightsOnly && isConstantFalse(context, weightsOnly)) {
        report({
          node: weightsOnly,
          message: `torch.load(weights_only=False) unpickles arbitrary objects${evidence.origin}; a malicious checkpoint runs code.`,
          fixHint: FIX_HINT,
          confidence: "high",
          severity: evidence.severity === "high" ? "high" : "medium",
          fix: replaceFix(context, "Load weights only", weightsOnly, "True"),
        });
      } else if (!weightsOnly && !hasKeywordSplat(call)) {
        report({
          node: call.node,
          message: `torch.load() without weights_only=True unpickles arbitrary objects on PyTorch < 2.6${evidence.origin}.`,
          fixHint: FIX_HINT,
          confidence: "medium",
          severity: evidence.severity === "high" ? "high" : "low",
          fix: addKeywordFix(context, "Add weights_only=True", call, "weights_only=True"),
        });
      }
    }
  },
  /torch/,
);
