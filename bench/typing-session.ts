/**
 * A scripted editing session for the keystroke benchmark: a realistic module is open, and the user writes
 * new functions at its end character by character, with a typist's rhythm (seeded, so every run replays
 * the same keystrokes with the same pauses).
 */

/** The file as it is when the session starts; new code is typed where `█` is. */
const STARTING_FILE = `"""Inventory service: loads stock files, prices orders and writes reports."""
import csv
import json
import logging
import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta

log = logging.getLogger(__name__)

DEFAULTS = {"currency": "EUR", "tax_rate": 0.2, "low_stock": 5}
REPORT_DIR = os.environ.get("REPORT_DIR", "/var/lib/inventory/reports")


@dataclass
class Item:
    sku: str
    name: str
    price: float
    quantity: int = 0
    tags: list = field(default_factory=list)

    def total_value(self):
        """Value of the stock on hand."""
        return self.price * self.quantity

    def is_low(self, threshold):
        return self.quantity < threshold


def load_items(path):
    """Read items from a CSV file with columns sku, name, price, quantity."""
    items = []
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            items.append(Item(row["sku"], row["name"], float(row["price"]), int(row["quantity"])))
    log.info("loaded %d items from %s", len(items), path)
    return items


def index_by_sku(items):
    return {item.sku: item for item in items}


█


if __name__ == "__main__":
    main()
`;

/** What the user types, in order; `quick` runs only the first. */
const TYPED_FUNCTIONS = [
  `def load_config(path):
    """Read a JSON config file and fill in the defaults."""
    with open(path) as handle:
        config = json.load(handle)
    for key, value in DEFAULTS.items():
        config.setdefault(key, value)
    return config
`,
  `

def price_order(order, items, config):
    """Total price of an order (sku -> quantity) including tax."""
    by_sku = index_by_sku(items)
    subtotal = sum(by_sku[sku].price * qty for sku, qty in order.items())
    return round(subtotal * (1 + config["tax_rate"]), 2)
`,
  `

def low_stock_report(items, config):
    """Write the items that are running low to a dated CSV report."""
    low = [item for item in items if item.is_low(config["low_stock"])]
    name = datetime.now().strftime("low-stock-%Y%m%d.csv")
    with open(os.path.join(REPORT_DIR, name), "w", newline="") as handle:
        writer = csv.writer(handle)
        for item in low:
            writer.writerow([item.sku, item.name, item.quantity])
    return len(low)
`,
];

export interface Keystroke {
  /** Milliseconds since the previous keystroke (or since the suggestion it waited for was shown). */
  delayMs: number;
  text: string;
  offset: number;
  /** The user stops here and reads the suggestion before typing on (it is answered before the next key). */
  waitsForSuggestion: boolean;
}

export interface TypingSession {
  startText: string;
  startOffset: number;
  keystrokes: Keystroke[];
}

/** Deterministic PRNG (mulberry32) so the rhythm is the same in every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Keystrokes of a ~60 words-per-minute typist: 90–220 ms between characters; Enter inserts the newline and the
 * next line's indentation at once (the editor's auto-indent); a short pause after each line, a longer one
 * after a `def` line, and after each docstring the user stops to read the suggestion.
 */
export function typingSession(options: { functions: number; seed?: number }): TypingSession {
  const cursorMark = STARTING_FILE.indexOf("█");
  const before = STARTING_FILE.slice(0, cursorMark);
  const after = STARTING_FILE.slice(cursorMark + 1);
  const typed = TYPED_FUNCTIONS.slice(0, options.functions).join("");
  const next = random(options.seed ?? 7);
  const keystrokes: Keystroke[] = [];
  let position = 0;
  let delayMs = 2000; // the file was just opened: the user reads before typing
  while (position < typed.length) {
    const isEnter = typed[position] === "\n";
    let step = 1;
    if (isEnter) {
      while (typed[position + step] === " ") step++;
    }
    const finishedLine = typed.slice(typed.lastIndexOf("\n", position - 1) + 1, position).trim();
    position += step;
    keystrokes.push({
      delayMs: Math.round(delayMs),
      text: before + typed.slice(0, position) + after,
      offset: before.length + position,
      waitsForSuggestion: isEnter && finishedLine.endsWith('"""'),
    });
    delayMs = !isEnter ? 90 + next() * 130 : finishedLine.startsWith("def ") ? 1200 + next() * 800 : 300 + next() * 600;
  }
  return { startText: before + after, startOffset: before.length, keystrokes };
}
