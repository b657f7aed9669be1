import { randomUUID } from "node:crypto";
import type { Finding, Severity } from "../lint/types";
import { actionableFindings } from "./policy";
import { type OffsetRange, type TextChange, shiftRange } from "./trackedRange";

/**
 * shown: it was on screen (annotated) and not accepted; hidden: the policy kept it off screen;
 * accepted: its text is in the document; reviewed: the user looked at it and dismissed the risk.
 */
export type FlaggedState = "shown" | "hidden" | "accepted" | "reviewed";

export type FlaggedEvent = "accept" | "review";

export interface FlaggedRecord {
  readonly id: string;
  readonly documentUri: string;
  /** Where the suggestion starts in the document (UTF-16 offset when it was offered). */
  offset: number;
  suggestion: string;
  /** The actionable findings (severity above info) plus the advisory ones, in document coordinates when offered. */
  findings: Finding[];
  state: FlaggedState;
  /** Epoch milliseconds. */
  firstSeen: number;
  lastChanged: number;
  /** For accepted suggestions: the inserted code, kept up to date while the document is edited. */
  inserted?: OffsetRange;
}

export interface OfferedSuggestion {
  documentUri: string;
  offset: number;
  suggestion: string;
  findings: readonly Finding[];
  hidden: boolean;
}

const TRANSITIONS: Readonly<Record<FlaggedEvent, Partial<Record<FlaggedState, FlaggedState>>>> = {
  accept: { shown: "accepted", reviewed: "reviewed" },
  review: { shown: "reviewed", hidden: "reviewed", accepted: "reviewed", reviewed: "reviewed" },
};

/** The state after an event, or undefined when the event cannot happen in that state (a hidden suggestion cannot be accepted). */
export function nextState(state: FlaggedState, event: FlaggedEvent): FlaggedState | undefined {
  return TRANSITIONS[event][state];
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, low: 1, medium: 2, high: 3 };

/** The finding that names a record: the most severe, then the first in the code. */
export function leadFinding(record: Pick<FlaggedRecord, "findings">): Finding | undefined {
  let lead: Finding | undefined;
  for (const finding of record.findings)
    if (!lead || SEVERITY_RANK[finding.severity] > SEVERITY_RANK[lead.severity]) lead = finding;
  return lead;
}

export const DEFAULT_RECORD_LIMIT = 200;
const SERIALIZED_VERSION = 1;

/**
 * The flagged suggestions of a workspace, newest first, at most `limit` (the oldest are dropped).
 * The same suggestion offered again (VS Code asks on every keystroke, the cache answers) updates its record.
 */
export class FlaggedStore {
  private list: FlaggedRecord[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly limit = DEFAULT_RECORD_LIMIT,
    private readonly now: () => number = Date.now,
  ) {}

  get records(): readonly FlaggedRecord[] {
    return this.list;
  }

  get(id: string): FlaggedRecord | undefined {
    return this.list.find((record) => record.id === id);
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Records a suggestion with actionable findings; returns its record, or undefined when nothing is actionable. */
  offered(offer: OfferedSuggestion): FlaggedRecord | undefined {
    if (actionableFindings(offer.findings).length === 0) return undefined;
    const state: FlaggedState = offer.hidden ? "hidden" : "shown";
    const signature = findingsSignature(offer.findings);
    const time = this.now();
    const same = this.list.find(
      (r) =>
        r.documentUri === offer.documentUri &&
        (r.state === "shown" || r.state === "hidden") &&
        findingsSignature(r.findings) === signature,
    );
    if (same) {
      Object.assign(same, {
        offset: offer.offset,
        suggestion: offer.suggestion,
        findings: [...offer.findings],
        state,
        lastChanged: time,
      });
      this.moveToFront(same);
      this.changed();
      return same;
    }
    const record: FlaggedRecord = {
      id: randomUUID(),
      documentUri: offer.documentUri,
      offset: offer.offset,
      suggestion: offer.suggestion,
      findings: [...offer.findings],
      state,
      firstSeen: time,
      lastChanged: time,
    };
    this.list.unshift(record);
    this.list.length = Math.min(this.list.length, this.limit);
    this.changed();
    return record;
  }

  /** The suggestion's text was inserted at `inserted`; false when the record is unknown or cannot be accepted. */
  accepted(id: string, inserted: OffsetRange): boolean {
    const record = this.get(id);
    const state = record && nextState(record.state, "accept");
    if (!record || !state) return false;
    Object.assign(record, { state, inserted, lastChanged: this.now() });
    this.changed();
    return true;
  }

  reviewed(id: string): boolean {
    const record = this.get(id);
    const state = record && nextState(record.state, "review");
    if (!record || !state) return false;
    if (record.state !== state) {
      Object.assign(record, { state, lastChanged: this.now() });
      this.changed();
    }
    return true;
  }

  /** Moves the inserted code of this document's accepted records along with an edit. */
  edited(documentUri: string, changes: readonly TextChange[]): void {
    let moved = false;
    for (const record of this.list) {
      if (record.documentUri !== documentUri || !record.inserted) continue;
      const before = record.inserted;
      record.inserted = changes.reduce(shiftRange, before);
      moved ||= record.inserted.start !== before.start || record.inserted.end !== before.end;
    }
    if (moved) this.changed();
  }

  remove(id: string): void {
    const index = this.list.findIndex((record) => record.id === id);
    if (index < 0) return;
    this.list.splice(index, 1);
    this.changed();
  }

  clear(): void {
    if (this.list.length === 0) return;
    this.list = [];
    this.changed();
  }

  toJSON(): { version: number; records: FlaggedRecord[] } {
    return { version: SERIALIZED_VERSION, records: this.list };
  }

  /** Restores saved records; malformed entries (an older or damaged save) are dropped, the newest `limit` kept. */
  restore(saved: unknown): void {
    const records =
      isObject(saved) && saved.version === SERIALIZED_VERSION && Array.isArray(saved.records)
        ? saved.records.filter(isRecord)
        : [];
    this.list = records.slice(0, this.limit).map((record) => ({ ...record, findings: [...record.findings] }));
    this.changed();
  }

  private moveToFront(record: FlaggedRecord): void {
    this.list.splice(this.list.indexOf(record), 1);
    this.list.unshift(record);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

/** Identifies "the same suggestion" across typed-ahead characters: its findings stay at the same document positions. */
function findingsSignature(findings: readonly Finding[]): string {
  return actionableFindings(findings)
    .map((f) => `${f.ruleId}@${f.range.startLine}:${f.range.startColumn}`)
    .sort()
    .join(",");
}

const STATES: ReadonlySet<string> = new Set<FlaggedState>(["shown", "hidden", "accepted", "reviewed"]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function isRecord(value: unknown): value is FlaggedRecord {
  if (!isObject(value)) return false;
  const { id, documentUri, offset, suggestion, findings, state, firstSeen, lastChanged, inserted } = value;
  const validInserted =
    inserted === undefined ||
    (isObject(inserted) &&
      typeof inserted.start === "number" &&
      typeof inserted.end === "number" &&
      inserted.start <= inserted.end);
  return (
    typeof id === "string" &&
    typeof documentUri === "string" &&
    typeof offset === "number" &&
    typeof suggestion === "string" &&
    Array.isArray(findings) &&
    findings.every(isFinding) &&
    typeof state === "string" &&
    STATES.has(state) &&
    typeof firstSeen === "number" &&
    typeof lastChanged === "number" &&
    validInserted
  );
}

function isFinding(value: unknown): value is Finding {
  if (!isObject(value) || !isObject(value.range)) return false;
  const { ruleId, cwe, severity, message } = value;
  return (
    typeof ruleId === "string" &&
    typeof cwe === "number" &&
    typeof severity === "string" &&
    severity in SEVERITY_RANK &&
    typeof message === "string"
  );
}
