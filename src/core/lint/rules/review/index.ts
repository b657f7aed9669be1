import type { Rule } from "../../types";
import { apiUsageReview } from "./apiUsageReview";

/** Advisory rules (category "review", severity "info"): not vulnerabilities, but places a human should check. */
export const reviewRules: Rule[] = [apiUsageReview];
