import type { TaintSource } from "../types";
import { SINK_KINDS, type SinkKind } from "./sinkKinds";

export { SINK_KINDS, type SinkKind } from "./sinkKinds";

/**
 * Every bit of a "sanitized for" set, sink kinds first. The path half-proofs: a value without ".." can still be
 * absolute, and one that is not absolute can still climb; only both together make it safe for the path sink.
 */
const CLEAN_FLAGS = [...SINK_KINDS, "no-parent-segments", "not-absolute"] as const;
const flagBit = (flag: (typeof CLEAN_FLAGS)[number]): number => 1 << CLEAN_FLAGS.indexOf(flag);

/** Sink kinds as bits, so "sanitized for" sets merge with `&` / `|`. */
export const SINK_BIT = Object.fromEntries(SINK_KINDS.map((kind) => [kind, flagBit(kind)])) as Readonly<
  Record<SinkKind, number>
>;
export const ALL_SINKS = SINK_KINDS.reduce((bits, kind) => bits | SINK_BIT[kind], 0);
export const NO_PARENT_SEGMENTS = flagBit("no-parent-segments");
export const NOT_ABSOLUTE = flagBit("not-absolute");

/** Untrusted data as it flows through one program point. */
export interface Taint {
  source: TaintSource;
  /** Bit set of sink kinds a sanitizer on every path already made this value safe for. */
  clean: number;
  /** Produced by realpath/abspath/normpath/resolve(): a containment check on it is meaningful. */
  normalized: boolean;
  /** Combined with other text on the way (joined under a base path, formatted into a query), not passed whole. */
  composed: boolean;
  /** A dict whose constant keys' values are known apart: `m["b"] = param` leaves `m["a"]` clean. */
  contents?: DictContents;
}

/**
 * What a dict's constant keys hold (a dict literal, or stores under a constant key), so a read under another key
 * does not take the one tainted value (CodeQL's dictionary content flow). Any other way a value changes (a join,
 * a merge of branches, a sanitizer, a mutating method) makes a taint without contents: the whole dict again.
 */
export interface DictContents {
  /** Constant key (`dictKey`) → the value stored under it last; undefined: a clean value. */
  byKey: ReadonlyMap<string, Taint | undefined>;
  /** What any other key may hold: stores under keys not known, the dict's taint before its keys were. */
  otherKeys: Taint | undefined;
}

/** A constant key as a map key: a str and an int of the same text are different keys. */
export function dictKey(key: string | number): string {
  return `${typeof key}:${key}`;
}

/** The taint of a dict made of these contents: every value's, joined; undefined when all are clean. */
export function dictTaint(
  byKey: ReadonlyMap<string, Taint | undefined>,
  otherKeys: Taint | undefined,
): Taint | undefined {
  let whole = otherKeys;
  for (const value of byKey.values()) whole = joinTaint(whole, value);
  return whole && { ...whole, contents: { byKey, otherKeys } };
}

/** What `container[key]` reads: the key's own value when the dict's keys are known, else the whole dict's. */
export function readKey(container: Taint | undefined, key: string): Taint | undefined {
  const contents = container?.contents;
  if (!contents) return container;
  return contents.byKey.has(key) ? contents.byKey.get(key) : contents.otherKeys;
}

/** The dict after `container[key] = value`: the key's old value is replaced. */
export function storeKey(container: Taint | undefined, key: string, value: Taint | undefined): Taint | undefined {
  const contents = container?.contents ?? { byKey: new Map(), otherKeys: container };
  return dictTaint(new Map(contents.byKey).set(key, value), contents.otherKeys);
}

/**
 * Weak: a value of unknown origin (an undefined global, the result of a call the analysis knows nothing of), not
 * data shown to come from a user. Only sinks that opt in report it, and then with low confidence; a real source
 * always wins over it when values combine.
 */
export function isWeak(taint: Taint): boolean {
  return taint.source.kind === "unknown";
}

/** Variable (or `self.attr` text) → taint; an absent key means "not tainted". Never mutated once shared. */
export type Env = ReadonlyMap<string, Taint>;
export const EMPTY_ENV: Env = new Map();

/** Both values flow together (concatenation, a container): safe for a sink only if both are. Two tainted parts
 *  make a composed value. */
export function joinTaint(a: Taint | undefined, b: Taint | undefined): Taint | undefined {
  if (!a) return b;
  if (!b) return a;
  if (isWeak(a) !== isWeak(b)) return isWeak(a) ? b : a;
  return {
    source: a.clean === (a.clean & b.clean) ? a.source : b.source,
    clean: a.clean & b.clean,
    normalized: false,
    composed: true,
  };
}

/** Either value may arrive (branches merging): keeps normalization only if both had it. */
export function mergeTaint(a: Taint | undefined, b: Taint | undefined): Taint | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a === b) return a;
  if (isWeak(a) !== isWeak(b)) return isWeak(a) ? b : a;
  return {
    source: (a.clean & b.clean) === a.clean ? a.source : b.source,
    clean: a.clean & b.clean,
    normalized: a.normalized && b.normalized,
    composed: a.composed || b.composed,
  };
}

/** Sanitized-for bits with the path half-proofs closed: both together make a value safe for the path sink. */
export function closeHalfProofs(clean: number): number {
  return (clean & NO_PARENT_SEGMENTS) !== 0 && (clean & NOT_ABSOLUTE) !== 0 ? clean | SINK_BIT.path : clean;
}

export function withClean(taint: Taint | undefined, bits: number): Taint | undefined {
  if (!taint) return undefined;
  const clean = closeHalfProofs(taint.clean | bits);
  if ((clean & ALL_SINKS) === ALL_SINKS) return undefined;
  // a sanitized dict is sanitized whole: its keys' values are no longer known apart
  return clean === taint.clean ? taint : { ...taint, clean, contents: undefined };
}

export function mergeEnvs(envs: readonly Env[]): Env {
  if (envs.length === 0) return EMPTY_ENV;
  if (envs.length === 1) return envs[0];
  const merged = new Map<string, Taint>();
  for (const env of envs) {
    for (const [name, taint] of env) merged.set(name, mergeTaint(merged.get(name), taint)!);
  }
  return merged;
}

export function setVariable(env: Env, name: string, taint: Taint | undefined): Env {
  if (!taint) {
    if (!env.has(name)) return env;
    const next = new Map(env);
    next.delete(name);
    return next;
  }
  if (env.get(name) === taint) return env;
  return new Map(env).set(name, taint);
}
