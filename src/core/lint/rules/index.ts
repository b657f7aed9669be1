import type { Rule } from "../types";
import { archiveExtractionRule } from "./archiveExtraction";
import { codeInjectionRule } from "./codeInjection";
import { commandInjectionRule } from "./commandInjection";
import { pathTraversalRule } from "./pathTraversal";
import { reviewRules } from "./review/index";
import { sqlInjectionRule } from "./sqlInjection";
import { templateInjectionRule } from "./templateInjection";
import { trojanSourceRule } from "./trojanSource";
import { unsafeDefaultRules } from "./unsafeDefaults/index";

/** Data-flow rules: untrusted input reaching a dangerous sink. */
export const taintRules: readonly Rule[] = [
  pathTraversalRule,
  archiveExtractionRule,
  sqlInjectionRule,
  commandInjectionRule,
  codeInjectionRule,
  templateInjectionRule,
];

export const allRules: readonly Rule[] = [...taintRules, ...unsafeDefaultRules, trojanSourceRule, ...reviewRules];
