/**
 * A suite's CWE label → the category of this lint it is scored in, and the finding CWEs that count for it: one table
 * for the suites labelled by CWE alone (SecurityEval's folders, SALLM's prompt ids), so that they are scored alike.
 */
import type { Category } from "./scoring";

const PATH: Category = { name: "path-traversal", cwes: [22], primary: true };
const SQL: Category = { name: "sql-injection", cwes: [89], primary: true };
const COMMAND: Category = { name: "command-injection", cwes: [78], primary: true };
// CWE-1336 (template injection) is a child of CWE-94, CWE-95 (eval injection) too
const CODE: Category = { name: "code-injection", cwes: [94, 95, 1336], primary: true };
const XSS: Category = { name: "xss", cwes: [79] };
const DESERIALIZATION: Category = { name: "deserialization", cwes: [502] };
const XXE: Category = { name: "xxe", cwes: [611, 776] };
const TLS: Category = { name: "tls-verification", cwes: [295] };
const WEAK_CRYPTO: Category = { name: "weak-crypto", cwes: [327, 328] };
const KEY_SIZE: Category = { name: "key-size", cwes: [326] };
const PASSWORD_HASH: Category = { name: "password-hash", cwes: [916, 328, 759, 760] };
const WEAK_RANDOM: Category = { name: "weak-random", cwes: [330, 338] };
const TEMP_FILE: Category = { name: "temp-file", cwes: [377] };
const PERMISSIONS: Category = { name: "permissions", cwes: [732] };
const CREDENTIALS: Category = { name: "hard-coded-secret", cwes: [798] };
const CLEARTEXT: Category = { name: "cleartext", cwes: [319] };
const DEBUG: Category = { name: "debug-mode", cwes: [489] };
const ERROR_EXPOSURE: Category = { name: "error-exposure", cwes: [209] };
const JWT: Category = { name: "jwt-verification", cwes: [347] };
const BIND_ALL: Category = { name: "bind-all-interfaces", cwes: [1327] };
const CSRF: Category = { name: "csrf", cwes: [352] };
const TIMEOUT: Category = { name: "resource-exhaustion", cwes: [400] };
const COOKIE: Category = { name: "insecure-cookie", cwes: [614, 1004] };

/** Suite CWE folder → category. Children share their parent's category (CWE-80 of 79, 297 of 295, 379 of 377, 259/321 of 798, 759/760 of 916, 331/339 of 330). */
export const CATEGORY_OF_CWE: Readonly<Record<number, Category>> = {
  22: PATH,
  89: SQL,
  78: COMMAND,
  94: CODE,
  95: CODE,
  79: XSS,
  80: XSS,
  502: DESERIALIZATION,
  611: XXE,
  776: XXE,
  295: TLS,
  297: TLS,
  327: WEAK_CRYPTO,
  326: KEY_SIZE,
  759: PASSWORD_HASH,
  760: PASSWORD_HASH,
  330: WEAK_RANDOM,
  331: WEAK_RANDOM,
  339: WEAK_RANDOM,
  377: TEMP_FILE,
  379: TEMP_FILE,
  732: PERMISSIONS,
  798: CREDENTIALS,
  259: CREDENTIALS,
  321: CREDENTIALS,
  319: CLEARTEXT,
  215: DEBUG,
  209: ERROR_EXPOSURE,
  347: JWT,
  // CWE-605 (multiple binds to the same port) is Bandit's CWE for binding to all interfaces
  605: BIND_ALL,
  352: CSRF,
  400: TIMEOUT,
  614: COOKIE,
  1004: COOKIE,
};
export const CATEGORIES: Category[] = [...new Set(Object.values(CATEGORY_OF_CWE))];
export const UNCOVERED: Category = { name: "uncovered", cwes: [] };

/** The category of a CWE label, or UNCOVERED when no rule here reports it. */
export function categoryOfCwe(cwe: number): Category {
  return CATEGORY_OF_CWE[cwe] ?? UNCOVERED;
}
