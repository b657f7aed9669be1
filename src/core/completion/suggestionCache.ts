import { createHash, type Hash } from "node:crypto";

/** Per-entry bookkeeping of a Map slot, counted so many tiny entries cannot exceed the bound either. */
const ENTRY_OVERHEAD_BYTES = 64;

/**
 * Post-processed suggestions by position, bounded by the bytes it retains, not by its number of entries. Keys are
 * digests of everything the suggestion depends on (document, text before and after the cursor), so a 10 MB
 * document costs a 40-character key, and an edit below the cursor misses instead of serving a stale cut.
 */
export class SuggestionCache {
  private readonly entries = new Map<string, string>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): string | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: string): void {
    this.delete(key);
    const size = entryBytes(key, value);
    if (size > this.maxBytes) return;
    this.entries.set(key, value);
    this.bytes += size;
    // Map keeps insertion order and `get` re-inserts, so the first key is the least recently used.
    while (this.bytes > this.maxBytes) this.delete(this.entries.keys().next().value as string);
  }

  /** What the entries retain (UTF-16 key and value plus a fixed per-entry overhead). */
  get retainedBytes(): number {
    return this.bytes;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private delete(key: string): void {
    const value = this.entries.get(key);
    if (value === undefined) return;
    this.entries.delete(key);
    this.bytes -= entryBytes(key, value);
  }
}

const entryBytes = (key: string, value: string) => 2 * (key.length + value.length) + ENTRY_OVERHEAD_BYTES;

/** Cache keys around one position: the positions of the typed-ahead walk, and positions after text accepted there. */
export interface PositionKeys {
  /** [n]: the position n characters earlier (0…maxTyped), with the same text after the cursor. */
  readonly typedAhead: readonly string[];
  /** The position after `accepted` is inserted at this one (a shown part of a suggestion accepted with Tab). */
  after(accepted: string): string;
}

/**
 * Cache keys for a position and for the positions `typedLength` = 0…`maxTyped` characters before it (the
 * typed-ahead walk), all with the same text after the cursor. The long common head of the prefix is hashed once;
 * each shorter prefix only adds its last few characters to a copy of that hash, and so does each accepted text.
 */
export function positionKeys(documentId: string, prefix: string, suffix: string, maxTyped: number): PositionKeys {
  const context = createHash("sha1");
  // Fixed-length fields first, so the variable-length prefix cannot shift one field's bytes into another.
  context.update(createHash("sha1").update(documentId, "utf16le").digest());
  context.update(createHash("sha1").update(suffix, "utf16le").digest());
  const walk = Math.min(maxTyped, prefix.length);
  const headLength = prefix.length - walk;
  context.update(prefix.slice(0, headLength), "utf16le");
  const typedAhead: string[] = [];
  for (let typedLength = 0; typedLength <= walk; typedLength++)
    typedAhead.push(digestWith(context, prefix.slice(headLength, prefix.length - typedLength)));
  const whole = context.copy().update(prefix.slice(headLength), "utf16le");
  return { typedAhead, after: (accepted) => digestWith(whole, accepted) };
}

function digestWith(head: Hash, tail: string): string {
  return head.copy().update(tail, "utf16le").digest("hex");
}
